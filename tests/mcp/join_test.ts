/**
 * Joining a running viewer: a tool connects to its --listen URI as a control
 * connection, sees every session mirrored, drives them with the test driver,
 * and the viewer logs each action with the session it touched. A viewer that
 * was not started with --allow-control refuses.
 */
import { assert, assertEquals, assertMatch, assertRejects } from "../_util/assert.ts";
import { joinViewer } from "../../src/testing/join.ts";
import { listen } from "../../src/transport/mod.ts";
import { SessionHost } from "../../viewer/shared/session_host.ts";
import { ROOT, viewer, waitForFile, waitUntil } from "../viewer/_cli.ts";
import { mcpClient } from "./_mcp.ts";

const DENO = Deno.execPath();

/** A session host listening on a fresh socket, with the counter example attached. */
async function hostWithCounter(allowControl: boolean) {
  const dir = await Deno.makeTempDir({ prefix: "vp-join-" });
  const log: string[] = [];
  const host = new SessionHost({ controlLog: allowControl ? (l) => log.push(l) : undefined });
  const listener = await listen(`unix://${dir}/v.sock`);
  const served = host.serve(listener);
  const app = new Deno.Command(DENO, {
    args: ["run", "-A", `${ROOT}examples/counter.ts`],
    env: { VIEWPORT: listener.uri, VIEWPORT_SESSION: "counter" },
    stdin: "null",
    stdout: "null",
    stderr: "null",
  }).spawn();
  await waitUntil(() => host.session("counter")?.text() === "Counter: 0\n[+1]", "the counter");
  return {
    uri: listener.uri,
    host,
    log,
    async close() {
      host.closeSession("counter");
      await app.status;
      await host.close();
      await served;
      await Deno.remove(dir, { recursive: true });
    },
  };
}

Deno.test("joinViewer mirrors a viewer's sessions and drives them; the viewer logs each action", async () => {
  const h = await hostWithCounter(true);
  try {
    const control = await joinViewer(h.uri);
    assertEquals(control.list().map((s) => [s.id, s.title, s.state]), [[
      "counter",
      "counter",
      "live",
    ]]);
    const app = control.driver("counter")!;
    await app.waitFor("Counter: 0");
    await app.getByRole("button", { name: "+1" }).click();
    await app.waitFor("Counter: 1");
    assertEquals(h.host.session("counter")?.text(), "Counter: 1\n[+1]");
    await app.resize(40, 10);
    await waitUntil(() => h.host.session("counter")?.width === 40, "the resize");
    await control.close();
    assert(
      h.log.some((l) => /^control unix.*: click on #3 in session counter$/.test(l)),
      h.log.join("\n"),
    );
    assert(h.log.some((l) => /: resize to 40x10 in session counter$/.test(l)), h.log.join("\n"));
  } finally {
    await h.close();
  }
});

Deno.test("a viewer without --allow-control refuses control connections", async () => {
  const h = await hostWithCounter(false);
  try {
    const err = await assertRejects(() => joinViewer(h.uri), Error);
    assertMatch(err.message, /refused the control connection: unauthorized: .*--allow-control/);
    assertEquals(h.host.session("counter")?.text(), "Counter: 0\n[+1]");
  } finally {
    await h.close();
  }
});

Deno.test({
  name: "viewport mcp --viewer drives a session of a running `viewport --listen --allow-control`",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "vp-mcp-join-" });
    const uri = `unix://${dir}/v.sock`;
    const v = viewer([
      "--headless",
      "--listen",
      uri,
      "--allow-control",
      "--text-dir",
      dir,
      "--session",
      "counter",
      "--",
      DENO,
      "run",
      "-A",
      `${ROOT}examples/counter.ts`,
    ]);
    try {
      await waitForFile(`${dir}/counter.txt`, (t) => t.startsWith("Counter: 0"));
      const { client } = await mcpClient(["--viewer", uri]);
      try {
        const call = async (name: string, args: Record<string, unknown> = {}) => {
          const r = await client.callTool({ name, arguments: args });
          const text = (r.content as { text: string }[]).map((c) => c.text).join("\n");
          if (r.isError) throw new Error(text);
          return text;
        };
        assertMatch(await call("list_sessions"), /^counter\tcounter\tlive\t80x24\tviewer$/);
        await call("click", { text: "+1" });
        await call("wait_for", { text: "Counter: 1" });
        await waitForFile(`${dir}/counter.txt`, (t) => t.startsWith("Counter: 1"));
      } finally {
        await client.close();
      }
      await waitUntil(
        () => /control unix.*: click on #3 in session counter/.test(v.stderr),
        "the log",
      );
    } finally {
      v.kill("SIGTERM");
      await v.status();
      await Deno.remove(dir, { recursive: true });
    }
    assertMatch(v.stderr, /viewport: control connection from unix/);
  },
});
