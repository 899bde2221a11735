#!/usr/bin/env python3
"""Drives `ffidlc lsp` through scripted JSON-RPC sessions and checks each
answer: diagnostics on open and change (also for an imported file), hover,
go-to-definition (into an imported file), document symbols, formatting,
unknown methods, bad JSON and the shutdown/exit handshake.

usage: lsp_test.py <ffidlc>
"""
import json
import os
import subprocess
import sys
import tempfile


def raw_frame(body):
    return b"Content-Length: %d\r\n\r\n" % len(body) + body


def frame(msg):
    return raw_frame(json.dumps(msg).encode())


INIT = [{"jsonrpc": "2.0", "id": "init", "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}}]


def session(ffidlc, messages, raw=b"", args=(), initialize=True):
    """Runs one server over `messages` (after the initialize handshake unless
    `initialize` is false) and returns its exit code and decoded answers;
    every answer must be valid UTF-8 JSON."""
    data = raw + b"".join(frame(m) for m in (INIT if initialize else []) + messages)
    run = subprocess.run([ffidlc, "lsp", *args], input=data, capture_output=True, timeout=60)
    if run.returncode < 0:
        print("lsp_test: the server died:", run.stderr.decode(errors="replace"), file=sys.stderr)
    out, answers = run.stdout, []
    while out:
        head, _, rest = out.partition(b"\r\n\r\n")
        length = int(head.split(b":")[1])
        answers.append(json.loads(rest[:length].decode("utf-8", errors="strict")))
        out = rest[length:]
    return run.returncode, answers


def by_id(answers, i):
    return next(a for a in answers if a.get("id") == i)


def diagnostics(answers):
    return [a["params"] for a in answers if a.get("method") == "textDocument/publishDiagnostics"]


failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("lsp_test: FAILED:", what, file=sys.stderr)


def main():
    ffidlc = sys.argv[1]
    tmp = tempfile.mkdtemp(prefix="ffidl_lsp_")
    geo = os.path.join(tmp, "geo.ffidl")
    with open(geo, "w") as f:
        f.write("/// A point on the map.\nstruct Point { x: f64; y: f64; }\n")
    path = os.path.join(tmp, "my lib.ffidl")  # a space: the URI escapes it
    uri = "file://" + path.replace(" ", "%20")
    text = ('import "geo.ffidl";\n'
            "library mylib {}\n"
            "/// Moves a point.\n"
            "static proc shift(p: Point, dx: f64) -> Point;\n")
    bad = text.replace("dx: f64", "dx: f65")
    messy = text.replace("static proc shift(p: Point, dx: f64)", "static   proc shift( p:Point,dx: f64 )")
    doc = {"uri": uri}
    code, answers = session(ffidlc, [
        {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}}},
        {"jsonrpc": "2.0", "method": "initialized", "params": {}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": uri, "languageId": "ffidl", "version": 1, "text": text}}},
        # Hover and definition on `Point` in `p: Point` (line 3, column 21).
        {"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover",
         "params": {"textDocument": doc, "position": {"line": 3, "character": 22}}},
        {"jsonrpc": "2.0", "id": 3, "method": "textDocument/definition",
         "params": {"textDocument": doc, "position": {"line": 3, "character": 22}}},
        {"jsonrpc": "2.0", "id": 4, "method": "textDocument/hover",
         "params": {"textDocument": doc, "position": {"line": 3, "character": 14}}},
        # Hover on the parameter `dx` itself (line 3, column 28).
        {"jsonrpc": "2.0", "id": 9, "method": "textDocument/hover",
         "params": {"textDocument": doc, "position": {"line": 3, "character": 29}}},
        {"jsonrpc": "2.0", "id": 5, "method": "textDocument/documentSymbol",
         "params": {"textDocument": doc}},
        {"jsonrpc": "2.0", "method": "textDocument/didChange",
         "params": {"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": bad}]}},
        {"jsonrpc": "2.0", "method": "textDocument/didChange",
         "params": {"textDocument": {"uri": uri, "version": 3}, "contentChanges": [{"text": messy}]}},
        {"jsonrpc": "2.0", "id": 6, "method": "textDocument/formatting",
         "params": {"textDocument": doc, "options": {"tabSize": 4, "insertSpaces": True}}},
        {"jsonrpc": "2.0", "id": 7, "method": "workspace/symbol", "params": {"query": ""}},
        {"jsonrpc": "2.0", "id": 8, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ], raw=b"Content-Length: 9\r\n\r\n{not json", initialize=False)
    check(code == 0, "exit after shutdown is 0 (got %d)" % code)
    check(answers[0].get("error", {}).get("code") == -32700, "bad JSON answers a parse error")
    caps = by_id(answers, 1)["result"]["capabilities"]
    check(caps["textDocumentSync"] == 1 and caps["hoverProvider"] and caps["definitionProvider"]
          and caps["documentSymbolProvider"] and caps["documentFormattingProvider"],
          "initialize announces the capabilities")
    published = diagnostics(answers)
    check(len(published) == 3, "diagnostics published on open and on each change")
    check(published[0]["uri"] == uri and published[0]["diagnostics"] == [], "a clean schema has none")
    errs = published[1]["diagnostics"]
    check(len(errs) == 1 and errs[0]["message"] == "unknown type 'f65'" and errs[0]["severity"] == 1
          and errs[0]["range"] == {"start": {"line": 3, "character": 32},
                                   "end": {"line": 3, "character": 35}},
          "a change with an error publishes it at its range: %s" % errs)
    hover = by_id(answers, 2)["result"]["contents"]["value"]
    check("struct Point" in hover and "A point on the map." in hover, "hover shows signature and doc: " + hover)
    definition = by_id(answers, 3)["result"]
    check(definition["uri"] == "file://" + geo and definition["range"]["start"] == {"line": 1, "character": 7},
          "definition jumps into the imported file: %s" % definition)
    proc_hover = by_id(answers, 4)["result"]["contents"]["value"]
    check("static proc shift(p: Point, dx: f64) -> Point" in proc_hover and "Moves a point." in proc_hover,
          "hover on a function: " + proc_hover)
    param_hover = by_id(answers, 9)["result"]["contents"]["value"]
    check("dx: f64  (in static proc shift)" in param_hover, "hover on a parameter: " + param_hover)
    symbols = by_id(answers, 5)["result"]
    check([s["name"] for s in symbols] == ["shift"] and symbols[0]["kind"] == 12,
          "symbols of this file only (Point is imported): %s" % symbols)
    edits = by_id(answers, 6)["result"]
    check(len(edits) == 1 and edits[0]["newText"] == text, "formatting returns the canonical text")
    check(by_id(answers, 7)["error"]["code"] == -32601, "an unknown request is MethodNotFound")

    # A broken imported file: reported at the top of the importing document.
    with open(geo, "w") as f:
        f.write("struct Point { x: nope; }\n")
    code, answers = session(ffidlc, [
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": uri, "languageId": "ffidl", "version": 1, "text": text}}},
        {"jsonrpc": "2.0", "method": "exit"},
    ])
    check(code == 1, "exit without shutdown is 1")
    errs = diagnostics(answers)[0]["diagnostics"]
    check(len(errs) == 1 and errs[0]["message"].endswith("geo.ffidl:1:19: unknown type 'nope'"),
          "an imported file's error names it: %s" % errs)
    # -I reaches the server too.
    os.makedirs(os.path.join(tmp, "inc"))
    with open(os.path.join(tmp, "inc", "more.ffidl"), "w") as f:
        f.write("struct More { m: i32; }\n")
    other = os.path.join(tmp, "other.ffidl")
    code, answers = session(ffidlc, [
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": "file://" + other, "languageId": "ffidl", "version": 1,
                                     "text": 'import "more.ffidl";\nlibrary other {}\n'}}},
        {"jsonrpc": "2.0", "id": 1, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ], args=("-I", os.path.join(tmp, "inc")))
    check(diagnostics(answers)[0]["diagnostics"] == [], "imports found along -I")
    # Hover on members where they are declared: a variant, its field, an
    # enumerator, a struct field named like a type.
    members = ("library m {}\n"
               "enum Level { low, high = 5 }\n"
               "union Shape {\n"
               "    /// Round.\n"
               "    circle(radius: f64),\n"
               "    empty,\n"
               "}\n"
               "struct Level2 { Shape: Level; }\n")
    muri = "file://" + os.path.join(tmp, "members.ffidl")
    hover_at = lambda i, line, ch: {"jsonrpc": "2.0", "id": i, "method": "textDocument/hover",
                                    "params": {"textDocument": {"uri": muri},
                                               "position": {"line": line, "character": ch}}}
    code, answers = session(ffidlc, [
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": muri, "languageId": "ffidl", "version": 1, "text": members}}},
        hover_at(1, 4, 6), hover_at(2, 4, 13), hover_at(3, 1, 21), hover_at(4, 7, 17), hover_at(5, 7, 24),
        {"jsonrpc": "2.0", "id": 6, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ])
    texts = [by_id(answers, i)["result"]["contents"]["value"] for i in range(1, 6)]
    check("circle(radius: f64)  (variant of union Shape)" in texts[0] and "Round." in texts[0],
          "hover on a variant: " + texts[0])
    check("radius: f64  (in variant circle of union Shape)" in texts[1], "hover on a variant's field: " + texts[1])
    check("high = 5  (in enum Level)" in texts[2], "hover on an enumerator: " + texts[2])
    check("Shape: Level  (in struct Level2)" in texts[3], "a field named like a type is the field: " + texts[3])
    check("enum Level" in texts[4], "its type is the enum: " + texts[4])
    # Objects: hover on the object and on a member, and their symbols.
    objects = ("library o {}\n"
               "ctor create();\n"
               "/// A list.\n"
               "object TodoList {\n"
               "    ctor new();\n"
               "    /// Adds one.\n"
               "    proc add(todo: string) -> u32;\n"
               "}\n")
    ouri = "file://" + os.path.join(tmp, "objects.ffidl")
    ohover = lambda i, line, ch: {"jsonrpc": "2.0", "id": i, "method": "textDocument/hover",
                                  "params": {"textDocument": {"uri": ouri},
                                             "position": {"line": line, "character": ch}}}
    code, answers = session(ffidlc, [
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": ouri, "languageId": "ffidl", "version": 1, "text": objects}}},
        ohover(1, 3, 9), ohover(2, 6, 10),
        {"jsonrpc": "2.0", "id": 3, "method": "textDocument/documentSymbol",
         "params": {"textDocument": {"uri": ouri}}},
        {"jsonrpc": "2.0", "id": 4, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ])
    otexts = [by_id(answers, i)["result"]["contents"]["value"] for i in (1, 2)]
    check("object TodoList" in otexts[0] and "A list." in otexts[0], "hover on an object: " + otexts[0])
    check("proc TodoList.add(todo: string) -> u32" in otexts[1] and "Adds one." in otexts[1],
          "hover on an object's proc: " + otexts[1])
    osyms = [(s["name"], s["kind"]) for s in by_id(answers, 3)["result"]]
    check(osyms == [("TodoList", 5), ("create", 12), ("TodoList.new", 9), ("TodoList.add", 6)],
          "symbols of an object and its members: %s" % osyms)
    hostile(ffidlc, tmp)
    if failures:
        sys.exit(1)
    print("lsp_test: all sessions behaved")


def hostile(ffidlc, tmp):
    """What a broken or malicious client can send: the server answers each
    message as the protocol says and keeps serving."""
    # Before initialize: requests are refused with ServerNotInitialized,
    # notifications dropped.
    code, answers = session(ffidlc, [
        {"jsonrpc": "2.0", "id": 1, "method": "textDocument/documentSymbol",
         "params": {"textDocument": {"uri": "file:///nowhere.ffidl"}}},
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": "file:///early.ffidl", "text": "library e {}\n"}}},
        {"jsonrpc": "2.0", "id": 2, "method": "initialize", "params": {}},
        {"jsonrpc": "2.0", "id": 3, "method": "shutdown"},
        {"jsonrpc": "2.0", "id": 4, "method": "textDocument/documentSymbol",
         "params": {"textDocument": {"uri": "file:///nowhere.ffidl"}}},
        {"jsonrpc": "2.0", "method": "exit"},
    ], initialize=False)
    check(by_id(answers, 1).get("error", {}).get("code") == -32002,
          "a request before initialize is ServerNotInitialized: %s" % answers[0])
    check(diagnostics(answers) == [], "a notification before initialize is dropped")
    check("capabilities" in by_id(answers, 2)["result"], "initialize still works after")
    check(by_id(answers, 4).get("error", {}).get("code") == -32600,
          "a request after shutdown is InvalidRequest")
    check(code == 0, "exit after shutdown is 0")

    # Positions outside LSP's uinteger range, or not integers.
    schema = "library h {}\nstruct S { x: i32; }\n"
    huri = "file://" + os.path.join(tmp, "hostile.ffidl")
    bad_positions = [{"line": -1, "character": -1}, {"line": 2 ** 32, "character": 0},
                     {"line": 0, "character": 2 ** 64 - 1}, {"line": 1.5, "character": 0},
                     {"line": "1", "character": 0}, {}]
    hover_at = lambda i, pos: {"jsonrpc": "2.0", "id": i, "method": "textDocument/hover",
                               "params": {"textDocument": {"uri": huri}, "position": pos}}
    # Ids: a large integer comes back exactly; a float or an object is not an id.
    big = 9007199254740993
    raw_ids = (frame({"jsonrpc": "2.0", "id": big, "method": "shutdown-not"})
               + raw_frame(b'{"jsonrpc":"2.0","id":1e999999,"method":"nope"}')
               + frame({"jsonrpc": "2.0", "id": {"x": 1}, "method": "nope"})
               + frame([1, 2, 3]) + frame({"jsonrpc": "2.0", "method": 7}))
    bad_uri = b'{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":' \
              b'{"uri":"file:///x\xff.ffidl","text":"library x {}\\n"}}}'
    code, answers = session(ffidlc, [
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": huri, "text": schema}}},
        *[hover_at(10 + i, p) for i, p in enumerate(bad_positions)],
        hover_at(20, {"line": 1, "character": 8}),
    ], raw=b"".join(frame(m) for m in INIT) + raw_ids
        + raw_frame(bad_uri), initialize=False)
    for i in range(len(bad_positions)):
        check(by_id(answers, 10 + i).get("error", {}).get("code") == -32602,
              "position %s is InvalidParams" % bad_positions[i])
    check("struct S" in by_id(answers, 20)["result"]["contents"]["value"],
          "the server still answers after bad positions")
    check(by_id(answers, big).get("error", {}).get("code") == -32601,
          "a large integer id comes back exactly: %s" % answers)
    invalid = [a["error"]["code"] for a in answers if a.get("id") is None and "error" in a]
    # 1e999999 overflows a double and a raw 0xFF is not UTF-8: not JSON
    # (-32700); an object id, an array and a non-string method: -32600.
    check(invalid == [-32700, -32600, -32600, -32600, -32700],
          "bad ids and messages are answered in order: %s" % invalid)
    # A percent-escaped invalid byte in a URI reaches a diagnostic's text
    # (the path it looked in): it comes back as U+FFFD, valid UTF-8.
    euri = "file://" + tmp + "/%FF/doc.ffidl"
    code, answers = session(ffidlc, [
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": euri, "text": 'import "missing.ffidl";\nlibrary x {}\n'}}},
    ])
    errs = [e["message"] for d in diagnostics(answers) for e in d["diagnostics"]]
    check(len(errs) == 1 and "/\ufffd/missing.ffidl" in errs[0],
          "an invalid byte from a URI is written as U+FFFD: %s" % errs)

    # Imports whose paths cannot be examined: a diagnostic at the import,
    # and the server keeps serving.
    loop = os.path.join(tmp, "loop.ffidl")
    os.symlink(loop, loop)
    long_name = "x" * 300 + ".ffidl"
    luri = "file://" + os.path.join(tmp, "imports.ffidl")
    text = 'import "loop.ffidl";\nimport "%s";\nlibrary l {}\n' % long_name
    code, answers = session(ffidlc, [
        {"jsonrpc": "2.0", "method": "textDocument/didOpen",
         "params": {"textDocument": {"uri": luri, "text": text}}},
        {"jsonrpc": "2.0", "id": 1, "method": "shutdown"},
        {"jsonrpc": "2.0", "method": "exit"},
    ])
    check(code == 0, "the server survives imports it cannot examine (exit %d)" % code)
    errs = [e["message"] for e in diagnostics(answers)[0]["diagnostics"]] if diagnostics(answers) else []
    check(len(errs) == 2 and "loop.ffidl" in errs[0] and "symbolic links" in errs[0]
          and "too long" in errs[1], "each unexaminable import is a diagnostic: %s" % errs)


main()
