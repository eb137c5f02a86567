// Builds the release server, bundles the extension and packages a
// platform-specific .vsix holding the server as server/baogao.
//
//   npm run package                    # linux-x64 (the default)
//   npm run package -- darwin-arm64    # another VS Code target
//   BAOGAO_TARGET=linux-arm64 npm run package
//   BAOGAO_SERVER=/path/to/baogao npm run package   # use a prebuilt binary, skip cargo
//
// For the host's own target it runs `cargo build --release` at the
// repository root (the default target directory); for another one it runs
// `cargo build --release --target <triple>`, which needs that Rust target
// and linker installed.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const root = path.resolve(here, "../..");

const TRIPLES = {
  "linux-x64": "x86_64-unknown-linux-gnu",
  "linux-arm64": "aarch64-unknown-linux-gnu",
  "linux-armhf": "armv7-unknown-linux-gnueabihf",
  "alpine-x64": "x86_64-unknown-linux-musl",
  "alpine-arm64": "aarch64-unknown-linux-musl",
  "darwin-x64": "x86_64-apple-darwin",
  "darwin-arm64": "aarch64-apple-darwin",
  "win32-x64": "x86_64-pc-windows-msvc",
  "win32-arm64": "aarch64-pc-windows-msvc",
};

function hostTarget() {
  const arch = { x64: "x64", arm64: "arm64", arm: "armhf" }[process.arch];
  return `${process.platform}-${arch}`;
}

const target = process.argv[2] || process.env.BAOGAO_TARGET || "linux-x64";
if (!TRIPLES[target]) {
  console.error(`unknown target ${target}; one of: ${Object.keys(TRIPLES).join(", ")}`);
  process.exit(2);
}
const exe = target.startsWith("win32") ? "baogao.exe" : "baogao";

function run(cmd, args, cwd) {
  console.log(`$ ${cmd} ${args.join(" ")}   (in ${path.relative(process.cwd(), cwd) || "."})`);
  execFileSync(cmd, args, { cwd, stdio: "inherit", shell: process.platform === "win32" });
}

// 1. The server.
let binary = process.env.BAOGAO_SERVER;
if (binary) {
  binary = path.resolve(binary);
} else if (target === hostTarget()) {
  run("cargo", ["build", "--release", "--locked"], root);
  binary = path.join(root, "target", "release", exe);
} else {
  const triple = TRIPLES[target];
  run("cargo", ["build", "--release", "--locked", "--target", triple], root);
  binary = path.join(root, "target", triple, "release", exe);
}
if (!fs.existsSync(binary)) {
  console.error(`no server binary at ${binary}`);
  process.exit(1);
}
fs.rmSync(path.join(here, "server"), { recursive: true, force: true });
fs.mkdirSync(path.join(here, "server"));
const shipped = path.join(here, "server", exe);
fs.copyFileSync(binary, shipped);
fs.chmodSync(shipped, 0o755);
// Release builds keep symbols; strip them from the shipped copy where a
// strip for this target is at hand (5x smaller package).
if (target === hostTarget() && process.platform === "linux") {
  try {
    execFileSync("strip", [shipped], { stdio: "inherit" });
  } catch {
    console.log("(strip not available: shipping the binary unstripped)");
  }
}

// 2. The extension bundle.
run(process.execPath, [path.join("scripts", "build.mjs")], here);

// 3. The .vsix: baogao-<target>-<version>.vsix.
const version = JSON.parse(fs.readFileSync(path.join(here, "package.json"), "utf8")).version;
const out = `baogao-${target}-${version}.vsix`;
run(
  process.execPath,
  [path.join("node_modules", "@vscode", "vsce", "vsce"), "package", "--no-dependencies", "--allow-missing-repository", "--no-rewrite-relative-links", "--target", target, "--out", out],
  here,
);
console.log(`packaged ${path.join(here, out)}`);
