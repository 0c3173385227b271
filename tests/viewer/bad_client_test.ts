import { assert, assertEquals } from "../_util/assert.ts";
import { concat } from "../_util/hex.ts";
import { encodeFrame } from "../../src/protocol/frame.ts";
import { SessionHost } from "../../viewer/shared/session_host.ts";
import { FakeApp, settle, textTree, until } from "./_harness.ts";

function header(type: number, length: number): Uint8Array {
  const h = new Uint8Array(8);
  h.set([0x56, 0x50, 1, type]);
  new DataView(h.buffer).setUint32(4, length, true);
  return h;
}

Deno.test("bad clients: garbage, a 3 GB length, unknown ids and deep CBOR leave others untouched", async () => {
  const host = new SessionHost();
  const good = new FakeApp(host);
  await good.send({ type: "REGION", action: "attach", session: "good" });
  await good.send(textTree("steady", "0"));
  await until(() => host.session("good")?.text() === "steady\n0", "good app");
  const goodSession = host.session("good")!;

  const garbage = new FakeApp(host);
  await garbage.send({ type: "REGION", action: "attach", session: "garbage" });
  await garbage.send(textTree("before garbage"));
  await settle();
  await garbage.sendRaw(new TextEncoder().encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));

  const huge = new FakeApp(host);
  await huge.send({ type: "REGION", action: "attach", session: "huge" });
  await huge.send(textTree("before huge"));
  await settle();
  await huge.sendRaw(concat(header(0x03, 3_000_000_000), new Uint8Array(64)));

  const unknown = new FakeApp(host);
  await unknown.send({ type: "REGION", action: "attach", session: "unknown" });
  await unknown.send(textTree("u"));
  await unknown.send({ type: "PATCH", patches: [{ target: 4242, set: { content: "x" } }] });

  const deep = new FakeApp(host);
  await deep.send({ type: "REGION", action: "attach", session: "deep" });
  await deep.send(textTree("d"));
  const nested = new Uint8Array(100_001).fill(0x81);
  nested[100_000] = 0x00;
  await deep.sendRaw(encodeFrame(0x03, nested));

  await until(() => garbage.closedByPeer && huge.closedByPeer, "broken framing closes");
  const unknownErr = await unknown.next("ERROR");
  assertEquals(unknownErr.code, "unknown_target");
  const deepErr = await deep.next("ERROR");
  assert(["too_large", "bad_cbor"].includes(deepErr.code), deepErr.code);
  assertEquals(deepErr.ref, 3);

  // Only the connections whose framing broke were closed; their sessions keep their state.
  assertEquals(unknown.closedByPeer, false);
  assertEquals(deep.closedByPeer, false);
  assertEquals(host.session("garbage")?.state, "disconnected");
  assertEquals(host.session("garbage")?.text(), "before garbage");
  assertEquals(host.session("huge")?.text(), "before huge");
  assertEquals(host.session("unknown")?.text(), "u");
  assertEquals(host.session("deep")?.text(), "d");

  // The good app never saw an error and keeps working.
  assertEquals(good.of("ERROR"), []);
  assertEquals(goodSession.rejected, 0);
  await good.send({ type: "PATCH", patches: [{ target: 3, set: { content: "1" } }] });
  await until(() => goodSession.text() === "steady\n1", "good app still applies");
  await deep.send({ type: "PATCH", patches: [{ target: 2, set: { content: "d2" } }] });
  await until(() => host.session("deep")?.text() === "d2", "deep app recovers");

  for (const app of [good, garbage, huge, unknown, deep]) await app.close();
  await host.close();
});
