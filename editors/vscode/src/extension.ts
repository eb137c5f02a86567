// The baogao extension: starts `baogao lsp` through vscode-languageclient,
// contributes the editor-side commands and the status bar item. Everything
// about reports (diagnostics, outline, completion, fixes) comes from the server.

import * as vscode from "vscode";
import {
  CloseAction,
  type CloseHandlerResult,
  type DocumentSelector,
  ErrorAction,
  type ErrorHandlerResult,
  ExecuteCommandRequest,
  type LanguageClientOptions,
  type Executable,
  LanguageClient,
  RevealOutputChannelOn,
  type ServerOptions,
  State,
  type StaticFeature,
  type DynamicFeature,
  TransportKind,
} from "vscode-languageclient/node";

import { probeServer, resolveServer, ServerNotFound } from "./server";
import { registerCommands, OWN_COMMANDS } from "./commands";
import { ReportStatus } from "./status";

const OUTPUT_NAME = "baogao";

/**
 * A LanguageClient that leaves the commands this extension implements itself
 * to the extension: vscode-languageclient registers a VS Code command for
 * every command the server lists in `executeCommandProvider`, which would
 * collide with `baogao.fixAll` and `baogao.listPlaceholders` here. Other server
 * commands (used by code actions) are still registered as usual.
 */
class BaogaoClient extends LanguageClient {
  override registerFeature(feature: StaticFeature | DynamicFeature<unknown>): void {
    const dynamic = feature as DynamicFeature<{ commands?: string[] }> & {
      registrationType?: { method: string };
    };
    if (dynamic.registrationType?.method === ExecuteCommandRequest.method) {
      const register = dynamic.register.bind(dynamic);
      dynamic.register = (data) =>
        register({
          ...data,
          registerOptions: {
            ...data.registerOptions,
            commands: (data.registerOptions.commands ?? []).filter(
              (c) => !OWN_COMMANDS.has(c),
            ),
          },
        });
    }
    super.registerFeature(feature);
  }

  /** The extension announces a failed start itself (once, with what to do). */
  override error(message: string, data?: unknown, showNotification?: boolean | "force"): void {
    super.error(message, data, showNotification === "force" ? false : showNotification);
  }
}

/** Settings that only the extension uses, not sent to the server. */
const CLIENT_ONLY = ["server", "trace", "languages", "filePatterns", "statusBar"];

/** The `baogao` section as the server expects it: no client-only keys, no "default" severities. */
export function serverSettings(raw: unknown): Record<string, unknown> {
  const value: Record<string, unknown> =
    raw && typeof raw === "object" ? { ...(raw as Record<string, unknown>) } : {};
  for (const key of CLIENT_ONLY) {
    delete value[key];
  }
  const rules = value.rules;
  if (rules && typeof rules === "object") {
    const kept: Record<string, unknown> = {};
    for (const [code, severity] of Object.entries(rules as Record<string, unknown>)) {
      if (typeof severity === "string" && severity !== "default") {
        kept[code] = severity;
      }
    }
    value.rules = kept;
  }
  return value;
}

export function documentSelector(): DocumentSelector {
  const config = vscode.workspace.getConfiguration("baogao");
  const languages = config.get<string[]>("languages", ["plaintext", "markdown"]);
  const patterns = config.get<string[]>("filePatterns", []).filter((p) => p.trim());
  const selector: { language: string; scheme: string; pattern?: string }[] = [];
  for (const language of languages) {
    if (patterns.length === 0) {
      selector.push({ language, scheme: "file" }, { language, scheme: "untitled" });
    } else {
      for (const pattern of patterns) {
        selector.push({ language, scheme: "file", pattern });
      }
    }
  }
  return selector;
}

export class Extension implements vscode.Disposable {
  client: LanguageClient | undefined;
  selector: DocumentSelector = documentSelector();
  readonly output: vscode.OutputChannel;
  readonly status: ReportStatus;
  private starting: Promise<void> | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  /** Set once a failure was announced: one notification, no loop. */
  private failed = false;

  constructor(readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel(OUTPUT_NAME);
    this.status = new ReportStatus(this);
    this.disposables.push(this.output, this.status);
  }

  isReport(document: vscode.TextDocument | undefined): boolean {
    return !!document && vscode.languages.match(this.selector, document) > 0;
  }

  get running(): boolean {
    return this.client?.state === State.Running;
  }

  /** Starts the client when a report is open (or when asked), once. */
  async ensureStarted(): Promise<void> {
    if (this.starting || this.failed) {
      return this.starting;
    }
    this.starting = this.start();
    return this.starting;
  }

  private async start(): Promise<void> {
    let command: string;
    let source: string;
    try {
      const server = resolveServer(this.context);
      command = server.command;
      source = server.source;
      const version = await probeServer(command);
      this.output.appendLine(`Using ${version || "baogao"} (${source}): ${command}`);
    } catch (e) {
      this.fail(e);
      return;
    }

    const run: Executable = { command, args: ["lsp"], transport: TransportKind.stdio };
    const serverOptions: ServerOptions = { run, debug: run };
    const config = vscode.workspace.getConfiguration("baogao");
    let restarts: number[] = [];
    const clientOptions: LanguageClientOptions = {
      documentSelector: this.selector,
      outputChannel: this.output,
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      traceOutputChannel: this.output,
      initializationOptions: serverSettings(config),
      synchronize: { configurationSection: "baogao" },
      middleware: {
        workspace: {
          configuration: async (params, token, next) => {
            const result = await next(params, token);
            if (!Array.isArray(result)) {
              return result;
            }
            return result.map((value, i) => {
              const section = params.items[i]?.section;
              return section === "baogao" ? serverSettings(value) : value;
            });
          },
        },
      },
      errorHandler: {
        error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue, handled: true }),
        closed: (): CloseHandlerResult => {
          // Restart after a crash at most twice in three minutes, then stop and say so once.
          const now = Date.now();
          restarts = restarts.filter((t) => now - t < 180_000);
          if (restarts.length < 2 && this.running) {
            restarts.push(now);
            this.output.appendLine("The baogao server stopped unexpectedly; restarting it.");
            return { action: CloseAction.Restart, handled: true };
          }
          this.fail(
            new Error(
              this.running
                ? `The baogao language server (${command}) stopped three times in three minutes. See the 'baogao' output for its messages.`
                : `The baogao language server (${command}) exited while starting. See the 'baogao' output for its messages.`,
            ),
          );
          return { action: CloseAction.DoNotRestart, handled: true };
        },
      },
      initializationFailedHandler: (error) => {
        this.fail(error);
        return false;
      },
    };

    const client = new BaogaoClient("baogao", "baogao", serverOptions, clientOptions);
    this.client = client;
    this.disposables.push(
      client.onDidChangeState((e) => {
        void vscode.commands.executeCommand(
          "setContext",
          "baogao.serverRunning",
          e.newState === State.Running,
        );
        this.status.refresh();
      }),
    );
    try {
      await client.start();
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.fail(
        new Error(
          `The baogao language server (${command}) did not start (${why}). See the 'baogao' output for its messages.`,
        ),
      );
      return;
    }
    this.status.refresh();
  }

  /** Announces a failure once, with what to do, and leaves the server stopped. */
  fail(error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.output.appendLine(`[error] ${message}`);
    if (error instanceof ServerNotFound) {
      this.output.appendLine(`Tried: ${error.tried.join(", ")}`);
    }
    if (this.failed) {
      return;
    }
    this.failed = true;
    void vscode.commands.executeCommand("setContext", "baogao.serverRunning", false);
    const help =
      "Install the platform-specific baogao .vsix (it ships the server), or `cargo install` baogao and put it on PATH, or set baogao.server.path; then run 'baogao: Restart Server'.";
    void vscode.window
      .showErrorMessage(`baogao: ${message.replace(/[.。]?$/, ".")} ${help}`, "Open Settings", "Show Output", "Restart")
      .then((choice) => {
        if (choice === "Open Settings") {
          void vscode.commands.executeCommand("workbench.action.openSettings", "baogao.server.path");
        } else if (choice === "Show Output") {
          this.output.show(true);
        } else if (choice === "Restart") {
          void this.restart();
        }
      });
  }

  async stop(): Promise<void> {
    const client = this.client;
    this.client = undefined;
    this.starting = undefined;
    if (client) {
      try {
        if (client.isRunning()) {
          await client.stop(5_000);
        }
        await client.dispose(2_000);
      } catch (e) {
        this.output.appendLine(`[warn] stopping the server: ${String(e)}`);
      }
    }
    this.status.refresh();
  }

  async restart(): Promise<void> {
    await this.stop();
    this.failed = false;
    this.selector = documentSelector();
    await this.ensureStarted();
  }

  /** Starts the server as soon as a report is open. */
  maybeStart(): void {
    const open =
      vscode.workspace.textDocuments.some((d) => this.isReport(d)) ||
      this.isReport(vscode.window.activeTextEditor?.document);
    if (open) {
      void this.ensureStarted();
    }
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

let extension: Extension | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const ext = new Extension(context);
  extension = ext;
  context.subscriptions.push(ext);
  registerCommands(context, ext);

  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(() => ext.maybeStart()),
    vscode.window.onDidChangeActiveTextEditor(() => ext.maybeStart()),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (
        e.affectsConfiguration("baogao.server.path") ||
        e.affectsConfiguration("baogao.languages") ||
        e.affectsConfiguration("baogao.filePatterns")
      ) {
        // A new binary or document selector needs a new client.
        void ext.restart();
      } else if (e.affectsConfiguration("baogao.statusBar")) {
        ext.status.refresh();
      }
    }),
  );
  ext.maybeStart();
}

export async function deactivate(): Promise<void> {
  await extension?.stop();
  extension = undefined;
}
