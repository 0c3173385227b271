/** ws:// and wss:// specifics: tokens, paths, message rules, listener checks. */
import { decodeFrame } from "../../src/protocol/wire.ts";
import { isViewportError } from "../../src/protocol/errors.ts";
import { connect, listen } from "../../src/transport/mod.ts";
import { assert, assertEquals, assertRejectsViewportError } from "../_util/assert.ts";
import { makeTestCerts, query } from "./certs.ts";
import { accept } from "./harness.ts";

const FRAME = new Uint8Array([0x56, 0x50, 1, 5, 1, 0, 0, 0, 0x40]);
const portOf = (uri: string) => Number(new URL(uri.replace(/^wss?:/, "http:")).port);

/** A browser-style client (the standard WebSocket: no custom headers). */
function browser(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  ws.binaryType = "arraybuffer";
  return new Promise((resolve, reject) => {
    ws.onopen = () => resolve(ws);
    ws.onerror = () => reject(new Error("browser client failed to connect"));
  });
}

function closeEvent(ws: WebSocket): Promise<CloseEvent> {
  return new Promise((r) =>
    ws.addEventListener("close", (e) => r(e as CloseEvent), { once: true })
  );
}

Deno.test("ws: a wrong token gets 401 and connect rejects with unauthorized", async () => {
  const rejected: Error[] = [];
  const listener = await listen("ws://127.0.0.1:0/v?token=right-token-123", {
    onRejected: (e) => rejected.push(e),
  });
  const port = portOf(listener.uri);
  await assertRejectsViewportError(
    () => connect(`ws://127.0.0.1:${port}/v?token=wrong-token-456`),
    "unauthorized",
    /HTTP 401/,
  );
  await assertRejectsViewportError(() => connect(`ws://127.0.0.1:${port}/v`), "unauthorized");
  assertEquals(rejected.length, 2);
  await listener.close();
});

Deno.test("ws: a browser can present the token as ?token=", async () => {
  const listener = await listen("ws://127.0.0.1:0/v", { token: "browser-token-1" });
  const accepted = accept(listener[Symbol.asyncIterator]());
  const ws = await browser(listener.uri);
  const viewer = await accepted;
  ws.send(FRAME);
  assertEquals((await viewer.frames().next()).value?.type, 5);
  const closed = closeEvent(ws);
  await viewer.close();
  assertEquals((await closed).code, 1000);
  await listener.close();
});

Deno.test("ws: other paths get 404, plain HTTP gets 426", async () => {
  const listener = await listen("ws://127.0.0.1:0/viewport");
  const port = portOf(listener.uri);
  await assertRejectsViewportError(
    () => connect(`ws://127.0.0.1:${port}/elsewhere`),
    "closed",
    /Unexpected server response: 404/,
  );
  const res = await fetch(`http://127.0.0.1:${port}/viewport`);
  assertEquals(res.status, 426);
  await res.body?.cancel();
  await listener.close();
});

Deno.test("ws: a text message or a message that is not exactly one frame is refused", async () => {
  const listener = await listen("ws://127.0.0.1:0/v");
  const it = listener[Symbol.asyncIterator]();
  for (
    const [bad, why] of [
      ["hello", /a text WebSocket message at byte 0/],
      [new Uint8Array([...FRAME, ...FRAME]), /of 18 bytes at byte 0 holds a frame of 9 bytes/],
      [FRAME.subarray(0, 6), /truncated header/],
    ] as const
  ) {
    const accepted = accept(it);
    const ws = await browser(listener.uri);
    const viewer = await accepted;
    const replies: Uint8Array[] = [];
    ws.onmessage = (e) => replies.push(new Uint8Array(e.data));
    const closed = closeEvent(ws);
    ws.send(bad);
    const err = await viewer.frames().next().then(() => null, (e) => e);
    assert(isViewportError(err, "bad_frame"), String(err));
    assert(why.test(err.message), err.message);
    assertEquals((await closed).code, 1002);
    const reply = decodeFrame({ type: replies[0][3], payload: replies[0].subarray(8), offset: 0 });
    assert(reply.type === "ERROR" && reply.code === "bad_frame");
    await viewer.close();
  }
  await listener.close();
});

Deno.test("ws: listeners beyond loopback need a token", async () => {
  await assertRejectsViewportError(
    () => listen("ws://0.0.0.0:0/"),
    "unauthorized",
    /beyond loopback/,
  );
  const l = await listen("ws://0.0.0.0:0/", { token: "remote-token-abc" });
  await l.close();
});

Deno.test("wss: insecure client, certificate checks and listener rules", async () => {
  const c = await makeTestCerts();
  try {
    const listener = await listen(
      `wss://127.0.0.1:0/v${query({ cert: c.serverCert, key: c.serverKey })}`,
    );
    assert(/^wss:\/\/127\.0\.0\.1:\d+\/v$/.test(listener.uri), listener.uri);
    const it = listener[Symbol.asyncIterator]();
    // Not trusted without the CA...
    const untrusted = await connect(listener.uri).catch((e) => e);
    assert(isViewportError(untrusted, "closed"), String(untrusted));
    // ...fine with insecure=true.
    const accepted = accept(it);
    const app = await connect(`${listener.uri}?insecure=true`);
    const viewer = await accepted;
    await app.send(FRAME);
    assertEquals((await viewer.frames().next()).value?.type, 5);
    await app.close();
    await viewer.close();
    await listener.close();
    await assertRejectsViewportError(
      () =>
        listen(`wss://127.0.0.1:0/v${query({ cert: c.serverCert, key: c.serverKey, ca: c.ca })}`),
      "unsupported",
      /cannot require client certificates/,
    );
    await assertRejectsViewportError(() => listen("wss://127.0.0.1:0/v"), "bad_uri", /\?cert=/);
  } finally {
    c.remove();
  }
});
