#!/usr/bin/env python3
"""The TextMate grammar in editors/ covers the language: every pattern
compiles, every keyword of compiler/grammar.hpp and every primitive type is
highlighted, and every line of the example schemas gets its keywords, doc
comments and strings scoped. Usage: grammar_test.py <repository root>"""
import json
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
grammar = json.loads((root / "editors/vscode/syntaxes/ffidl.tmLanguage.json").read_text())
failures = []


def patterns(node):
    """Every (scope, regex) in the grammar, depth first."""
    if isinstance(node, dict):
        for key in ("match", "begin", "end"):
            if key in node:
                yield node.get("name", ""), node[key]
        for value in node.values():
            yield from patterns(value)
    elif isinstance(node, list):
        for value in node:
            yield from patterns(value)


compiled = []
for scope, regex in patterns(grammar["repository"]):
    try:
        compiled.append((scope, re.compile(regex)))
    except re.error as e:
        failures.append(f"pattern {regex!r} does not compile: {e}")

source = (root / "compiler/grammar.hpp").read_text()
keywords = set(re.findall(r'struct kw_\w+ : keyword<TAO_PEGTL_STRING\("(\w+)"\)>', source))
if not keywords:
    failures.append("no keywords found in compiler/grammar.hpp")
keyword_rule = re.compile(grammar["repository"]["keyword"]["match"])
for word in sorted(keywords):
    if not keyword_rule.fullmatch(word):
        failures.append(f"keyword '{word}' is not highlighted")
primitive_rule = re.compile(grammar["repository"]["type"]["patterns"][0]["match"])
for word in "bool i8 i16 i32 i64 u8 u16 u32 u64 f32 f64 string bytes".split():
    if not primitive_rule.fullmatch(word):
        failures.append(f"type '{word}' is not highlighted")

doc_rule = re.compile(grammar["repository"]["doc-comment"]["match"])
for schema in sorted((root / "schemas").glob("*.ffidl")):
    for number, line in enumerate(schema.read_text().splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("///") and not stripped.startswith("////"):
            if not doc_rule.search(line):
                failures.append(f"{schema.name}:{number}: doc comment not scoped")
            continue
        first = re.match(r"\s*([a-z]+)\b", line)
        if first and first.group(1) in keywords and not keyword_rule.search(line):
            failures.append(f"{schema.name}:{number}: keyword '{first.group(1)}' not scoped")

for f in failures:
    print(f"grammar_test: {f}", file=sys.stderr)
print(f"grammar_test: {len(compiled)} patterns, {len(keywords)} keywords, "
      f"{'FAILED' if failures else 'ok'}")
sys.exit(1 if failures else 0)
