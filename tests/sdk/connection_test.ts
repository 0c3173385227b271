import {
  assert,
  assertEquals,
  assertRejectsViewportError,
  assertViewportError,
} from "../_util/assert.ts";
import { FakeViewer } from "../_util/fake_viewer.ts";
import { memoryPair, type Transport } from "../../src/transport/mod.ts";
import { encodeMessage } from "../../src/protocol/wire.ts";
import { connect, type ConnectOptions } from "../../src/sdk/connect.ts";
import { box, canvas, clickable, column, input, scroll, text } from "../../src/sdk/components.ts";
import type { Connection } from "../../src/sdk/connection.ts";

const ENV = { VIEWPORT: "unix:///tmp/vp-test.sock", VIEWPORT_SESSION: "sess-test" };

/** An app connected to a FakeViewer over the in-memory transport. */
async function pair(
  extra: ConnectOptions = {},
): Promise<{ conn: Connection; viewer: FakeViewer; dials: Transport[] }> {
  let viewer!: FakeViewer;
  const dials: Transport[] = [];
  const conn = await connect({
    env: ENV,
    dial: () => {
      const [app, v] = memoryPair();
      dials.push(v);
      viewer = new FakeViewer(v);
      return Promise.resolve(app);
    },
    reconnect: false,
    ...extra,
  });
  return { conn, viewer, dials };
}

Deno.test("viewer mode: attach first, ENV received, title", async () => {
  const { conn, viewer } = await pair();
  assertEquals(conn.outputMode.type, "viewer");
  assertEquals(conn.env.display_width, 100);
  conn.title("demo");
  await conn.flush();
  await viewer.until(() => viewer.messages.length >= 2);
  assertEquals(viewer.messages[0], {
    type: "REGION",
    action: "attach",
    session: "sess-test",
    ping: true,
  });
  assertEquals(viewer.messages[1], { type: "REGION", action: "title", title: "demo" });
  await conn.close();
  await viewer.done;
  assertEquals(viewer.messages.at(-1), { type: "REGION", action: "close" });
});

Deno.test("viewer mode: the standard slots sent right after ENV reach the app's model", async () => {
  const conn = await connect({
    env: ENV,
    dial: () => {
      const [app, v] = memoryPair();
      new FakeViewer(v);
      // ENV, then at once the viewer's first slots, as a viewer does on connect.
      void v.send(
        encodeMessage({ type: "DEFINE", slot: 0, value: { kind: "color", value: "#eff1f5" } }),
      );
      void v.send(
        encodeMessage({ type: "DEFINE", slot: 1, value: { kind: "color", value: "#4c4f69" } }),
      );
      return Promise.resolve(app);
    },
    reconnect: false,
  });
  for (let i = 0; i < 100 && !conn.model.slots.get(1); i++) {
    await new Promise((r) => setTimeout(r, 5));
  }
  assertEquals(conn.model.slots.get(0)?.value, "#eff1f5");
  assertEquals(conn.model.slots.get(1)?.value, "#4c4f69");
  await conn.close();
});

Deno.test("every Connection method produces the right frames", async () => {
  const { conn, viewer } = await pair();
  const label = text("a", { id: 2 });
  const root = column({ id: 1 }, [label]);
  conn.setTree(root);
  await conn.flush();
  conn.set(label, { content: "b" });
  await conn.flush();
  conn.append(root, text("c", { id: 3 }));
  await conn.flush();
  conn.insert(root, 0, text("z", { id: 4 }));
  await conn.flush();
  conn.move(root, 0, 2);
  await conn.flush();
  conn.replace(3, text("C", { id: 5 }));
  await conn.flush();
  conn.remove(4);
  await conn.flush();
  conn.define(200, { kind: "color", value: "#ff0000" });
  const ref = conn.schema(10, [{ name: "n", type: "string" }, { name: "v", type: "int64" }]);
  conn.data(["x", 1], { schema: ref });
  conn.data({ n: "y", v: 2 }, { schema: 10 });
  conn.patch({ target: 1, set: { gap: 1 } });
  const c = canvas({ id: 6, alt: "chart" });
  conn.append(root, c);
  conn.draw(c, [["fill_rect", 0, 0, 1, 1]]);
  await conn.flush();
  await viewer.until(() => viewer.of("CANVAS").length === 1);
  const types = viewer.messages.slice(1).map((m) => m.type).join(",");
  assertEquals(
    types,
    "TREE,PATCH,PATCH,PATCH,PATCH,PATCH,PATCH,DEFINE,SCHEMA,PATCH,DATA,CANVAS",
  );
  const patches = viewer.of("PATCH").map((m) => m.patches);
  assertEquals(patches[0], [{ target: 2, set: { content: "b" } }]);
  assert(patches[1][0].children_insert?.index === 1);
  assertEquals(patches[3], [{ target: 1, children_move: { from: 0, to: 2 } }]);
  assertEquals(patches[5], [{ target: 4, remove: true }]);
  assertEquals(viewer.of("SCHEMA")[0].columns, [
    { id: 0, name: "n", type: "string" },
    { id: 1, name: "v", type: "int64" },
  ]);
  // The dict row was mapped to a positional one and batched with the first.
  assertEquals(viewer.of("DATA")[0].rows, [["x", 1], ["y", 2]]);
  assertEquals(viewer.of("PATCH").at(-1)!.patches.length, 2);
  assertEquals(viewer.errors, []);
  assertEquals(viewer.projection(), conn.projection());
  assertEquals(viewer.model.tree.get(2)?.props.content, "b");
  await conn.close();
  await viewer.done;
});

Deno.test("a tick's patches go out as one PATCH frame and rows as rows batches", async () => {
  const { conn, viewer } = await pair();
  const items = Array.from({ length: 3 }, (_, i) => text(`${i}`, { id: 10 + i }));
  conn.setTree(column({ id: 1 }, items));
  conn.schema(7, [{ name: "a", type: "string" }, { name: "b", type: "uint64" }]);
  await conn.flush();
  const before = viewer.messages.length;
  for (const it of items) conn.set(it, { content: "x" });
  for (let i = 0; i < 10_000; i++) conn.data([`r${i}`, i], { schema: 7 });
  await conn.flush();
  await viewer.until(() => viewer.model.data.schema(7)!.rows.length === 10_000);
  const sent = viewer.messages.slice(before);
  assertEquals(sent.map((m) => m.type), ["PATCH", "DATA", "DATA", "DATA"]);
  assertEquals((sent[0] as { patches: unknown[] }).patches.length, 3);
  assertEquals(sent.slice(1).map((m) => (m as { rows: unknown[] }).rows.length), [
    4096,
    4096,
    1808,
  ]);
  await conn.close();
});

Deno.test("bad calls throw at the call site and send nothing", async () => {
  const { conn, viewer } = await pair();
  conn.setTree(box({ id: 1 }));
  assertViewportError(() => conn.patch({ target: 99, set: { a: 1 } }), "unknown_target", /99/);
  assertViewportError(() => conn.append(1, text("dup", { id: 1 })), "duplicate_id", /1/);
  assertViewportError(() => conn.move(1, 0, 3), "out_of_range", /./);
  await conn.flush();
  await viewer.until(() => viewer.of("TREE").length === 1);
  await conn.close();
  await viewer.done;
  assertEquals(viewer.types(), "REGION,TREE,REGION");
  assertViewportError(() => conn.setTree(text("late")), "closed", /closed/);
});

Deno.test("INPUT is dispatched to the target's handler and bubbles to ancestors", async () => {
  const { conn, viewer } = await pair();
  let count = 0;
  const label = text("Counter: 0", { id: 2 });
  const button = clickable(box({ id: 3 }, [text("+", { id: 4 })]), () => {
    count++;
    conn.set(label, { content: `Counter: ${count}` });
  });
  const values: string[] = [];
  const field = input({ id: 5, onChange: (e) => values.push(e.value!) });
  conn.setTree(column({ id: 1 }, [label, button, field]));
  await conn.flush();
  const inputs: string[] = [];
  conn.on("input", (e) => inputs.push(`${e.kind}@${e.target}`));
  await viewer.send({ type: "INPUT", kind: "click", target: 3 });
  await viewer.send({ type: "INPUT", kind: "click", target: 4 });
  await viewer.send({ type: "INPUT", kind: "value_change", target: 5, value: "hi" });
  await viewer.send({ type: "INPUT", kind: "click", target: 999 });
  await viewer.until(() => viewer.model.tree.get(2)?.props.content === "Counter: 2");
  assertEquals(count, 2);
  assertEquals(values, ["hi"]);
  assertEquals(inputs, ["click@3", "click@4", "value_change@5", "click@999"]);
  await conn.close();
});

Deno.test("handlers of removed nodes are dropped; render() re-registers them", async () => {
  const { conn, viewer } = await pair();
  let clicks = 0;
  const view = (n: number) =>
    column({ id: 1 }, [
      text(`n=${n}`, { id: 2 }),
      ...(n < 2 ? [clickable(box({ id: 3 }), () => conn.render(view(++clicks)))] : []),
    ]);
  conn.render(view(0));
  await conn.flush();
  await viewer.send({ type: "INPUT", kind: "click", target: 3 });
  await viewer.until(() => viewer.model.tree.get(2)?.props.content === "n=1");
  await viewer.send({ type: "INPUT", kind: "click", target: 3 });
  await viewer.until(() => viewer.model.tree.get(2)?.props.content === "n=2");
  assertEquals(viewer.model.tree.get(3), undefined);
  // render() sent only the differences after the first TREE.
  assertEquals(viewer.of("TREE").length, 1);
  assertEquals(viewer.of("PATCH").at(-1)!.patches, [
    { target: 3, remove: true },
    { target: 2, set: { content: "n=2" } },
  ]);
  await viewer.send({ type: "INPUT", kind: "click", target: 3 });
  await conn.flush();
  assertEquals(clicks, 2);
  await conn.close();
});

Deno.test("events: callbacks and an async iterator; viewer DEFINE, ERROR, REGION close", async () => {
  const { conn, viewer } = await pair();
  const seen: string[] = [];
  const iterated = (async () => {
    for await (const ev of conn.events()) seen.push(ev.type);
  })();
  const errors: string[] = [];
  conn.on("error", (e) => errors.push("code" in e ? e.code : ""));
  await viewer.send({ type: "DEFINE", slot: 3, value: { kind: "color", value: "#000" } });
  await viewer.send({ type: "ERROR", code: "unknown_target", message: "x" });
  await viewer.send({ type: "ENV", display_width: 120 });
  await viewer.send({ type: "REGION", action: "close" });
  await conn.done;
  await iterated;
  assertEquals(seen, ["error", "env", "region", "close"]);
  assertEquals(errors, ["unknown_target"]);
  assertEquals(conn.env.display_width, 120);
  assertEquals(conn.model.slots.get(3)?.value, "#000");
  assert(conn.closed);
});

Deno.test("reconnect: the state and the retained rows are re-sent to the new viewer", async () => {
  const viewers: FakeViewer[] = [];
  let refuse = 0;
  const conn = await connect({
    env: ENV,
    retainRows: 50,
    dial: () => {
      if (viewers.length > 0 && refuse-- > 0) return Promise.reject(new Error("ECONNREFUSED"));
      const [app, v] = memoryPair();
      viewers.push(new FakeViewer(v));
      return Promise.resolve(app);
    },
    reconnect: { initialDelayMs: 5, maxDelayMs: 20 },
  });
  const reconnects: number[] = [];
  conn.on("reconnect", (e) => reconnects.push(e.attempt));
  conn.define(200, { kind: "color", value: "#123456" });
  conn.schema(9, [{ name: "i", type: "uint64" }]);
  conn.setTree(column({ id: 1 }, [text("before", { id: 2 }), scroll({ id: 3, schema: 9 })]));
  for (let i = 0; i < 30; i++) conn.data([i], { schema: 9 });
  await conn.flush();
  await viewers[0].until(() => viewers[0].model.data.schema(9)?.rows.length === 30);
  refuse = 2;
  await viewers[0].close(); // the viewer goes away
  // The app keeps working while disconnected.
  conn.set(2, { content: "during" });
  for (let i = 30; i < 60; i++) conn.data([i], { schema: 9 });
  await conn.flush();
  await new Promise<void>((r) => conn.on("reconnect", () => r()));
  const v = viewers[1];
  await v.until(() => v.model.data.schema(9)?.rows.length === 50);
  assertEquals(reconnects, [3]);
  assertEquals(v.messages[0], {
    type: "REGION",
    action: "attach",
    session: "sess-test",
    ping: true,
  });
  assertEquals(v.model.tree.get(2)?.props.content, "during");
  assertEquals(v.model.slots.get(200)?.value, "#123456");
  const rows = v.model.data.schema(9)!.rows.toArray().map((r) => r[0]);
  assertEquals(rows, Array.from({ length: 50 }, (_, i) => BigInt(i + 10)).map(Number));
  assertEquals(conn.model.data.schema(9)!.rows.dropped, 10);
  await conn.close();
});

Deno.test("the first dial failing is a clear error", async () => {
  await assertRejectsViewportError(
    () => connect({ env: ENV, dial: () => Promise.reject(new Error("ENOENT: no such file")) }),
    "closed",
    /cannot reach the viewer at unix:\/\/\/tmp\/vp-test.sock: ENOENT/,
  );
});
