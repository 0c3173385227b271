/**
 * `viewport mcp`: a Model Context Protocol server over stdio that lets an
 * agent launch Viewport apps, or join a running viewer, and read and drive
 * their sessions with the test driver. This file parses the command line and
 * prints the help; the server (server.ts, on the MCP SDK) loads only to run.
 *
 * @module
 */
import { UsageError } from "../args.ts";
import { Sessions } from "./sessions.ts";
import { tools, type ToolSpec } from "./tools.ts";

/** What `viewport mcp` needs from the process. */
export interface McpProcess {
  stdout: { writeSync(bytes: Uint8Array): number };
  stderr: (line: string) => void;
}

/** `viewport mcp --help`: the command and every tool. */
export function mcpHelp(): string {
  const list = tools(new Sessions(null, () => {}));
  const wrap = (text: string) => {
    const out: string[] = [];
    let line = "";
    for (const w of text.split(" ")) {
      if (line && line.length + w.length + 1 > 62) {
        out.push(line);
        line = w;
      } else line = line ? `${line} ${w}` : w;
    }
    if (line) out.push(line);
    return out.map((l) => `      ${l}`).join("\n");
  };
  const args = (t: ToolSpec) => {
    const names = Object.keys(t.input);
    return names.length ? ` {${names.join(", ")}}` : "";
  };
  return `Usage: viewport mcp [--viewer URI]

A Model Context Protocol server on stdin/stdout (JSON-RPC, one message per
line) that lets an agent use Viewport apps the way a person does: launch an
app (or join a viewer that is already running), read what its UI says, and
click, type, press keys, scroll and resize by node id, text, role or label.
Results are short text: what was done, then the session's text projection.

Options:
  --viewer URI   also reach the sessions of the viewer listening at URI
                 (started with: viewport --listen URI --allow-control ...);
                 the viewer logs every action with the session it touched
  -h, --help     this help

Register it with an MCP client (Claude Desktop, Claude Code, Cursor, VS Code
and others take the same shape):
  {"mcpServers": {"viewport": {"command": "deno",
    "args": ["run", "-A", "/path/to/viewport/cli/viewport.ts", "mcp"]}}}

Tools (target fields: id, text, role + name, label, exact, nth; session may
be left out while there is only one):
${list.map((t) => `  ${t.name}${args(t)}\n${wrap(t.description)}`).join("\n")}

Logs go to stderr; stdout carries only the protocol. See docs/testing.md.
`;
}

/**
 * Parses `viewport mcp`'s arguments, then prints the help or runs the server.
 *
 * @example
 * ```ts
 * import { runCommand } from "./command.ts";
 * import assert from "node:assert/strict";
 * let out = "";
 * const code = await runCommand(["--help"], {
 *   stdout: { writeSync: (b) => (out += new TextDecoder().decode(b), b.length) },
 *   stderr: () => {},
 * });
 * assert.equal(code, 0);
 * assert.ok(out.includes("wait_for"));
 * ```
 */
export async function runCommand(argv: readonly string[], proc: McpProcess): Promise<number> {
  let viewer: string | undefined;
  const args = [...argv];
  while (args.length > 0) {
    const a = args.shift()!;
    if (a === "-h" || a === "--help") {
      proc.stdout.writeSync(new TextEncoder().encode(mcpHelp()));
      return 0;
    }
    if (a === "--viewer" || a.startsWith("--viewer=")) {
      viewer = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args.shift();
      if (!viewer) throw new UsageError("viewport mcp: --viewer needs a URI");
      continue;
    }
    throw new UsageError(`viewport mcp: unexpected argument ${JSON.stringify(a)}`);
  }
  const server = await loadServer();
  return await server.runMcp({ viewer }, proc);
}

interface ServerModule {
  runMcp(options: { viewer?: string }, proc: McpProcess): Promise<number>;
}

// Named at run time so that module graphs (bundles, binaries) leave the MCP
// SDK and its web-server dependencies out.
const SERVER_MODULE = "./server.ts";

async function loadServer(): Promise<ServerModule> {
  try {
    return await import(new URL(SERVER_MODULE, import.meta.url).href) as ServerModule;
  } catch (err) {
    throw new Error(
      `the MCP server is not part of this build (${(err as Error).message.split("\n")[0]}); ` +
        "run it from a checkout: deno run -A cli/viewport.ts mcp",
    );
  }
}

/**
 * `viewport mcp` as the CLI runs it: a misuse prints one line and exits 2.
 *
 * @example
 * ```ts
 * import { mcpCommand } from "./command.ts";
 * import assert from "node:assert/strict";
 * const lines: string[] = [];
 * const code = await mcpCommand({ args: ["mcp", "--bogus"], stdout: { writeSync: (b) => b.length }, stderr: (l) => lines.push(l) });
 * assert.equal(code, 2);
 * assert.ok(lines[0].includes("--bogus"));
 * ```
 */
export async function mcpCommand(
  proc: McpProcess & { args: readonly string[] },
): Promise<number> {
  try {
    return await runCommand(proc.args.slice(1), proc);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    proc.stderr(`${err.message}\nTry 'viewport mcp --help'.`);
    return 2;
  }
}
