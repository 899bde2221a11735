// Starts `ffidlc lsp` for .ffidl files: diagnostics as you type, hover,
// go to definition (across imports), document symbols and formatting.
const vscode = require("vscode");
const { LanguageClient } = require("vscode-languageclient/node");

let client;

function activate(context) {
  const config = vscode.workspace.getConfiguration("ffidl");
  const args = ["lsp"];
  for (const dir of config.get("importDirs", [])) args.push("-I", dir);
  client = new LanguageClient(
    "ffidl",
    "ffidl language server",
    { command: config.get("ffidlcPath", "ffidlc"), args },
    { documentSelector: [{ scheme: "file", language: "ffidl" }] }
  );
  client.start();
  context.subscriptions.push({ dispose: () => client && client.stop() });
}

function deactivate() {
  return client ? client.stop() : undefined;
}

module.exports = { activate, deactivate };
