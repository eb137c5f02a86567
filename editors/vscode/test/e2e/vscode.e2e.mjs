// Drives code-server (real VS Code in a browser) with headless Chromium:
// opens the fixture report and checks what the baogao extension and server
// show. Run through ../run-e2e.sh, which starts code-server and sets:
//   BAOGAO_URL          the workbench URL with ?folder=
//   BAOGAO_SCREENSHOTS  where to write PNGs
import * as fs from "node:fs";
import * as path from "node:path";
import { chromium } from "playwright-core";

const url = process.env.BAOGAO_URL;
const shots = process.env.BAOGAO_SCREENSHOTS ?? "screenshots";
if (!url) {
  console.error("BAOGAO_URL is not set: run test/run-e2e.sh");
  process.exit(2);
}
fs.mkdirSync(shots, { recursive: true });

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});
const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
page.setDefaultTimeout(30_000);
const consoleErrors = [];
page.on("console", (m) => {
  if (m.type() === "error") consoleErrors.push(m.text());
});

const results = [];
async function check(name, fn, { fatal = false } = {}) {
  const t0 = Date.now();
  try {
    await fn();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    results.push({ name, ok: false });
    console.log(`FAIL ${name}: ${e?.message?.split("\n").slice(0, 6).join("\n     ") ?? e}`);
    await shot(`fail-${name.replace(/[^a-z0-9]+/gi, "-")}`).catch(() => {});
    if (fatal) {
      await finish();
    }
  }
}

async function shot(name) {
  await page.screenshot({ path: path.join(shots, `${name}.png`) });
}

async function finish() {
  const passed = results.filter((r) => r.ok).length;
  const failed = results.length - passed;
  if (failed && consoleErrors.length) {
    console.log("browser console errors (last 10):");
    for (const e of consoleErrors.slice(-10)) console.log(`  ${e.slice(0, 300)}`);
  }
  await browser.close();
  console.log(`vscode-e2e: ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

const workbench = page.locator(".monaco-workbench");
const editor = page.locator(".editor-instance .monaco-editor").first();
const statusbar = page.locator("#workbench\\.parts\\.statusbar");
const sidebar = page.locator("#workbench\\.parts\\.sidebar");

/** Runs a command from the command palette by its title. */
async function runCommand(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`>${title}`);
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: title }).first();
  await row.waitFor({ state: "visible" });
  await page.keyboard.press("Enter");
}

async function focusEditor() {
  await page.keyboard.press("Escape");
  await page.keyboard.press("Control+1"); // View: Focus First Editor Group
  await page.waitForFunction(() => !!document.activeElement?.closest(".editor-instance .monaco-editor"), null, { timeout: 5_000 });
}

async function gotoLine(line) {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible" });
  await input.fill(`:${line}`);
  await page.keyboard.press("Enter");
  await input.waitFor({ state: "hidden" });
}

await check(
  "workbench loads",
  async () => {
    await page.goto(url);
    await workbench.waitFor({ state: "visible", timeout: 60_000 });
    await page.locator(".explorer-folders-view .monaco-list-row", { hasText: "report.txt" }).waitFor({ timeout: 60_000 });
  },
  { fatal: true },
);

await check(
  "open report.txt with Quick Open",
  async () => {
    await page.keyboard.press("Control+P");
    const input = page.locator(".quick-input-widget input");
    await input.waitFor({ state: "visible" });
    await input.fill("report.txt");
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "report.txt" }).first().waitFor();
    await page.keyboard.press("Enter");
    await editor.locator(".view-line", { hasText: "主要工作" }).waitFor();
  },
  { fatal: true },
);

await check("Problems panel lists baogao's diagnostics", async () => {
  await page.keyboard.press("Control+Shift+M");
  const markers = page.locator(".markers-panel");
  await markers.waitFor({ state: "visible" });
  // Pull or push: the first analysis may take a moment while the server starts.
  await markers.getByText("占位符“XX”尚未填写").first().waitFor({ timeout: 45_000 });
  await markers.getByText(/编号跳跃：（一）之后应为（二），此处为（三）/).first().waitFor();
  const text = await markers.innerText();
  if (!/baogao/.test(text)) throw new Error(`no "baogao" source in the Problems panel:\n${text}`);
  if (!/numbering-gap/.test(text)) throw new Error(`no numbering-gap code in the Problems panel:\n${text}`);
  const count = (text.match(/占位符“XX”尚未填写/g) ?? []).length;
  if (count !== 2) throw new Error(`expected 2 placeholder diagnostics, saw ${count}:\n${text}`);
  // Squiggles in the editor itself.
  await editor.locator(".squiggly-warning").first().waitFor();
  await shot("problems");
});

await check("status bar shows placeholders and 字数", async () => {
  await statusbar.getByText(/占位符 2 · 字数 \d+/).waitFor({ timeout: 20_000 });
});

await check("Outline view shows the report's headings (baogao: Show Report Outline)", async () => {
  await runCommand("baogao: Show Report Outline");
  // Give the Outline the sidebar's height: collapse the folder section above it.
  const folders = sidebar.locator(".pane-header").first();
  if ((await folders.getAttribute("aria-expanded")) === "true") {
    await folders.click();
  }
  for (const heading of ["主要工作", "粮食生产稳中有增", "存在问题", "人才支撑不足", "下一步工作安排"]) {
    await sidebar.locator(".monaco-list-row", { hasText: heading }).first().waitFor();
  }
  // Nested: （一） sits under 一、 (the tree is expandable, so rows have a level).
  const child = sidebar.locator('.monaco-list-row[aria-level="3"]', { hasText: "粮食生产稳中有增" });
  const parent = sidebar.locator('.monaco-list-row[aria-level="2"]', { hasText: "主要工作" });
  await child.first().waitFor({ timeout: 5_000 }).catch(async () => {
    const level = await sidebar.locator(".monaco-list-row", { hasText: "粮食生产稳中有增" }).first().getAttribute("aria-level");
    const plevel = await sidebar.locator(".monaco-list-row", { hasText: "主要工作" }).first().getAttribute("aria-level");
    if (!(Number(level) > Number(plevel))) {
      throw new Error(`outline is flat: 主要工作 level ${plevel}, 粮食生产稳中有增 level ${level}`);
    }
  });
  void parent;
  await shot("outline");
});

await check("overview screenshot", async () => {
  await focusEditor();
  await gotoLine(12);
  // Hover the numbering gap: the diagnostic and the server's hover.
  const line = editor.locator(".view-line", { hasText: "人才支撑不足" }).first();
  const box = await line.boundingBox();
  if (!box) throw new Error("line 12 is not on screen");
  await page.waitForTimeout(300);
  await shot("overview");
  await page.mouse.move(box.x + 12, box.y + box.height / 2);
  await page.locator(".monaco-hover", { hasText: "编号跳跃" }).first().waitFor({ state: "visible", timeout: 10_000 });
  await page.waitForTimeout(300);
  await shot("hover");
  await page.mouse.move(5, 450);
});

await check("next placeholder (baogao: Go to Next Placeholder) wraps from the last", async () => {
  await focusEditor();
  await page.keyboard.press("Control+Home");
  await runCommand("baogao: Go to Next Placeholder");
  await statusbar.getByText(/Ln 5, Col 19 \(2 selected\)/).waitFor({ timeout: 10_000 });
  await runCommand("baogao: Go to Next Placeholder");
  await statusbar.getByText(/Ln 1, Col 3 \(2 selected\)/).waitFor({ timeout: 10_000 });
});

await check("list placeholders (baogao: List Placeholders) jumps to the pick", async () => {
  await runCommand("baogao: List Placeholders");
  const rows = page.locator(".quick-input-list .monaco-list-row");
  await rows.filter({ hasText: "第 5 行" }).first().waitFor();
  const n = await rows.count();
  if (n !== 2) throw new Error(`expected 2 placeholders in the list, saw ${n}`);
  await shot("placeholders");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await statusbar.getByText(/Ln 5, Col 19 \(2 selected\)/).waitFor({ timeout: 10_000 });
});

await check("the placeholder quick fix runs the client's list (shared command ID)", async () => {
  // The cursor is on the placeholder of line 5; the server's quick fix carries
  // the command baogao.listPlaceholders [uri], which the extension handles.
  await page.keyboard.press("Control+.");
  const action = page.locator(".action-widget .monaco-list-row", { hasText: "列出本文的全部占位符" }).first();
  await action.waitFor({ state: "visible", timeout: 10_000 });
  await shot("quickfix");
  // Move the focus to it with the keyboard (the widget's rows do not take clicks reliably).
  const focused = page.locator(".action-widget .monaco-list-row.focused");
  for (let i = 0; i < 10 && !/列出本文的全部占位符/.test((await focused.textContent().catch(() => "")) ?? ""); i++) {
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Enter");
  try {
    await page.locator(".quick-input-list .monaco-list-row", { hasText: "第 5 行" }).first().waitFor({ timeout: 10_000 });
  } finally {
    await page.keyboard.press("Escape");
  }
});

await check("completion offers the next heading number （三）", async () => {
  await focusEditor();
  await gotoLine(7);
  await page.keyboard.press("End");
  await page.keyboard.press("Enter");
  await page.keyboard.press("Control+Space");
  const suggest = page.locator(".editor-widget.suggest-widget");
  await suggest.waitFor({ state: "visible", timeout: 15_000 });
  await suggest.locator(".monaco-list-row", { hasText: "（三）" }).first().waitFor({ timeout: 15_000 });
  await shot("completion");
  await page.keyboard.press("Escape");
});

await check("status bar follows typing", async () => {
  // The cursor is on the new empty line 8: a new placeholder raises the count.
  await page.keyboard.type("新增XX项");
  await statusbar.getByText(/占位符 3 · 字数 \d+/).waitFor({ timeout: 10_000 });
  await page.keyboard.press("Control+Z");
  await page.keyboard.press("Control+Z");
  await statusbar.getByText(/占位符 2 · 字数 \d+/).waitFor({ timeout: 10_000 });
});

await check("fix all (baogao: Fix All Numbering) renumbers （三） to （二）", async () => {
  await focusEditor();
  await runCommand("baogao: Fix All Numbering");
  await editor.locator(".view-line", { hasText: "（二）人才支撑不足" }).waitFor({ timeout: 10_000 });
  const markers = page.locator(".markers-panel");
  await markers.getByText(/编号跳跃/).first().waitFor({ state: "detached", timeout: 10_000 });
  await shot("fixed");
});

await check("restart server (baogao: Restart Server) brings diagnostics back", async () => {
  await runCommand("baogao: Restart Server");
  await page.waitForTimeout(1000);
  await page.locator(".markers-panel").getByText("占位符“XX”尚未填写").first().waitFor({ timeout: 20_000 });
  await statusbar.getByText(/占位符 2 · 字数 \d+/).waitFor({ timeout: 20_000 });
});

await check("no baogao error notification", async () => {
  const toasts = page.locator(".notifications-toasts .notification-toast", { hasText: "baogao" });
  const n = await toasts.count();
  if (n > 0) throw new Error(`notification: ${await toasts.first().innerText()}`);
});

// A server that crashes at start: one clear notification, no restart loop.
// The setting is changed in the Settings editor, as a user would.
// (baogao.server.path is machine-overridable, so code-server shows it
// under the Remote tab.)
async function setServerPath(value) {
  await runCommand("Preferences: Open Settings (UI)");
  const settings = page.locator(".settings-editor");
  await settings.waitFor({ state: "visible" });
  await page.keyboard.press("Control+A");
  await page.keyboard.type("baogao.server.path");
  // A machine-overridable setting: in code-server it lives in the Remote (machine) settings.
  await settings.locator(".settings-tabs-widget .action-label", { hasText: "Remote" }).first().click();
  const row = settings.locator(".setting-item-contents", { hasText: "Server: Path" }).first();
  await row.waitFor({ state: "visible" });
  const input = row.locator("input").first();
  await input.fill(value);
  await input.press("Tab");
  await page.waitForTimeout(500);
  // Close the Settings editor; the report is active again.
  await page.locator(".tabs-container .tab", { hasText: "Settings" }).locator(".codicon-close").click();
  await editor.locator(".view-line", { hasText: "主要工作" }).waitFor();
}

const toasts = page.locator(".notifications-toasts .notification-toast", { hasText: "baogao" });
const broken = path.join(shots, "..", "broken-baogao");
await check("a broken server binary gives one notification, no restart loop", async () => {
  fs.writeFileSync(
    broken,
    '#!/bin/sh\nif [ "$1" = --version ]; then echo "baogao 0.0.0"; exit 0; fi\necho "broken on purpose" >&2\nexit 3\n',
    { mode: 0o755 },
  );
  await setServerPath(broken);
  await toasts.first().waitFor({ state: "visible", timeout: 20_000 });
  await page.waitForTimeout(5_000);
  const n = await toasts.count();
  const text = await toasts.first().innerText();
  await shot("broken-server");
  if (n !== 1) throw new Error(`expected one baogao notification, saw ${n}`);
  if (!/Restart Server|server\.path/.test(text)) throw new Error(`the notification does not say what to do: ${text}`);
});

await check("clearing the setting brings the bundled server back", async () => {
  await runCommand("Notifications: Clear All Notifications");
  await setServerPath("");
  await page.locator(".markers-panel").getByText("占位符“XX”尚未填写").first().waitFor({ timeout: 30_000 });
  await statusbar.getByText(/占位符 2 · 字数 \d+/).waitFor({ timeout: 20_000 });
  if ((await toasts.count()) !== 0) throw new Error("a baogao notification is still shown");
});
fs.rmSync(broken, { force: true });

await finish();
