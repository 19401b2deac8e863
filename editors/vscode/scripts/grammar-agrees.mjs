// Checks the TextMate grammar against the parser on every example report, with the same
// TextMate engine VS Code uses (vscode-textmate 9 + oniguruma):
//
//   - every line is tokenised within the time limit (no runaway regex);
//   - every narrative number that `jslint numbers` lists is one `meta.number` token of the
//     grammar, with the same text (figure, unit or %);
//   - every malformed number that `jslint check` reports (JL002, two decimal points) is exactly
//     one `invalid.illegal.malformed-number` token, and the grammar marks no other.
//
// The unit tests in grammar/tests/*.test.jsmd pin the scopes; this pins the agreement with the
// parser on real reports, so a change to either side that breaks it is caught.
//
// Usage: node scripts/grammar-agrees.mjs [FILE.jsmd …]   (default: ../../examples/*.jsmd)
//   JSLINT  the jslint binary (default: ../../target/debug/jslint)
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const vsctm = require("vscode-textmate");
const oniguruma = require("vscode-oniguruma");

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = resolve(here, "..", "..", "..");
const grammarPath = join(repoRoot, "grammar", "jsmd.tmLanguage.json");
const jslint = resolve(process.env.JSLINT ?? join(repoRoot, "target", "debug", "jslint"));
const files = process.argv.slice(2).length
  ? process.argv.slice(2).map((f) => resolve(f))
  : readdirSync(join(repoRoot, "examples"))
      .filter((f) => f.endsWith(".jsmd"))
      .map((f) => join(repoRoot, "examples", f));

const wasm = readFileSync(require.resolve("vscode-oniguruma/release/onig.wasm"));
await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
const registry = new vsctm.Registry({
  onigLib: Promise.resolve({
    createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s) => new oniguruma.OnigString(s),
  }),
  loadGrammar: async (scopeName) =>
    scopeName === "text.jsmd"
      ? vsctm.parseRawGrammar(readFileSync(grammarPath, "utf8"), grammarPath)
      : null,
});
const grammar = await registry.loadGrammar("text.jsmd");

let passed = 0;
let failed = 0;
function check(ok, what) {
  if (ok) {
    passed++;
  } else {
    failed++;
    console.log(`FAIL ${what}`);
  }
}

/** Tokens of every line: [{ start, end, scopes }], offsets in UTF-16 units. */
function tokenize(text, name) {
  const lines = text.split(/\r\n|\r|\n/);
  let state = vsctm.INITIAL;
  const slow = [];
  const tokens = lines.map((line, i) => {
    const r = grammar.tokenizeLine(line, state, 1000);
    if (r.stoppedEarly) slow.push(i + 1);
    state = r.ruleStack;
    return r.tokens.map((t) => ({ start: t.startIndex, end: t.endIndex, scopes: t.scopes }));
  });
  check(slow.length === 0, `${name}: every line is tokenised within 1 s (not: ${slow.join(", ")})`);
  return tokens;
}

/** A 1-based column in characters (code points) → a 0-based UTF-16 offset in `line`. */
function utf16(line, column) {
  return [...line].slice(0, column - 1).join("").length;
}

const has = (token, prefix) => token?.scopes.some((s) => s === prefix || s.startsWith(`${prefix}.`));

/**
 * `jslint numbers FILE`: "path:line:col  TEXT  what it is linked to". TEXT may itself hold
 * spaces (`5   辆`), so it is the longest prefix of the rest that is also the source there.
 */
function parserNumbers(file, lines) {
  const out = execFileSync(jslint, ["numbers", file], { encoding: "utf8", maxBuffer: 1 << 26 });
  return out
    .split("\n")
    .map((l) => l.match(/^.*?:(\d+):(\d+)  (.*)$/))
    .filter(Boolean)
    .map((m) => {
      const line = Number(m[1]);
      const column = Number(m[2]);
      const source = lines[line - 1] ?? "";
      const from = utf16(source, column);
      let text = "";
      for (let k = 1; k <= m[3].length; k++) {
        if (source.startsWith(m[3].slice(0, k), from) && m[3].startsWith("  ", k)) text = m[3].slice(0, k);
      }
      return { line, column, text: text || m[3].split("  ")[0] };
    });
}

function parserMalformed(file) {
  let out;
  try {
    out = execFileSync(jslint, ["check", "--format", "json", "--isolated", file], { encoding: "utf8", maxBuffer: 1 << 26 });
  } catch (e) {
    out = e.stdout;
  }
  return JSON.parse(out).diagnostics.filter((d) => d.code === "JL002");
}

for (const file of files) {
  const text = readFileSync(file, "utf8");
  const lines = text.split(/\r\n|\r|\n/);
  const name = file.slice(repoRoot.length + 1);
  const tokens = tokenize(text, name);

  const numbers = parserNumbers(file, lines);
  for (const n of numbers) {
    const line = lines[n.line - 1];
    const start = utf16(line, n.column);
    const end = start + n.text.length;
    const where = `${name}:${n.line}:${n.column} ${JSON.stringify(n.text)}`;
    const inside = tokens[n.line - 1].filter((t) => t.start < end && t.end > start);
    const next = tokens[n.line - 1].find((t) => t.start === end);
    const ok =
      line.slice(start, end) === n.text &&
      inside.length > 0 &&
      inside[0].start === start &&
      has(inside[0], "constant.numeric") &&
      inside.every((t) => has(t, "meta.number")) &&
      inside[inside.length - 1].end === end &&
      // The number ends here: what follows is not part of it (it may start another number).
      (!has(next, "meta.number") || (has(next, "constant.numeric") && !has(next, "punctuation.separator") &&
        has(inside[inside.length - 1], "keyword.other.unit")));
    check(ok, `${where} is one meta.number token in the grammar (got ${JSON.stringify(inside.map((t) => [line.slice(t.start, t.end), t.scopes.slice(1).join(" ")]))})`);
  }

  const malformed = parserMalformed(file).filter((d) => {
    const line = lines[d.range.start.line - 1];
    const s = utf16(line, d.range.start.column);
    const e = utf16(line, d.range.end.column);
    return (line.slice(s, e).match(/[.．]/g) ?? []).length >= 2;
  });
  const seen = new Set();
  for (const d of malformed) {
    const line = lines[d.range.start.line - 1];
    const s = utf16(line, d.range.start.column);
    const e = utf16(line, d.range.end.column);
    const token = tokens[d.range.start.line - 1].find((t) => t.start === s);
    seen.add(`${d.range.start.line}:${s}`);
    check(
      token?.end === e && has(token, "invalid.illegal.malformed-number"),
      `${name}:${d.range.start.line}:${d.range.start.column} JL002 ${JSON.stringify(line.slice(s, e))} is one invalid.illegal.malformed-number token`,
    );
  }
  // The other way round only where no directive silences JL002.
  const silenced = text.includes("jslint-disable");
  if (!silenced) tokens.forEach((lineTokens, i) => {
    for (const t of lineTokens) {
      if (has(t, "invalid.illegal.malformed-number")) {
        check(seen.has(`${i + 1}:${t.start}`), `${name}:${i + 1}: the grammar's malformed number ${JSON.stringify(lines[i].slice(t.start, t.end))} is a JL002 of jslint check`);
      }
    }
  });
  console.log(`${name}: ${numbers.length} narrative numbers, ${malformed.length} malformed numbers compared`);
}
console.log(`grammar: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
