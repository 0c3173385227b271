/** connect/listen dispatch, self-rendering modes, tokens and the listening policy. */
import { decodeFrame } from "../../src/protocol/wire.ts";
import { isViewportError } from "../../src/protocol/errors.ts";
import { connect, listen, memoryPair, registerScheme } from "../../src/transport/mod.ts";
import { assert, assertEquals, assertRejectsViewportError } from "../_util/assert.ts";
import { accept } from "./harness.ts";

Deno.test("connect rejects the self-rendering modes with a clear error", async () => {
  for (const uri of ["text:", "ansi:", "headless:", "ansi:?alt=false"]) {
    await assertRejectsViewportError(
      () => connect(uri),
      "unsupported",
      /is a self-rendering mode, not a transport/,
    );
  }
});

Deno.test("connect and listen reject malformed URIs with bad_uri", async () => {
  await assertRejectsViewportError(() => connect("tcp://localhost"), "bad_uri", /missing port/);
  await assertRejectsViewportError(
    () => connect("unx:///tmp/x"),
    "bad_uri",
    /unknown scheme 'unx'/,
  );
  await assertRejectsViewportError(() => connect("tcp://127.0.0.1:0"), "bad_uri", /bad port '0'/);
  await assertRejectsViewportError(() => listen("tcp://127.0.0.1:99999"), "bad_uri", /0\.\.65535/);
});

Deno.test("listen on stdio: explains where the viewer side lives", async () => {
  await assertRejectsViewportError(() => listen("stdio:"), "unsupported", /spawnInPty/);
});

Deno.test("registerScheme replaces an implementation until undone", async () => {
  const [app, viewer] = memoryPair();
  const undo = registerScheme("vsock", { connect: () => Promise.resolve(app) });
  try {
    assert((await connect("vsock://2:5000")) === app);
  } finally {
    undo();
    await app.close();
    await viewer.close();
  }
});

Deno.test("tcp: a listener beyond loopback refuses to start without a token", async () => {
  await assertRejectsViewportError(
    () => listen("tcp://0.0.0.0:0"),
    "unauthorized",
    /refusing to listen on tcp:\/\/0\.0\.0\.0:0 beyond loopback without a token/,
  );
  await assertRejectsViewportError(() => listen("tcp://[::]:0"), "unauthorized", /beyond loopback/);
  // With a token, or an explicit override, it starts.
  const withToken = await listen("tcp://0.0.0.0:0", { token: "a-long-enough-token" });
  assert(/^tcp:\/\/0\.0\.0\.0:\d+\?token=a-long-enough-token$/.test(withToken.uri));
  await withToken.close();
  const open = await listen("tcp://0.0.0.0:0", { allowInsecureRemote: true });
  await open.close();
});

Deno.test("tcp: a wrong or missing token is refused with an ERROR frame", async () => {
  const rejected: Error[] = [];
  const listener = await listen("tcp://127.0.0.1:0?token=right-token", {
    onRejected: (e) => rejected.push(e),
  });
  const port = new URL(listener.uri).port;
  for (
    const [uri, why] of [
      [`tcp://127.0.0.1:${port}?token=wrong-token`, "wrong token"],
      [`tcp://127.0.0.1:${port}`, "no token presented"],
    ]
  ) {
    const app = await connect(uri, { connectTimeout: 2000 });
    // The app without a token talks first, as an app normally would after connecting.
    if (!uri.includes("token")) void app.send(new Uint8Array([0x56, 0x50, 1, 5, 1, 0, 0, 0, 0x40]));
    const it = app.frames();
    const first = await it.next();
    assert(!first.done, "expected an ERROR frame");
    const msg = decodeFrame(first.value);
    assert(msg.type === "ERROR" && msg.code === "unauthorized", JSON.stringify(msg));
    assertEquals(msg.message, why);
    assert((await it.next()).done);
    await app.close();
  }
  await listener.close();
  assertEquals(rejected.length, 2);
  assert(rejected.every((e) => isViewportError(e, "unauthorized")));
  assert(
    rejected.every((e) => !e.message.includes("right-token") && !e.message.includes("wrong-token")),
  );
});

Deno.test("tcp: the right token is accepted and not seen by the viewer", async () => {
  const listener = await listen("tcp://127.0.0.1:0", { token: "s3cret-token" });
  const accepted = accept(listener[Symbol.asyncIterator]());
  const app = await connect(listener.uri);
  const viewer = await accepted;
  await app.send(new Uint8Array([0x56, 0x50, 1, 5, 1, 0, 0, 0, 0x40]));
  const got = await viewer.frames().next();
  assertEquals(got.value?.type, 5);
  assert(viewer.info.peer?.startsWith("127.0.0.1:"));
  await app.close();
  await viewer.close();
  await listener.close();
});

Deno.test("tcp: a peer that never sends its token times out", async () => {
  const rejected: Error[] = [];
  const listener = await listen("tcp://127.0.0.1:0?token=right-token", {
    authTimeout: 50,
    onRejected: (e) => rejected.push(e),
  });
  const conn = await Deno.connect({
    hostname: "127.0.0.1",
    port: Number(new URL(listener.uri).port),
  });
  const buf = new Uint8Array(256);
  let n = 0;
  for (;;) {
    const r = await conn.read(buf.subarray(n));
    if (r === null) break;
    n += r;
  }
  conn.close();
  const msg = decodeFrame({ type: buf[3], payload: buf.subarray(8, n), offset: 0 });
  assert(msg.type === "ERROR" && /no token within 50 ms/.test(msg.message));
  await listener.close();
  assertEquals(rejected.length, 1);
});

Deno.test("tcp: connect to a closed port is a closed error naming the target", async () => {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = l.addr.port;
  l.close();
  await assertRejectsViewportError(
    () => connect(`tcp://127.0.0.1:${port}?token=hidden-token`),
    "closed",
    new RegExp(`cannot connect to tcp://127\\.0\\.0\\.1:${port}: `),
  );
  const err = await connect(`tcp://127.0.0.1:${port}?token=hidden-token`).catch((e) => e);
  assert(!String(err.message).includes("hidden-token"));
});
