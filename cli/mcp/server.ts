/**
 * The `viewport mcp` server: the official MCP SDK on stdio, with the tools
 * of tools.ts over launched apps and a joined viewer's sessions.
 *
 * @module
 */
import process from "node:process";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { joinViewer, type ViewerControl } from "../../src/testing/join.ts";
import { sanitizeViewportUri } from "../../src/transport/mod.ts";
import { VERSION } from "../help.ts";
import { Sessions } from "./sessions.ts";
import { tools } from "./tools.ts";
import type { McpProcess } from "./command.ts";

/**
 * Runs the server until the client closes stdin; returns the exit status.
 * Loaded by `command.ts` only when the server runs: the MCP SDK's packages
 * stay out of the shipped bundles and binaries.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: serves MCP on stdin and stdout until its client leaves.
 * import { runMcp } from "./server.ts";
 * await runMcp({}, { stdout: Deno.stdout, stderr: console.error });
 * ```
 */
export async function runMcp(
  options: { viewer?: string },
  proc: McpProcess,
): Promise<number> {
  const viewerUri = options.viewer;
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
