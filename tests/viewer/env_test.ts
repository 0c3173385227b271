/**
 * ENV from facts, per viewer: the headless viewer's values, `remote: true`
 * and a measured `latency_ms` over tcp and ws (SDK apps answer the viewer's
 * ping), none of that over a unix socket, and a new ENV on resize and when
 * the front end learns new facts (as a browser tab reports them).
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { connect } from "../../src/sdk/connect.ts";
import type { Connection } from "../../src/sdk/connection.ts";
import { text } from "../../src/sdk/components.ts";
import { listen, type Transport } from "../../src/transport/mod.ts";
import { SessionHost } from "../../viewer/shared/session_host.ts";
import { FakeApp, until } from "./_harness.ts";

Deno.test("headless viewer: its ENV says cells, no color, no GPU, no decoders; AUDIO is unsupported", async () => {
  const host = new SessionHost();
  const app = new FakeApp(host);
  await app.send({ type: "REGION", action: "attach", session: "h" });
  const env = await app.next("ENV");
  const { type: _t, session: _s, ...values } = env;
  assertEquals(values, {
    viewport_version: 1,
    display_width: 80,
    display_height: 24,
    display_unit: "cell",
    pixel_density: 1,
    gpu: false,
    color_depth: 0,
    video_decode: [],
    remote: false,
    latency_ms: 0,
    features: ["canvas"],
  });
  await app.send({ type: "AUDIO", action: "play", builtin: "bell" });
  const err = await app.next("ERROR");
  assertEquals(err.code, "unsupported");
  assertEquals(err.message, 'AUDIO play "bell" is not supported: it plays no sound');
  // No ping for an app that did not say it answers them (this one did not).
  assertEquals(app.of("REGION").filter((r) => r.action === "ping").length, 0);
  await app.close();
  await host.close();
});

async function appOver(uri: string, session: string): Promise<Connection> {
  return await connect({ env: { VIEWPORT: uri, VIEWPORT_SESSION: session }, reconnect: false });
}

for (const scheme of ["tcp", "ws"] as const) {
  Deno.test(`${scheme}: ENV remote true, and latency_ms from a measured round trip`, async () => {
    const host = new SessionHost();
    const listener = await listen(scheme === "tcp" ? "tcp://127.0.0.1:0" : "ws://127.0.0.1:0/v");
    const serving = host.serve(listener);
    const conn = await appOver(listener.uri, `over-${scheme}`);
    assertEquals(conn.env.remote, true);
    await until(() => (conn.env.latency_ms ?? 0) > 0, "a measured latency", 20_000);
    assert(conn.env.latency_ms! < 60_000, `${conn.env.latency_ms}`);
    await conn.close();
    await listener.close();
    await serving;
    await host.close();
  });
}

Deno.test("tcp: the ping's ENV and the resume secret coexist: a dropped app takes its session back", async () => {
  // tcp proves nothing about the peer, so re-attaching needs the secret from the
  // attach's ENV; the ENV that brings latency_ms (after the pong) carries none,
  // and the SDK must keep the one it has.
  const host = new SessionHost();
  const listener = await listen("tcp://127.0.0.1:0");
  const accepted: Transport[] = [];
  const served: Promise<void>[] = [];
  const accepting = (async () => {
    for await (const t of listener) {
      accepted.push(t);
      served.push(host.accept(t));
    }
  })();
  const conn = await connect({
    env: { VIEWPORT: listener.uri, VIEWPORT_SESSION: "keep" },
    reconnect: { initialDelayMs: 20, maxDelayMs: 200 },
  });
  const errors: string[] = [];
  conn.on("error", (e) => errors.push(e.code));
  conn.setTree(text("before", { id: 1 }));
  await until(() => (conn.env.latency_ms ?? 0) > 0, "a measured latency", 20_000);
  await until(() => host.session("keep")?.text() === "before", "the first state");
  // The viewer drops the connection; the app dials again and presents its secret.
  let reconnects = 0;
  conn.on("reconnect", () => reconnects++);
  await accepted[0].close();
  await until(() => reconnects > 0 && accepted.length === 2, "the app dialled again", 20_000);
  conn.set(1, { content: "after" });
  await until(() => host.session("keep")?.text() === "after", "the same session, updated", 20_000);
  assertEquals(host.sessions.map((s) => s.id), ["keep"]);
  assertEquals(conn.env.session, "keep");
  assertEquals(errors, [], "no unauthorized or duplicate_id");
  await conn.close();
  await listener.close();
  await accepting;
  await Promise.all(served);
  await host.close();
});

Deno.test("unix: a local link is not remote and is not pinged", async () => {
  const dir = await Deno.makeTempDir();
  const host = new SessionHost();
  const listener = await listen(`unix://${dir}/v.sock`);
  const serving = host.serve(listener);
  const conn = await appOver(listener.uri, "local");
  assertEquals([conn.env.remote, conn.env.latency_ms], [false, 0]);
  await conn.close();
  await listener.close();
  await serving;
  await host.close();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("a resize and new display facts reach conn.env as a new ENV", async () => {
  const dir = await Deno.makeTempDir();
  const host = new SessionHost();
  const listener = await listen(`unix://${dir}/v.sock`);
  const serving = host.serve(listener);
  const conn = await appOver(listener.uri, "facts");
  const envs: number[] = [];
  conn.on("env", (e) => envs.push(e.display_width!));
  await until(() => host.session("facts") !== undefined, "the session");
  const session = host.session("facts")!;
  await session.resize(100, 30);
  await until(() => conn.env.display_width === 100, "the resized ENV");
  assertEquals(conn.env.display_height, 30);
  await session.setFacts({
    pixel_density: 2,
    gpu: true,
    gpu_api: "webgpu",
    video_decode: ["vp9"],
    theme: "dark",
  });
  await until(() => conn.env.gpu === true, "the new facts");
  assertEquals(
    [conn.env.pixel_density, conn.env.gpu_api, conn.env.video_decode, conn.env.theme],
    [2, "webgpu", ["vp9"], "dark"],
  );
  assert(conn.env.features?.includes("gpu") && conn.env.features.includes("video"));
  // The same facts again: no new ENV.
  const count = envs.length;
  await session.setFacts({
    pixel_density: 2,
    gpu: true,
    gpu_api: "webgpu",
    video_decode: ["vp9"],
    theme: "dark",
  });
  await new Promise((r) => setTimeout(r, 50));
  assertEquals(envs.length, count);
  await conn.close();
  await listener.close();
  await serving;
  await host.close();
  await Deno.remove(dir, { recursive: true });
});
