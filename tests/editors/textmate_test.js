// The TextMate grammar through the engine VS Code itself uses
// (vscode-textmate with the Oniguruma regex library, from npm): every line
// of every schema in the repository tokenizes, no token is `invalid`,
// every keyword of the language is scoped as one, and doc comments,
// strings and primitive types get their scopes.
//
// usage: node textmate_test.js <repository root> <node_modules dir>
"use strict";
const fs = require("fs");
const path = require("path");

const [root, modules] = process.argv.slice(2);
const req = (m) => require(path.join(modules, m));
const vsctm = req("vscode-textmate");
const oniguruma = req("vscode-oniguruma");

function schemas(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory() && !["build", "node_modules", ".git"].includes(entry.name)) schemas(p, out);
    else if (entry.isFile() && entry.name.endsWith(".ffidl")) out.push(p);
  }
  return out;
}

async function main() {
  const wasm = fs.readFileSync(path.join(modules, "vscode-oniguruma/release/onig.wasm")).buffer;
  await oniguruma.loadWASM(wasm);
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () =>
      vsctm.parseRawGrammar(
        fs.readFileSync(path.join(root, "editors/vscode/syntaxes/ffidl.tmLanguage.json"), "utf8"),
        "ffidl.tmLanguage.json"),
  });
  const grammar = await registry.loadGrammar("source.ffidl");
  const keywords = [...fs.readFileSync(path.join(root, "compiler/grammar.hpp"), "utf8")
                         .matchAll(/struct kw_\w+ : keyword<TAO_PEGTL_STRING\("(\w+)"\)>/g)].map((m) => m[1]);
  const failures = [];
  const seen = new Set();
  const files = [...schemas(path.join(root, "schemas")), ...schemas(path.join(root, "tests")),
                 ...schemas(path.join(root, "examples"))];
  let lines = 0;
  for (const file of files) {
    let state = vsctm.INITIAL;
    const text = fs.readFileSync(file, "utf8").split("\n");
    text.forEach((line, i) => {
      const where = `${path.relative(root, file)}:${i + 1}`;
      const r = grammar.tokenizeLine(line, state);
      state = r.ruleStack;
      lines++;
      for (const t of r.tokens) {
        const word = line.slice(t.startIndex, t.endIndex);
        const scopes = t.scopes.join(" ");
        if (scopes.includes("invalid") && !file.includes("corpus")) failures.push(`${where}: '${word}' is invalid`);
        if (keywords.includes(word) && /keyword/.test(scopes)) seen.add(word);
        if (/^\s*\/\/\/(?!\/)/.test(line) && t.startIndex === line.indexOf("///") &&
            !scopes.includes("comment.line.documentation")) {
          failures.push(`${where}: doc comment scoped ${scopes}`);
        }
        if (/^(bool|i8|i16|i32|i64|u8|u16|u32|u64|f32|f64|string|bytes)$/.test(word) &&
            !scopes.includes("comment") && !scopes.includes("string") && !scopes.includes("entity") &&
            !scopes.includes("variable") && !scopes.includes("support.type.primitive") &&
            /:\s*$|<\s*$|,\s*$|->\s*$/.test(line.slice(0, t.startIndex))) {
          failures.push(`${where}: type '${word}' scoped ${scopes}`);
        }
      }
    });
  }
  // Keywords never used in a schema here still must be keywords.
  for (const k of keywords) {
    if (seen.has(k)) continue;
    const r = grammar.tokenizeLine(k + " x", vsctm.INITIAL);
    if (!r.tokens[0].scopes.join(" ").includes("keyword")) failures.push(`keyword '${k}' is not scoped`);
  }
  const str = grammar.tokenizeLine('const S: string = "a\\tb";', vsctm.INITIAL).tokens;
  if (!str.some((t) => t.scopes.includes("string.quoted.double.ffidl"))) failures.push("strings are not scoped");
  for (const f of failures) console.error("textmate_test: FAILED: " + f);
  if (failures.length) process.exit(1);
  console.log(`textmate_test: ${files.length} schemas, ${lines} lines, ${keywords.length} keywords scoped`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
