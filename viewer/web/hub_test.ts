import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { HEADER_SIZE } from "../../src/protocol/constants.ts";
import { decodeFrameHeader } from "../../src/protocol/frame.ts";
import type { Message } from "../../src/protocol/messages/types.ts";
import { decodeFrame } from "../../src/protocol/wire.ts";
import { Hub, type TabSocket } from "./hub.ts";
import { ModelSessionSource } from "./model_source.ts";

/** A socket that records what it was sent, split into control and frames. */
class FakeSocket implements TabSocket {
  sent: (string | Message[])[] = [];
  closed: number | null = null;
  bufferedAmount = 0;
  send(data: string | Uint8Array): void {
    if (typeof data === "string") return void this.sent.push(data);
    const frames: Message[] = [];
    for (let at = 0; at < data.length;) {
      const end = at + HEADER_SIZE + decodeFrameHeader(data, at).length;
      frames.push(
        decodeFrame({
          type: data[at + 3],
          payload: data.subarray(at + HEADER_SIZE, end),
          offset: at,
        }),
      );
      at = end;
    }
    this.sent.push(frames);
  }
  close(code?: number): void {
    this.closed = code ?? 1000;
  }
  types(): string[] {
    return this.sent.flatMap((s) =>
      typeof s === "string" ? [JSON.parse(s).type as string] : s.map((m) => m.type)
    );
  }
}

const turn = () => new Promise((r) => setTimeout(r, 0));
const text = (content: string): Message => ({
  type: "TREE",
  root: { id: 1, type: "text", props: { content } },
});

Deno.test("hub: frames of one turn go in one message, to every tab on the session", async () => {
  const source = new ModelSessionSource();
  source.add("a");
  source.apply("a", text("0"));
  const hub = new Hub(source);
  const one = new FakeSocket(), two = new FakeSocket();
  hub.open(one, "a");
  hub.open(two, "a");
  await turn();
  for (const s of [one, two]) {
    assertEquals(typeof s.sent[0], "string");
    assertEquals(typeof s.sent[1], "string");
    assertEquals(s.sent.length, 3, "the whole snapshot in one binary message");
  }
  for (let i = 1; i <= 3; i++) {
    source.apply("a", { type: "PATCH", patches: [{ target: 1, set: { content: String(i) } }] });
  }
  await turn();
  for (const s of [one, two]) {
    const last = s.sent.at(-1) as Message[];
    assertEquals(last.map((m) => m.type), ["PATCH", "PATCH", "PATCH"]);
  }
  hub.dispose();
});

Deno.test("hub: control messages keep their place after queued frames", async () => {
  const source = new ModelSessionSource();
  source.add("a");
  const hub = new Hub(source);
  const s = new FakeSocket();
  hub.open(s, "a");
  source.apply("a", text("x"));
  source.add("b"); // a session list update while a TREE is queued
  await turn();
  const types = s.types();
  assert(types.indexOf("TREE") < types.lastIndexOf("sessions"), types.join());
  hub.dispose();
});

Deno.test("hub: reset resends the snapshot; removal detaches; a new session attaches idle tabs", async () => {
  const source = new ModelSessionSource();
  source.add("a");
  source.apply("a", text("before"));
  const hub = new Hub(source);
  const s = new FakeSocket();
  hub.open(s, "a");
  source.reset("a");
  source.apply("a", text("after"));
  await turn();
  const attaches = s.sent.filter((x) => typeof x === "string" && x.includes('"attach"'));
  assertEquals(attaches.length, 2);
  source.remove("a");
  const idle = new FakeSocket();
  hub.open(idle);
  source.add("b");
  await turn();
  assert(s.types().includes("detach"));
  assert(idle.types().includes("attach"), idle.types().join());
  hub.dispose();
});

Deno.test("hub: a tab too far behind is closed, to reconnect for a fresh snapshot", async () => {
  const source = new ModelSessionSource();
  source.add("a");
  const hub = new Hub(source, { maxBuffered: 1000 });
  const slow = new FakeSocket(), fast = new FakeSocket();
  hub.open(slow, "a");
  hub.open(fast, "a");
  slow.bufferedAmount = 5000;
  source.apply("a", text("x"));
  await turn();
  assertEquals(slow.closed, 1013);
  assertEquals(fast.closed, null);
  assertEquals(hub.tabs, 1);
  hub.dispose();
});

Deno.test("hub: a tab's resize reaches the source; bad control messages get ERROR", async () => {
  const source = new ModelSessionSource();
  source.add("a");
  const hub = new Hub(source);
  const s = new FakeSocket();
  const tab = hub.open(s, "a");
  hub.receive(tab, JSON.stringify({ type: "resize", width: 100, height: 30 }));
  assertEquals(source.sizes.get("a"), { width: 100, height: 30 });
  for (
    const bad of [
      { type: "resize", width: 0, height: 30 },
      { type: "resize", width: 1.5, height: 30 },
      { type: "resize", width: 100, height: 1e9 },
      { type: "select", session: "nope" },
      { type: "other" },
    ]
  ) hub.receive(tab, JSON.stringify(bad));
  hub.receive(tab, "{not json");
  hub.receive(tab, "x".repeat(5000));
  await turn();
  const errors = s.sent.flatMap((x) => typeof x === "string" ? [] : x)
    .filter((m) => m.type === "ERROR").map((m) => m.type === "ERROR" ? m.code : "");
  assertEquals(errors, [
    "bad_message",
    "bad_message",
    "bad_message",
    "unknown_target",
    "bad_message",
    "bad_message",
    "bad_message",
  ]);
  assertEquals(source.sizes.get("a"), { width: 100, height: 30 });
  hub.dispose();
});

Deno.test("hub: a tab closes a session; focus of the tabs looking at it reaches the source", async () => {
  const source = new ModelSessionSource();
  source.add("a");
  source.add("b");
  const hub = new Hub(source);
  const s1 = new FakeSocket(), s2 = new FakeSocket();
  const t1 = hub.open(s1, "a"), t2 = hub.open(s2, "a");
  hub.receive(t1, JSON.stringify({ type: "focus", focused: true }));
  assertEquals(source.focused.get("a"), true);
  // Another tab losing the focus changes nothing while one still has it.
  hub.receive(t2, JSON.stringify({ type: "focus", focused: false }));
  assertEquals(source.focused.get("a"), true);
  // The focused tab switches away: "a" is blurred, "b" focused.
  hub.receive(t1, JSON.stringify({ type: "select", session: "b" }));
  assertEquals([source.focused.get("a"), source.focused.get("b")], [false, true]);
  // The app of "b" re-attaches (a reconnect): it is told the focus again.
  source.focused.delete("b");
  source.reset("b");
  assertEquals(source.focused.get("b"), true, "REGION focus again after a re-attach");
  hub.close(t1);
  assertEquals(source.focused.get("b"), false);
  // The close control: the session goes, for every tab.
  hub.receive(t2, JSON.stringify({ type: "close", session: "a" }));
  assertEquals(source.closed, ["a"]);
  assert(s2.sent.some((s) => typeof s === "string" && JSON.parse(s).type === "detach"));
  hub.receive(t2, JSON.stringify({ type: "close", session: "nope" }));
  await turn(); // frames go out at the end of the turn
  const last = s2.sent.at(-1);
  assert(Array.isArray(last) && last[0].type === "ERROR");
  hub.dispose();
});
