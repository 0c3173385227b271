/**
 * `viewport mcp`: a Model Context Protocol server over stdio that lets an
 * agent launch Viewport apps, or join a running viewer, and read and drive
 * their sessions with the test driver.
 *
 * @module
 */
import process from "node:process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { joinViewer, type ViewerControl } from "../../src/testing/join.ts";
import { sanitizeViewportUri } from "../../src/transport/uri.ts";
import { UsageError } from "../args.ts";
import { VERSION } from "../help.ts";
import { Sessions } from "./sessions.ts";
import { tools, type ToolSpec } from "./tools.ts";

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

/** What `runMcp` needs from the process. */
export interface McpProcess {
  stdout: { writeSync(bytes: Uint8Array): number };
  stderr: (line: string) => void;
}

/**
 * Runs the server until the client closes stdin; returns the exit status.
 *
 * @example
 * ```ts
 * import { runMcp } from "./main.ts";
 * let out = "";
 * const code = await runMcp(["--help"], {
 *   stdout: { writeSync: (b) => (out += new TextDecoder().decode(b), b.length) },
 *   stderr: () => {},
 * });
 * if (code !== 0 || !out.includes("wait_for")) throw new Error(out);
 * ```
 */
export async function runMcp(argv: readonly string[], proc: McpProcess): Promise<number> {
  let viewerUri: string | undefined;
  const args = [...argv];
  while (args.length > 0) {
    const a = args.shift()!;
    if (a === "-h" || a === "--help") {
      proc.stdout.writeSync(new TextEncoder().encode(mcpHelp()));
      return 0;
    }
    if (a === "--viewer" || a.startsWith("--viewer=")) {
      viewerUri = a.includes("=") ? a.slice(a.indexOf("=") + 1) : args.shift();
      if (!viewerUri) throw new UsageError("viewport mcp: --viewer needs a URI");
      continue;
    }
    throw new UsageError(`viewport mcp: unexpected argument ${JSON.stringify(a)}`);
  }
  const log = (line: string) => proc.stderr(`viewport mcp: ${line}`);
  let viewer: ViewerControl | null = null;
  if (viewerUri) {
    try {
      viewer = await joinViewer(viewerUri);
    } catch (err) {
      proc.stderr(
        `viewport mcp: cannot join the viewer at ${sanitizeViewportUri(viewerUri)}: ${
          (err as Error).message
        }`,
      );
      return 1;
    }
    log(`joined the viewer at ${sanitizeViewportUri(viewerUri)}: ${viewer.list().length} sessions`);
  }
  const sessions = new Sessions(viewer, log);
  const server = new McpServer({ name: "viewport", version: VERSION });
  for (const t of tools(sessions)) {
    server.registerTool(
      t.name,
      { description: t.description, inputSchema: t.input },
      async (a: unknown) => {
        try {
          const text = await t.run(a as Record<string, unknown>);
          return { content: [{ type: "text" as const, text }] };
        } catch (err) {
          log(`${t.name} failed: ${(err as Error).message.split("\n")[0]}`);
          return {
            isError: true,
            content: [{ type: "text" as const, text: `${t.name}: ${(err as Error).message}` }],
          };
        }
      },
    );
  }
  const transport = new StdioServerTransport();
  const closed = new Promise<void>((resolve) => transport.onclose = resolve);
  await server.connect(transport);
  const stdinEnded = new Promise<void>((resolve) => {
    // The SDK does not end on EOF by itself: the client went away.
    process.stdin.once("end", resolve);
  });
  log("ready");
  await Promise.race([closed, stdinEnded]);
  await sessions.closeAll();
  await server.close().catch(() => {});
  return 0;
}

/**
 * `viewport mcp` as the CLI runs it: a misuse prints one line and exits 2.
 *
 * @example
 * ```ts
 * import { mcpCommand } from "./main.ts";
 * const lines: string[] = [];
 * const code = await mcpCommand({ args: ["mcp", "--bogus"], stdout: { writeSync: (b) => b.length }, stderr: (l) => lines.push(l) });
 * if (code !== 2 || !lines[0].includes("--bogus")) throw new Error(lines.join());
 * ```
 */
export async function mcpCommand(
  proc: McpProcess & { args: readonly string[] },
): Promise<number> {
  try {
    return await runMcp(proc.args.slice(1), proc);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    proc.stderr(`${err.message}\nTry 'viewport mcp --help'.`);
    return 2;
  }
}
