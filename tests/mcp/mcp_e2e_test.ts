/**
 * `viewport mcp` end to end: started as a subprocess, spoken to with the
 * official MCP SDK client over stdio, it launches the counter and the form,
 * reads them, clicks by text and role, types by label, waits, and closes.
 */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import type { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { mcpClient } from "./_mcp.ts";

const DENO = Deno.execPath();

/** Calls a tool; returns its text, failing the test on a tool error. */
async function call(client: Client, name: string, args: Record<string, unknown> = {}) {
  const r = await client.callTool({ name, arguments: args });
  const text = (r.content as { type: string; text: string }[]).map((c) => c.text).join("\n");
  if (r.isError) throw new Error(`${name} failed: ${text}`);
  return text;
}

Deno.test({
  name: "viewport mcp: launch the counter and the form, click, type, wait and read over MCP",
  // The SDK's stdio client keeps node streams the test does not own.
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const { client, stderr } = await mcpClient();
    try {
      const { tools } = await client.listTools();
      const names = tools.map((t: { name: string }) => t.name).sort();
      assertEquals(names, [
        "click",
        "close",
        "launch",
        "list_sessions",
        "press",
        "read",
        "read_rows",
        "read_screen",
        "read_tree",
        "resize",
        "scroll",
        "type",
        "wait_for",
      ]);
      assert(
        tools.every((t: { description?: string }) => (t.description ?? "").length > 20),
        "every tool says what it does",
      );

      const launched = await call(client, "launch", {
        command: [DENO, "run", "-A", "examples/counter.ts"],
        session: "counter",
      });
      assertMatch(launched, /^session counter\n---\nCounter: 0\n\[\+1\]$/);
      assertEquals(
        await call(client, "read", { session: "counter" }),
        "session counter\n---\nCounter: 0\n[+1]",
      );
      const clicked = await call(client, "click", { session: "counter", text: "+1" });
      assertMatch(clicked, /^clicked text "\+1" \(#\d+\)/);
      assertMatch(
        await call(client, "wait_for", { text: "Counter: 1" }),
        /^found "Counter: 1"\n---\nCounter: 1\n/,
      );
      assertMatch(
        await call(client, "read_tree"),
        /box #3 \[button\] label="\+1" text_alt="\[\+1\]" interactive=clickable\n {4}text #\d+ content="\+1"/,
      );

      const form = await call(client, "launch", {
        command: [DENO, "run", "-A", "examples/form.ts"],
      });
      const id = /^session (\S+)/.exec(form)![1];
      assertEquals(id, "form-1");
      assertMatch(
        await call(client, "list_sessions"),
        /^counter\tcounter\tlive\t80x24\tlaunched: .*counter\.ts\nform-1\tform\tlive\t80x24\tlaunched: .*form\.ts$/,
      );
      await call(client, "type", { session: id, label: "Name", text: "Ada" });
      await call(client, "type", {
        session: id,
        label: "Email",
        text: "ada@example.com",
        mode: "whole",
      });
      await call(client, "click", { session: id, role: "button", name: "Submit" });
      await call(client, "wait_for", { session: id, text: "Submitted: Ada <ada@example.com>" });
      const read = await call(client, "read", { session: id });
      assertMatch(read, /\nSubmitted: Ada <ada@example\.com>$/);
      assertMatch(
        await call(client, "read_screen", { session: id }),
        /^80x24\n\n Sign up\n\n Name: {4}Ada\n/,
      );

      // A tool error is a result the agent can read, not a broken connection.
      const bad = await client.callTool({
        name: "click",
        arguments: { session: id, text: "Nowhere" },
      });
      assert(bad.isError === true);
      assertMatch(
        (bad.content as { text: string }[])[0].text,
        /timed out after 5000 ms waiting for text "Nowhere"[^]*screen 80x24/,
      );

      assertMatch(await call(client, "close", { session: "counter" }), /^closed counter/);
      assertMatch(await call(client, "close", { session: id }), /^closed form-1/);
      assertEquals(await call(client, "list_sessions"), "no sessions (launch an app with launch)");
    } finally {
      await client.close();
    }
    assertMatch(stderr(), /viewport mcp: launched .* as session counter/);
  },
});
