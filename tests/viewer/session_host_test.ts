import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { STANDARD_SLOTS } from "../../src/model/standard_slots.ts";
import { encodeFrame } from "../../src/protocol/frame.ts";
import { slot } from "../../src/protocol/slot_ref.ts";
import { SessionHost } from "../../viewer/shared/session_host.ts";
import type { SessionEvent } from "../../viewer/shared/session.ts";
import { FakeApp, settle, textTree, until } from "./_harness.ts";

Deno.test("session host: ENV then the standard DEFINEs come first", async () => {
  const host = new SessionHost();
  const app = new FakeApp(host, { session: "sess-abc" });
  await app.next("DEFINE", STANDARD_SLOTS.size);
  const first = app.received[0];
  assert(first.type === "ENV", `first message is ${first.type}`);
  assertEquals(first.display_width, 80);
  assertEquals(first.display_height, 24);
  assertEquals(first.display_unit, "cell");
  assertEquals(first.viewport_version, 1);
  assertEquals(first.session, "sess-abc");
  const defines = app.received.slice(1, 1 + STANDARD_SLOTS.size);
  assertEquals(defines.map((m) => m.type === "DEFINE" ? m.slot : -1), [...STANDARD_SLOTS.keys()]);
  await app.close();
  await host.close();
});

Deno.test("session host: attach names the session; messages apply to its model", async () => {
  const host = new SessionHost();
  const added: string[] = [];
  host.observe({ sessionAdded: (s) => added.push(s.id) });
  const app = new FakeApp(host);
  await app.send({ type: "REGION", action: "attach", session: "counter" });
  await app.send(textTree("Counter: 0"));
  await app.send({ type: "PATCH", patches: [{ target: 2, set: { content: "Counter: 1" } }] });
  await app.send({ type: "REGION", action: "title", title: "Counter" });
  await until(() => host.session("counter")?.title === "Counter", "title");
  const s = host.session("counter")!;
  assertEquals(s.text(), "Counter: 1");
  assertEquals(s.state, "live");
  assertEquals(added, ["counter"]);
  assertEquals(app.of("ERROR"), []);
  await app.close();
  assertEquals(s.state, "disconnected");
  assertEquals(s.text(), "Counter: 1", "a disconnected session keeps its state");
  await host.close();
});

Deno.test("session host: an app without attach gets sess-N and learns it from ENV", async () => {
  const host = new SessionHost();
  const app = new FakeApp(host);
  await app.send(textTree("anon"));
  const env = await app.next("ENV", 2);
  assertEquals(env.session, "sess-1");
  assertEquals(host.session("sess-1")?.text(), "anon");
  const spawned = new FakeApp(host, { session: "given" });
  await spawned.send(textTree("child"));
  await until(() => host.session("given") !== undefined, "expected session");
  assertEquals(spawned.of("ENV").length, 1, "the expected id was already in the first ENV");
  await app.close();
  await spawned.close();
  await host.close();
});

Deno.test("session host: a rejected patch gets ERROR with code and ref; state is kept", async () => {
  const host = new SessionHost();
  const app = new FakeApp(host);
  await app.send({ type: "REGION", action: "attach", session: "s" });
  await app.send(textTree("a", "b"));
  await app.send({
    type: "PATCH",
    patches: [{ target: 2, set: { content: "changed" } }, { target: 99, set: { content: "x" } }],
  });
  const err = await app.next("ERROR");
  assertEquals(err.code, "unknown_target");
  assertEquals(err.ref, 3);
  assertMatch(err.message, /99/);
  const s = host.session("s")!;
  assertEquals(s.text(), "a\nb", "the whole batch was rejected");
  assertEquals(s.rejected, 1);
  await app.send({ type: "PATCH", patches: [{ target: 3, set: { content: "B" } }] });
  await until(() => s.text() === "a\nB", "later patch");
  await app.close();
  await host.close();
});

Deno.test("session host: messages only a viewer sends are refused", async () => {
  const host = new SessionHost();
  const app = new FakeApp(host);
  await app.send({ type: "INPUT", kind: "key", key: "a" });
  await app.send({ type: "REGION", action: "resize", width: 1, height: 1 });
  const e1 = await app.next("ERROR");
  const e2 = await app.next("ERROR", 2);
  assertEquals([e1.code, e2.code], ["bad_message", "unsupported"]);
  assertMatch(e1.message, /INPUT is sent by the viewer/);
  assertMatch(e2.message, /attach, title or close/);
  await app.close();
  await host.close();
});

Deno.test("session host: too_large for nodes, slots and payload; the last good state stays", async () => {
  const host = new SessionHost({ limits: { maxNodes: 3, maxSlots: 128, maxPayload: 200 } });
  const app = new FakeApp(host);
  await app.send({ type: "REGION", action: "attach", session: "s" });
  await app.send(textTree("a", "b"));
  await app.send(textTree("a", "b", "c", "d"));
  const e1 = await app.next("ERROR");
  assertEquals(e1.code, "too_large");
  assertMatch(e1.message, /3 nodes/);
  const s = host.session("s")!;
  assertEquals(s.text(), "a\nb");
  // 14 standard slots + 114 of the app's fill the table; the 115th is refused.
  for (let i = 0; i < 115; i++) {
    await app.send({ type: "DEFINE", slot: 200 + i, value: { kind: "data", value: i } });
  }
  const e2 = await app.next("ERROR", 2);
  assertEquals(e2.code, "too_large");
  assertMatch(e2.message, /slot 314: .*128 slots/);
  assertEquals(s.model.slots.size, 128);
  await app.send({ type: "PATCH", patches: [{ target: 2, set: { content: "x".repeat(300) } }] });
  const e3 = await app.next("ERROR", 3);
  assertEquals(e3.code, "too_large");
  assertMatch(e3.message, /PATCH frame of \d+ bytes exceeds the limit of 200/);
  assertEquals(s.text(), "a\nb");
  assertEquals(app.closedByPeer, false, "limits never close the connection");
  await app.close();
  await host.close();
});

Deno.test("session host: retained rows are bounded per schema, not refused", async () => {
  const host = new SessionHost({ limits: { maxRows: 2 } });
  const app = new FakeApp(host);
  await app.send({ type: "SCHEMA", slot: 200, columns: [{ id: 0, name: "n", type: "int64" }] });
  await app.send({
    type: "TREE",
    root: { id: 1, type: "scroll", props: { schema: slot(200) }, children: [] },
  });
  await app.send({ type: "DATA", schema: slot(200), rows: [[1], [2], [3], [4]] });
  await until(() => host.session("sess-1")?.text().includes("4") ?? false, "rows");
  assertEquals(host.session("sess-1")!.text(), "n\n(2 earlier rows dropped)\n3\n4");
  assertEquals(app.of("ERROR"), []);
  await app.close();
  await host.close();
});

Deno.test("session host: connections over the limit are refused with too_large", async () => {
  const host = new SessionHost({ limits: { maxConnections: 1 } });
  const a = new FakeApp(host);
  // A connection that has sent a valid frame keeps its slot (a silent one would give way).
  await a.send({ type: "REGION", action: "attach", session: "a" });
  await until(() => host.pendingCount === 0, "a promoted");
  const b = new FakeApp(host);
  const err = await b.next("ERROR");
  assertEquals(err.code, "too_large");
  await until(() => b.closedByPeer, "refused connection closed");
  assertEquals(host.connectionCount, 1);
  await a.close();
  await b.close();
  await host.close();
});

Deno.test("session host: a re-attaching app gets its region back and rebuilds its state", async () => {
  const host = new SessionHost();
  const events: string[] = [];
  host.observe({
    sessionAdded: (s) => events.push(`added ${s.id}`),
    sessionChanged: (_s, e: SessionEvent) => {
      if (e.type === "reset") events.push("reset");
    },
  });
  const first = new FakeApp(host);
  await first.send({ type: "REGION", action: "attach", session: "app-1" });
  await first.send({ type: "SCHEMA", slot: 200, columns: [{ id: 0, name: "n", type: "int64" }] });
  await first.send({
    type: "TREE",
    root: { id: 1, type: "scroll", props: { schema: slot(200) }, children: [] },
  });
  await first.send({ type: "DATA", schema: slot(200), rows: [[1], [2]] });
  await settle();
  const session = host.session("app-1")!;
  assertEquals(session.text(), "n\n1\n2");
  await first.close();
  assertEquals(session.state, "disconnected");

  const again = new FakeApp(host);
  await again.send({ type: "REGION", action: "attach", session: "app-1" });
  await settle();
  assert(host.session("app-1") === session, "same session object");
  assertEquals(session.state, "live");
  assertEquals(session.text(), "n\n1\n2", "old state shown until the app re-sends");
  await again.send({ type: "SCHEMA", slot: 200, columns: [{ id: 0, name: "n", type: "int64" }] });
  await again.send({
    type: "TREE",
    root: { id: 1, type: "scroll", props: { schema: slot(200) }, children: [] },
  });
  await again.send({ type: "DATA", schema: slot(200), rows: [[1], [2], [3]] });
  await until(() => session.text() === "n\n1\n2\n3", "rebuilt state without duplicates");
  assertEquals(session.model.slots.get(0)?.value, STANDARD_SLOTS.get(0)?.value);
  assertEquals(events, ["added app-1", "reset"]);
  assertEquals(host.sessions.length, 1);
  await again.close();
  await host.close();
});

Deno.test("session host: attaching to a live session gives a fresh one with duplicate_id", async () => {
  const host = new SessionHost();
  const a = new FakeApp(host);
  await a.send({ type: "REGION", action: "attach", session: "x" });
  await a.send(textTree("a"));
  await until(() => host.session("x") !== undefined, "x");
  const b = new FakeApp(host);
  await b.send({ type: "REGION", action: "attach", session: "x" });
  const err = await b.next("ERROR");
  assertEquals(err.code, "duplicate_id");
  const env = await b.next("ENV", 2);
  assertEquals(env.session, "sess-1");
  await b.send(textTree("b"));
  await until(() => host.session("sess-1")?.text() === "b", "b applied to its own session");
  assertEquals(host.session("x")!.text(), "a");
  await a.close();
  await b.close();
  await host.close();
});

Deno.test("session host: input, resize, focus, blur and close reach the app", async () => {
  const host = new SessionHost({ closeGraceMs: 50 });
  const removed: string[] = [];
  host.observe({ sessionRemoved: (s) => removed.push(s.id) });
  const app = new FakeApp(host);
  await app.send({ type: "REGION", action: "attach", session: "s" });
  await app.send(textTree("a"));
  await until(() => host.session("s") !== undefined, "session");
  const s = host.session("s")!;
  assert(await s.input({ kind: "key", key: "ctrl+s" }));
  assert(await s.resize(100, 30));
  assert(await s.focus());
  assert(await s.blur());
  const input = await app.next("INPUT");
  assertEquals([input.kind, input.key], ["key", "ctrl+s"]);
  await app.next("REGION", 3);
  assertEquals(app.of("REGION").map((r) => r.action), ["resize", "focus", "blur"]);
  assertEquals([app.of("REGION")[0].width, app.of("REGION")[0].height], [100, 30]);
  assert(host.closeSession("s"));
  assertEquals(removed, ["s"]);
  assertEquals(s.state, "closed");
  await app.next("REGION", 4);
  assertEquals(app.of("REGION")[3].action, "close");
  await app.send(textTree("ignored after close"));
  await until(() => app.closedByPeer, "connection cut after the grace period");
  assertEquals(host.sessions.length, 0, "no new session from a closed app");
  assertEquals(await s.input({ kind: "key", key: "a" }), false);
  await app.close();
  await host.close();
});

Deno.test("session host: an app's REGION close ends its session, which stays on show", async () => {
  const host = new SessionHost();
  const app = new FakeApp(host);
  await app.send({ type: "REGION", action: "attach", session: "s" });
  await app.send(textTree("a"));
  await app.send({ type: "REGION", action: "close" });
  await until(() => host.session("s")?.state === "ended", "ended");
  assertEquals(host.session("s")!.text(), "a");
  await app.close();
  assertEquals(host.session("s")!.state, "ended", "a closed connection does not change it");
  const back = new FakeApp(host);
  await back.send({ type: "REGION", action: "attach", session: "s" });
  await until(() => host.session("s")?.state === "live", "revived");
  await back.close();
  await host.close();
});

Deno.test("session host: CANVAS in a mode the display lacks is unsupported", async () => {
  const host = new SessionHost();
  const app = new FakeApp(host);
  await app.send({
    type: "TREE",
    root: { id: 1, type: "canvas", props: { alt: "chart" } },
  });
  await app.send({ type: "CANVAS", target: 1, mode: "webgpu", commands: [] });
  await app.send({
    type: "CANVAS",
    target: 1,
    mode: "vector2d",
    commands: [["fill_rect", 0, 0, 1, 1]],
  });
  const err = await app.next("ERROR");
  assertEquals(err.code, "unsupported");
  assertMatch(err.message, /webgpu.*vector2d/);
  await until(() => host.session("sess-1")?.model.canvases.size === 1, "vector2d drawn");
  await app.close();
  await host.close();
});

Deno.test("session host: an unknown type byte is reported once and skipped", async () => {
  const host = new SessionHost();
  const app = new FakeApp(host);
  await app.sendRaw(encodeFrame(0x7e, new Uint8Array([0xa0])));
  await app.sendRaw(encodeFrame(0x7e, new Uint8Array([0xa0])));
  await app.send(textTree("ok"));
  await until(() => host.session("sess-1")?.text() === "ok", "later frame applied");
  const errors = app.of("ERROR");
  assertEquals(errors.length, 1);
  assertEquals(errors[0].code, "unsupported");
  await app.close();
  await host.close();
});

Deno.test("session host: a throwing observer does not break the host", async () => {
  const lines: string[] = [];
  const host = new SessionHost({ log: (l) => lines.push(l) });
  host.observe({
    sessionChanged: () => {
      throw new Error("observer bug");
    },
  });
  const app = new FakeApp(host);
  await app.send(textTree("a"));
  await until(() => host.session("sess-1")?.text() === "a", "applied");
  assert(lines.some((l) => l.includes("observer bug")));
  await app.close();
  await host.close();
});
