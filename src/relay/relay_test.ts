import { assertEquals } from "../../tests/_util/assert.ts";
import { encodeFrame } from "../protocol/frame.ts";
import type { Message } from "../protocol/messages/types.ts";
import { decodeFrame, encodeMessage } from "../protocol/wire.ts";
import { connect, listen, memoryPair, type Transport } from "../transport/mod.ts";
import { relay } from "./relay.ts";

const attach = (session: string): Message => ({ type: "REGION", action: "attach", session });
const tree = (content: string): Message => ({
  type: "TREE",
  root: { id: 1, type: "text", props: { content } },
});

async function take(t: Transport, n: number): Promise<Message[]> {
  const out: Message[] = [];
  const it = t.frames();
  while (out.length < n) {
    const r = await it.next();
    if (r.done) break;
    out.push(decodeFrame(r.value));
  }
  return out;
}

/** An app and a viewer, each with the relay in between (memory transports). */
function setup(options: { session: string; holdUntilAppSpeaks?: boolean }) {
  const [app, appEnd] = memoryPair();
  const [viewerEnd, viewer] = memoryPair();
  const outcomes: string[] = [];
  const done = relay(appEnd, viewerEnd, { ...options, onAttach: (o) => outcomes.push(o) });
  return { app, viewer, done, outcomes };
}

Deno.test("relay: an app that does not attach gets one attach in front", async () => {
  const { app, viewer, done, outcomes } = setup({ session: "s1" });
  await app.send(encodeMessage(tree("a")));
  await app.send(encodeMessage(tree("b")));
  assertEquals(await take(viewer, 3), [attach("s1"), tree("a"), tree("b")]);
  assertEquals(outcomes, ["attached"]);
  await app.close();
  const result = await done;
  assertEquals([result.ended, result.appFrames, result.viewerFrames], ["app", 2, 0]);
  await viewer.close();
});

Deno.test("relay: the app's own attach goes on; another session is renamed; later attaches dropped", async () => {
  for (const [own, outcome] of [["s1", undefined], ["other", "renamed"]] as const) {
    const { app, viewer, done, outcomes } = setup({ session: "s1" });
    await app.send(encodeMessage(attach(own)));
    await app.send(encodeMessage(attach("again")));
    await app.send(encodeMessage(tree("x")));
    assertEquals(await take(viewer, 2), [attach("s1"), tree("x")]);
    assertEquals(outcomes, outcome ? [outcome, "dropped"] : ["dropped"]);
    await app.close();
    await done;
    await viewer.close();
  }
});

Deno.test("relay: the viewer's frames reach the app; the viewer ending closes the app's side", async () => {
  const { app, viewer, done } = setup({ session: "s1" });
  await viewer.send(encodeMessage({ type: "INPUT", kind: "click", target: 3 }));
  assertEquals(await take(app, 1), [{ type: "INPUT", kind: "click", target: 3 }]);
  await viewer.close();
  const result = await done;
  assertEquals(result.ended, "viewer");
  assertEquals((await app.closed).local, false, "the app saw the relay close it");
});

Deno.test("relay: with holdUntilAppSpeaks the viewer's frames wait for the app's first frame", async () => {
  const { app, viewer, done } = setup({ session: "s1", holdUntilAppSpeaks: true });
  await viewer.send(encodeMessage({ type: "ENV", features: [] }));
  const early = app.frames().next();
  const first = await Promise.race([early, new Promise((r) => setTimeout(() => r("held"), 50))]);
  assertEquals(first, "held");
  await app.send(encodeMessage(tree("x")));
  assertEquals(decodeFrame((await early).value!).type, "ENV");
  await app.close();
  await done;
  await viewer.close();
});

Deno.test("relay: 5000 frames over unix sockets arrive whole and in order, both ways", async () => {
  const dir = await Deno.makeTempDir();
  const appSide = await listen(`unix://${dir}/app.sock`);
  const viewerSide = await listen(`unix://${dir}/viewer.sock`);
  const accepted = (l: typeof appSide) => l[Symbol.asyncIterator]().next().then((r) => r.value!);
  const [app, appEnd] = await Promise.all([connect(appSide.uri), accepted(appSide)]);
  const [viewerEnd, viewer] = await Promise.all([connect(viewerSide.uri), accepted(viewerSide)]);
  const done = relay(appEnd, viewerEnd, { session: "s1" });
  const frame = (i: number) => encodeFrame(4, new Uint8Array(1 + (i * 37) % 300).fill(i & 0xff));
  for (let i = 0; i < 5000; i++) void app.send(frame(i));
  for (let i = 0; i < 100; i++) void viewer.send(frame(i));
  const up = viewer.frames();
  assertEquals(decodeFrame((await up.next()).value!), attach("s1"));
  for (let i = 0; i < 5000; i++) {
    const f = (await up.next()).value!;
    assertEquals([f.type, ...f.payload], [...frame(i).subarray(3, 4), ...frame(i).subarray(8)]);
  }
  const down = app.frames();
  for (let i = 0; i < 100; i++) {
    assertEquals([...(await down.next()).value!.payload], [...frame(i).subarray(8)]);
  }
  await app.close();
  assertEquals((await done).appFrames, 5000);
  await viewer.close();
  await appSide.close();
  await viewerSide.close();
  await Deno.remove(dir, { recursive: true });
});
