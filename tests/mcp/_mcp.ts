/** `viewport mcp` as a subprocess, with the official SDK client connected to it over stdio. */
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StdioClientTransport } from "@modelcontextprotocol/sdk/client/stdio.js";

const ROOT = new URL("../../", import.meta.url).pathname;

export async function mcpClient(
  args: string[] = [],
): Promise<{ client: Client; stderr: () => string }> {
  const transport = new StdioClientTransport({
    command: Deno.execPath(),
    args: ["run", "-A", `${ROOT}cli/viewport.ts`, "mcp", ...args],
    cwd: ROOT,
    stderr: "pipe",
    env: { ...Deno.env.toObject(), NO_COLOR: "1" },
  });
  let stderr = "";
  transport.stderr?.on("data", (b: Uint8Array) => stderr += new TextDecoder().decode(b));
  const client = new Client({ name: "viewport-test", version: "1.0.0" });
  await client.connect(transport);
  return { client, stderr: () => stderr };
}
