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
  await editor.locator(".view-lines").click({ position: { x: 400, y: 5 } });
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
  // Hover the numbering gap to show the server's hover and the diagnostic.
  await page.waitForTimeout(300);
  await shot("overview");
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

await finish();
