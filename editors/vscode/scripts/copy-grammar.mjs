// Copies the TextMate grammar from grammar/ (its one source) into the package, so that the
// .vsix is self-contained. Fails if the grammar is not valid JSON or has the wrong scope.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const source = join(here, "..", "..", "..", "grammar", "jsmd.tmLanguage.json");
const target = join(here, "..", "syntaxes", "jsmd.tmLanguage.json");

const text = readFileSync(source, "utf8");
const grammar = JSON.parse(text);
if (grammar.scopeName !== "text.jsmd") {
  throw new Error(`${source}: scopeName is ${grammar.scopeName}, expected text.jsmd`);
}
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, text);
console.log(`copied ${source} -> ${target}`);
