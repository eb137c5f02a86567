// The status bar item: placeholders left and 字数 of the active report,
// from the server's `baogao.stats`, refreshed ~300 ms after the last edit.

import * as vscode from "vscode";

import { type Stats, serverCommand } from "./commands";
import type { Extension } from "./extension";

const DEBOUNCE_MS = 300;

export class ReportStatus implements vscode.Disposable {
  private readonly item: vscode.StatusBarItem;
  private readonly disposables: vscode.Disposable[] = [];
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** Counts requests so a slow answer for an old state is dropped. */
  private generation = 0;
  private lastError = "";

  constructor(private readonly ext: Extension) {
    this.item = vscode.window.createStatusBarItem("baogao.status", vscode.StatusBarAlignment.Right, 100);
    this.item.name = "baogao 报告统计";
    this.item.command = "baogao.listPlaceholders";
    this.disposables.push(
      this.item,
      vscode.window.onDidChangeActiveTextEditor(() => this.refresh()),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document === vscode.window.activeTextEditor?.document && e.contentChanges.length > 0) {
          this.schedule();
        }
      }),
      vscode.workspace.onDidCloseTextDocument(() => this.schedule()),
    );
  }

  /** Updates now (after a switch of editor or a server start). */
  refresh(): void {
    this.schedule(0);
  }

  schedule(delay = DEBOUNCE_MS): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.update();
    }, delay);
  }

  private async update(): Promise<void> {
    const generation = ++this.generation;
    const document = vscode.window.activeTextEditor?.document;
    const enabled = vscode.workspace.getConfiguration("baogao").get<boolean>("statusBar.enable", true);
    const report = this.ext.isReport(document);
    void vscode.commands.executeCommand("setContext", "baogao.activeReport", report);
    if (!enabled || !document || !report || !this.ext.running) {
      this.item.hide();
      return;
    }
    let stats: Stats | null;
    try {
      stats = await serverCommand<Stats | null>(this.ext, "baogao.stats", document);
    } catch (e) {
      if (generation === this.generation) {
        this.item.hide();
      }
      const message = `[warn] baogao.stats: ${e instanceof Error ? e.message : String(e)}`;
      if (message !== this.lastError) {
        this.lastError = message;
        this.ext.output.appendLine(message);
      }
      return;
    }
    if (generation !== this.generation || !stats) {
      return;
    }
    const n = stats.placeholders ?? 0;
    const chars = (stats.chars ?? 0).toLocaleString("zh-CN");
    this.item.text = `${n > 0 ? "$(warning)" : "$(check)"} 占位符 ${n} · 字数 ${chars}`;
    this.item.tooltip = new vscode.MarkdownString(
      `**baogao**：${n} 个占位符待填写，字数 ${chars}，标题 ${stats.headings ?? 0} 个。\n\n点击列出占位符。`,
    );
    this.item.show();
  }

  dispose(): void {
    if (this.timer) {
      clearTimeout(this.timer);
    }
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}
