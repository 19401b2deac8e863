// jslint for VS Code: the `jsmd` language (grammar and language configuration come from
// package.json) and a client for the `jslint lsp` server.
//
// The settings the server reads are `{ severity, select, ignore }`: they go out as the
// initializationOptions and again, under a `jslint` key, in workspace/didChangeConfiguration
// whenever they change. A change of `jslint.server.path` restarts the server.
import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  type ClientCapabilities,
  type FeatureState,
  type LanguageClientOptions,
  type ServerOptions,
  type StaticFeature,
} from "vscode-languageclient/node";

const SECTION = "jslint";

/** What the server deserialises (`ClientSettings` in src/lsp/mod.rs). */
interface ServerSettings {
  severity: Record<string, string>;
  select: string[];
  ignore: string[];
}

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("jslint", { log: true });
  context.subscriptions.push(
    output,
    vscode.commands.registerCommand("jslint.restartServer", () => restart(context)),
    vscode.commands.registerCommand("jslint.showOutput", () => output?.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => onConfigurationChanged(event, context)),
  );
  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

function serverSettings(): ServerSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    severity: { ...config.get<Record<string, string>>("severity", {}) },
    select: [...config.get<string[]>("select", [])],
    ignore: [...config.get<string[]>("ignore", [])],
  };
}

/** `jslint.server.path`, with `~` expanded and a relative path taken from the first folder. */
function serverCommand(): string {
  let command = vscode.workspace.getConfiguration(SECTION).get<string>("server.path", "jslint").trim();
  if (command === "") {
    command = "jslint";
  }
  if (command === "~" || command.startsWith("~/")) {
    command = path.join(os.homedir(), command.slice(1));
  }
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (command.includes(path.sep) && !path.isAbsolute(command) && folder) {
    command = path.join(folder.uri.fsPath, command);
  }
  return command;
}

/**
 * Leaves out the pull-diagnostics capability, so that the server publishes diagnostics
 * itself: it then re-publishes them after a settings change, which a pulling client would
 * not learn about (the server sends no workspace/diagnostic/refresh).
 */
class PushDiagnostics implements StaticFeature {
  fillClientCapabilities(capabilities: ClientCapabilities): void {
    if (capabilities.textDocument) {
      delete capabilities.textDocument.diagnostic;
    }
  }
  initialize(): void {}
  getState(): FeatureState {
    return { kind: "static" };
  }
  clear(): void {}
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const command = serverCommand();
  const serverOptions: ServerOptions = {
    run: { command, args: ["lsp"] },
    debug: { command, args: ["lsp"] },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: "file", language: "jsmd" },
      { scheme: "untitled", language: "jsmd" },
    ],
    initializationOptions: serverSettings(),
    outputChannel: output,
    diagnosticCollectionName: "jslint",
  };
  // The id `jslint` makes the client read `jslint.trace.server` by itself.
  const next = new LanguageClient("jslint", "jslint", serverOptions, clientOptions);
  next.registerFeature(new PushDiagnostics());
  client = next;
  try {
    await next.start();
    const pull = next.initializeResult?.capabilities.diagnosticProvider !== undefined;
    output?.info(`started \`${command} lsp\` (diagnostics ${pull ? "pulled" : "pushed"})`);
  } catch (error) {
    client = undefined;
    const message = error instanceof Error ? error.message : String(error);
    output?.error(`cannot start \`${command} lsp\`: ${message}`);
    const choice = await vscode.window.showErrorMessage(
      `jslint: cannot start the language server \`${command} lsp\` (${message}). ` +
        "Install jslint or set `jslint.server.path`.",
      "Open Settings",
      "Show Output",
    );
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "jslint.server.path");
    } else if (choice === "Show Output") {
      output?.show(true);
    }
  }
  context.subscriptions.push({ dispose: () => void stop() });
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      await running.stop();
    } catch {
      // The server may already have exited.
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

async function onConfigurationChanged(
  event: vscode.ConfigurationChangeEvent,
  context: vscode.ExtensionContext,
): Promise<void> {
  if (event.affectsConfiguration(`${SECTION}.server.path`)) {
    await restart(context);
    return;
  }
  const changed = ["severity", "select", "ignore"].some((key) =>
    event.affectsConfiguration(`${SECTION}.${key}`),
  );
  if (changed && client?.isRunning()) {
    const settings = serverSettings();
    output?.info(`settings changed: ${JSON.stringify(settings)}`);
    await client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: { [SECTION]: settings },
    });
  }
}
