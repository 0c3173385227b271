import { assert, assertEquals } from "../_util/assert.ts";
import { connect } from "../../src/sdk/connect.ts";
import { defineApp } from "../../src/sdk/app.ts";
import { column, input, scroll, text } from "../../src/sdk/components.ts";

function capture(): { write(b: Uint8Array): number; text(): string } {
  const chunks: Uint8Array[] = [];
  return {
    write(b: Uint8Array) {
      chunks.push(b.slice());
      return b.length;
    },
    text: () => new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c]))),
  };
}

Deno.test("text mode: rows stream as TSV with one header; projection at flush and close", async () => {
  const out = capture();
  const conn = await connect({ env: { VIEWPORT: "text:" }, stdout: out, now: () => 0 });
  assertEquals(conn.outputMode, { type: "text" });
  assert(!conn.interactive);
  const s = conn.schema(128, [
    { name: "name", type: "string" },
    { name: "size", type: "uint64", format: "human_bytes" },
  ]);
  const title = text("Files", { id: 2 });
  conn.setTree(column({ id: 1 }, [title, scroll({ id: 3, schema: s }), input({ id: 4 })]));
  conn.data(["a.txt", 2048], { schema: s });
  conn.data([["b\x1b[31m.txt", 1], ["c", 0]], { schema: s });
  await conn.flush();
  conn.data(["d", 5], { schema: s });
  await conn.flush(); // nothing in the tree changed: no reprint
  conn.set(title, { content: "Files (done)" });
  await conn.close();
  assertEquals(
    out.text(),
    "Files\nname\tsize\na.txt\t2.0 KiB\nb[31m.txt\t1 B\nc\t0 B\nd\t5 B\nFiles (done)\n",
  );
});

Deno.test("text mode never writes an escape sequence, whatever the content", async () => {
  const out = capture();
  const conn = await connect({ env: { VIEWPORT: "text:" }, stdout: out });
  conn.setTree(text("\x1b[2J\x1b]0;title\x07evil\r\x9b1m"));
  await conn.close();
  // deno-lint-ignore no-control-regex
  assert(!/[\x00-\x08\x0b-\x1f\x7f-\x9f]/.test(out.text()), JSON.stringify(out.text()));
  assertEquals(out.text(), "[2J]0;titleevil1m\n");
});

Deno.test("a pipe (not a terminal, VIEWPORT unset) means text mode; a terminal means ansi", async () => {
  const piped = await connect({ env: {}, isTerminal: false, stdout: capture() });
  assertEquals(piped.outputMode.type, "text");
  await piped.close();
  const tty = await connect({
    env: {},
    isTerminal: true,
    stdout: capture(),
    size: { columns: 100, rows: 30 },
  });
  assertEquals(tty.outputMode.type, "ansi");
  assertEquals(tty.env.display_width, 100);
  await tty.close();
});

Deno.test("headless: nothing printed; the projection is readable", async () => {
  const out = capture();
  const conn = await connect({ env: { VIEWPORT: "headless:" }, stdout: out });
  conn.setTree(column({ id: 1 }, [text("a", { id: 2 }), text("b", { id: 3 })]));
  conn.move(1, 0, 1);
  assertEquals(conn.projection(), "b\na");
  await conn.close();
  assertEquals(out.text(), "");
});

Deno.test("warnings from the environment are printed once to stderr", async () => {
  const err = capture();
  const conn = await connect({
    env: { VIEWPORT: "text:", VIEWPORT_SOCKET: "/x" },
    stdout: capture(),
    stderr: err,
  });
  await conn.close();
  assertEquals(
    err.text(),
    "viewport: VIEWPORT_SOCKET is obsolete and ignored; set VIEWPORT=unix:///PATH instead\n",
  );
});

Deno.test("defineApp: runs setup, closes in text mode, reports errors with exit code 1", async () => {
  const out = capture();
  const ok = defineApp({
    name: "t",
    autoRun: false,
    setup(conn) {
      conn.setTree(text("done"));
    },
  });
  assertEquals(await ok.run({ env: { VIEWPORT: "text:" }, stdout: out }), 0);
  assertEquals(out.text(), "done\n");
  const err = capture();
  const bad = defineApp({
    name: "bad",
    autoRun: false,
    setup(conn) {
      conn.patch({ target: 42, set: {} });
    },
  });
  assertEquals(await bad.run({ env: { VIEWPORT: "text:" }, stdout: capture(), stderr: err }), 1);
  assertEquals(err.text(), "bad: unknown target id 42 (no live node has it) [unknown_target]\n");
});

Deno.test("text mode: a reader that goes away (| head) ends output quietly", async () => {
  let calls = 0;
  const conn = await connect({
    env: { VIEWPORT: "text:" },
    stdout: {
      write: () => {
        calls++;
        throw new Deno.errors.BrokenPipe("Broken pipe (os error 32)");
      },
    },
  });
  conn.setTree(text("a"));
  await conn.flush();
  conn.set(conn.model.tree.root!.id, { content: "b" });
  await conn.close(); // no throw
  assertEquals(calls, 1);
});
