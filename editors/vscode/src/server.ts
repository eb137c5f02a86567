// Finding the baogao binary: the one shipped in the extension, a configured
// path, or `baogao` on PATH, and checking that it runs before the language
// client starts it (so a missing or broken binary gives one clear message).

import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";

export interface ResolvedServer {
  command: string;
  /** Where it came from, for messages: "bundled", "setting" or "PATH". */
  source: "bundled" | "setting" | "PATH";
  version?: string;
}

export class ServerNotFound extends Error {
  constructor(
    message: string,
    readonly tried: string[],
  ) {
    super(message);
  }
}

const EXE = process.platform === "win32" ? "baogao.exe" : "baogao";

function isExecutable(file: string): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    fs.accessSync(file, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binary shipped in `server/`; restores its executable bit if an unzip lost it. */
function bundled(context: vscode.ExtensionContext): string | undefined {
  const file = context.asAbsolutePath(path.join("server", EXE));
  if (!fs.existsSync(file)) {
    return undefined;
  }
  if (!isExecutable(file) && process.platform !== "win32") {
    try {
      fs.chmodSync(file, 0o755);
    } catch {
      // Reported below as a binary that does not run.
    }
  }
  return file;
}

function onPath(): string | undefined {
  const dirs = (process.env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const dir of dirs) {
    const file = path.join(dir, EXE);
    if (isExecutable(file)) {
      return file;
    }
  }
  return undefined;
}

function expandHome(p: string): string {
  if (p === "~" || p.startsWith("~/")) {
    return path.join(process.env.HOME ?? process.env.USERPROFILE ?? "", p.slice(1));
  }
  return p;
}

/**
 * The explicit `baogao.server.path` setting wins when set (so a user can try
 * another build); otherwise the bundled binary, otherwise PATH.
 */
export function resolveServer(context: vscode.ExtensionContext): ResolvedServer {
  const tried: string[] = [];
  const configured = vscode.workspace
    .getConfiguration("baogao")
    .get<string>("server.path", "")
    .trim();
  if (configured) {
    let file = expandHome(configured);
    if (!path.isAbsolute(file) && vscode.workspace.workspaceFolders?.length) {
      file = path.join(vscode.workspace.workspaceFolders[0].uri.fsPath, file);
    }
    if (!fs.existsSync(file)) {
      throw new ServerNotFound(
        `baogao.server.path points to ${file}, which does not exist.`,
        [file],
      );
    }
    return { command: file, source: "setting" };
  }
  const inside = bundled(context);
  if (inside) {
    return { command: inside, source: "bundled" };
  }
  tried.push(context.asAbsolutePath(path.join("server", EXE)));
  const found = onPath();
  if (found) {
    return { command: found, source: "PATH" };
  }
  tried.push(`${EXE} on PATH`);
  throw new ServerNotFound(
    "The baogao language server was not found: this extension package has no bundled server, baogao.server.path is not set and there is no baogao on PATH.",
    tried,
  );
}

/** Runs `baogao --version`; rejects with a readable reason if the binary does not run. */
export function probeServer(command: string): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, ["--version"], { timeout: 10_000 }, (error, stdout, stderr) => {
      if (error) {
        const code = (error as NodeJS.ErrnoException).code;
        let why = error.message;
        if (code === "EACCES") {
          why = "it is not executable (chmod +x it)";
        } else if (code === "ENOEXEC" || code === "UNKNOWN") {
          why = "it is not a program for this platform";
        } else if (code === "ENOENT") {
          why = "it does not exist";
        } else if (stderr) {
          why = `${why.split("\n")[0]}: ${stderr.trim().split("\n").slice(-3).join(" ")}`;
        }
        reject(new Error(`${command} --version failed: ${why}`));
        return;
      }
      resolve(stdout.trim());
    });
  });
}
