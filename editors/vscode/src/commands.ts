// Editor-side commands. `baogao.fixAll` and `baogao.listPlaceholders` share
// their IDs with the server's workspace/executeCommand commands on purpose:
// the client does not auto-register those two (see BaogaoClient), and these
// handlers accept the server's argument shape ([uri]) too, so a code action
// whose command is `baogao.fixAll` with [uri] lands here and works.

import * as vscode from "vscode";
import { ExecuteCommandRequest } from "vscode-languageclient/node";
import type * as lsp from "vscode-languageclient/node";

import type { Extension } from "./extension";

export const OWN_COMMANDS = new Set([
  "baogao.restartServer",
  "baogao.fixAll",
  "baogao.listPlaceholders",
  "baogao.nextPlaceholder",
  "baogao.showOutline",
]);

export interface Placeholder {
  range: lsp.Range;
  text: string;
  description?: string;
}

export interface Stats {
  placeholders: number;
  chars: number;
  headings: number;
}

/** Sends `workspace/executeCommand` for `command` with the document's URI. */
export async function serverCommand<T>(
  ext: Extension,
  command: string,
  document: vscode.TextDocument,
): Promise<T> {
  await ext.ensureStarted();
  const client = ext.client;
  if (!client || !ext.running) {
    throw new Error("the baogao language server is not running");
  }
  const uri = client.code2ProtocolConverter.asUri(document.uri);
  return (await client.sendRequest(ExecuteCommandRequest.type, {
    command,
    arguments: [uri],
  })) as T;
}

/** The document a command acts on: a URI argument from a code action, else the active editor. */
async function targetDocument(
  ext: Extension,
  arg: unknown,
): Promise<vscode.TextDocument | undefined> {
  if (typeof arg === "string" || arg instanceof vscode.Uri) {
    const uri = typeof arg === "string" ? vscode.Uri.parse(arg) : arg;
    return vscode.workspace.openTextDocument(uri);
  }
  const document = vscode.window.activeTextEditor?.document;
  if (!document || !ext.isReport(document)) {
    void vscode.window.showInformationMessage(
      "baogao: open a report (a plain-text or Markdown file) first.",
    );
    return undefined;
  }
  return document;
}

export async function listPlaceholders(
  ext: Extension,
  document: vscode.TextDocument,
): Promise<{ range: vscode.Range; text: string; description?: string }[]> {
  const list = (await serverCommand<Placeholder[] | null>(ext, "baogao.listPlaceholders", document)) ?? [];
  const p2c = ext.client!.protocol2CodeConverter;
  return list.map((p) => ({ ...p, range: p2c.asRange(p.range) }));
}

async function reveal(document: vscode.TextDocument, range: vscode.Range): Promise<void> {
  const editor = await vscode.window.showTextDocument(document, { preserveFocus: false });
  editor.selection = new vscode.Selection(range.start, range.end);
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

function reportError(what: string, e: unknown): void {
  const message = e instanceof Error ? e.message : String(e);
  void vscode.window.showErrorMessage(`baogao: ${what} failed: ${message}`);
}

export function registerCommands(context: vscode.ExtensionContext, ext: Extension): void {
  const register = (id: string, handler: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, handler));

  register("baogao.restartServer", async () => {
    ext.output.appendLine("Restarting the baogao server (baogao.restartServer).");
    await ext.restart();
    if (ext.running) {
      vscode.window.setStatusBarMessage("baogao: server restarted", 3000);
    }
  });

  register("baogao.fixAll", async (arg?: unknown) => {
    const document = await targetDocument(ext, arg);
    if (!document) {
      return;
    }
    try {
      const result = await serverCommand<{ applied?: number } | null>(ext, "baogao.fixAll", document);
      const n = result?.applied ?? 0;
      vscode.window.setStatusBarMessage(
        n > 0 ? `baogao: 已修复 ${n} 处` : "baogao: 没有可自动修复的问题",
        4000,
      );
      return result;
    } catch (e) {
      reportError("fix all", e);
    }
  });

  register("baogao.listPlaceholders", async (arg?: unknown) => {
    const document = await targetDocument(ext, arg);
    if (!document) {
      return;
    }
    let placeholders;
    try {
      placeholders = await listPlaceholders(ext, document);
    } catch (e) {
      reportError("listing placeholders", e);
      return;
    }
    if (placeholders.length === 0) {
      void vscode.window.showInformationMessage("baogao: 没有未填写的占位符。");
      return;
    }
    type Item = vscode.QuickPickItem & { range: vscode.Range };
    const items: Item[] = placeholders.map((p) => ({
      label: p.text,
      description: `第 ${p.range.start.line + 1} 行`,
      detail: lineText(document, p.range) + (p.description ? ` — ${p.description}` : ""),
      range: p.range,
    }));
    const pick = vscode.window.createQuickPick<Item>();
    pick.title = `baogao: ${items.length} 个占位符待填写`;
    pick.placeholder = "选择一个占位符以跳转";
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.items = items;
    const original = vscode.window.activeTextEditor;
    const originalSelection = original?.selection;
    let accepted = false;
    pick.onDidChangeActive((active) => {
      // Preview while moving through the list, without taking focus.
      const item = active[0];
      if (item && original && original.document === document) {
        original.revealRange(item.range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
    });
    pick.onDidAccept(async () => {
      const item = pick.selectedItems[0];
      accepted = true;
      pick.hide();
      if (item) {
        await reveal(document, item.range);
      }
    });
    pick.onDidHide(() => {
      if (!accepted && original && originalSelection) {
        original.revealRange(originalSelection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
      pick.dispose();
    });
    pick.show();
  });

  register("baogao.nextPlaceholder", async () => {
    const editor = vscode.window.activeTextEditor;
    if (!editor || !ext.isReport(editor.document)) {
      void vscode.window.showInformationMessage("baogao: open a report first.");
      return;
    }
    let placeholders;
    try {
      placeholders = await listPlaceholders(ext, editor.document);
    } catch (e) {
      reportError("finding the next placeholder", e);
      return;
    }
    if (placeholders.length === 0) {
      vscode.window.setStatusBarMessage("baogao: 没有未填写的占位符", 3000);
      return;
    }
    placeholders.sort((a, b) => a.range.start.compareTo(b.range.start));
    const cursor = editor.selection.start;
    const next = placeholders.find((p) => p.range.start.isAfter(cursor)) ?? placeholders[0];
    const wrapped = !next.range.start.isAfter(cursor);
    await reveal(editor.document, next.range);
    if (wrapped) {
      vscode.window.setStatusBarMessage("baogao: 已回到第一个占位符", 3000);
    }
  });

  register("baogao.showOutline", async () => {
    await vscode.commands.executeCommand("outline.focus");
  });
}

function lineText(document: vscode.TextDocument, range: vscode.Range): string {
  const text = document.lineAt(range.start.line).text.trim();
  return text.length > 60 ? `${text.slice(0, 60)}…` : text;
}
