// A refused token is final on every transport that takes one: connect() ends
// with a clear `unauthorized` error at once, and a link that was up and is then
// refused on reconnect gives up instead of retrying forever.
import { isViewportError, ViewportError } from "../../src/protocol/errors.ts";
import { connect as sdkConnect } from "../../src/sdk/connect.ts";
import { listen, type Listener } from "../../src/transport/mod.ts";
import { assert, assertEquals } from "../_util/assert.ts";
import { makeTestCerts, query } from "../transport/certs.ts";

function portOf(uri: string): number {
  return Number(new URL(uri.replace(/^(tcp|tls|wss?):/, "http:")).port);
}

/** Answers accepted connections with ENV so that a right token gets through. */
async function serve(listener: Listener): Promise<void> {
  try {
    for await (const t of listener) void t.frames().next().then(() => t.close());
  } catch { /* closed */ }
}

Deno.test("token: a wrong token ends connect() with unauthorized, no retries (tcp, tls, ws, wss)", async () => {
  const certs = await makeTestCerts();
  try {
    const tls = query({ cert: certs.serverCert, key: certs.serverKey });
    const cases: [string, string, (port: number) => string][] = [
      ["tcp", "tcp://127.0.0.1:0", (p) => `tcp://127.0.0.1:${p}?token=WRONG-token`],
      [
        "tls",
        `tls://127.0.0.1:0${tls}`,
        (p) => `tls://127.0.0.1:${p}${query({ ca: certs.ca, token: "WRONG-token" })}`,
      ],
      ["ws", "ws://127.0.0.1:0/v", (p) => `ws://127.0.0.1:${p}/v?token=WRONG-token`],
      [
        "wss",
        `wss://127.0.0.1:0/v${tls}`,
        (p) => `wss://127.0.0.1:${p}/v${query({ ca: certs.ca, token: "WRONG-token" })}`,
      ],
    ];
    for (const [name, listenUri, clientUri] of cases) {
      const rejected: Error[] = [];
      const listener = await listen(listenUri, {
        token: "right-token-123",
        onRejected: (e) => rejected.push(e),
      });
      const served = serve(listener);
      let error: unknown;
      try {
        await sdkConnect({
          env: { VIEWPORT: clientUri(portOf(listener.uri)), VIEWPORT_SESSION: "t" },
          isTerminal: false,
          envTimeoutMs: 5000,
        });
      } catch (err) {
        error = err;
      }
      assert(error instanceof ViewportError, `${name}: connect() did not fail: ${error}`);
      assertEquals(error.code, "unauthorized", `${name}: ${error.message}`);
      assert(/unauthorized|refused|token/i.test(error.message), `${name}: ${error.message}`);
      assert(!error.message.includes("WRONG-token"), `${name}: the token was echoed`);
      // Give a retry loop every chance to show itself: still exactly one attempt.
      await new Promise((r) => setTimeout(r, 300));
      assertEquals(rejected.length, 1, `${name}: ${rejected.length} attempts`);
      await listener.close();
      await served;
    }
  } finally {
    certs.remove();
  }
});

Deno.test("token: a link refused on reconnect gives up with the reason instead of retrying", async () => {
  const first = await listen("tcp://127.0.0.1:0", { token: "first-token-123" });
  const port = portOf(first.uri);
  const accepted = first[Symbol.asyncIterator]().next();
  const conn = await sdkConnect({
    env: { VIEWPORT: `tcp://127.0.0.1:${port}?token=first-token-123`, VIEWPORT_SESSION: "t" },
    isTerminal: false,
    envTimeoutMs: 0,
    reconnect: { initialDelayMs: 10, maxDelayMs: 20 },
  });
  const errors: ViewportError[] = [];
  void (async () => {
    for await (const e of conn.events()) {
      if (e.type === "error" && e.data instanceof ViewportError) errors.push(e.data);
    }
  })();
  const viewerSide = (await accepted).value!;
  // The viewer goes away and comes back with another token: the app's is now wrong.
  await first.close();
  await viewerSide.close();
  const rejected: Error[] = [];
  const second = await listen(`tcp://127.0.0.1:${port}`, {
    token: "second-token-456",
    onRejected: (e) => rejected.push(e),
  });
  const served = serve(second);
  const until = Date.now() + 10_000;
  while (!errors.some((e) => isViewportError(e, "unauthorized")) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 10));
  }
  assert(errors.some((e) => isViewportError(e, "unauthorized")), errors.map(String).join("; "));
  await new Promise((r) => setTimeout(r, 300));
  assertEquals(rejected.length, 1, `${rejected.length} attempts with the refused token`);
  await conn.close();
  await second.close();
  await served;
});
