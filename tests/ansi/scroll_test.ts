/**
 * Scroll nodes: viewport, scrollbar, wheel and keys, scroll events, revealing
 * the focused node, virtual heights, and a million schema rows.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { slot } from "../../src/protocol/slot_ref.ts";
import { Renderer } from "../../src/render/ansi/renderer.ts";
import { modelOf } from "./_util.ts";

function list(n: number) {
  return modelOf({
    id: 1,
    type: "box",
    children: [
      { id: 2, type: "text", content: "Header" },
      {
        id: 3,
        type: "scroll",
        grow: 1,
        children: Array.from(
          { length: n },
          (_, i) => ({ id: 100 + i, type: "text", content: `item ${i}` }),
        ),
      },
    ],
  });
}

Deno.test("scroll: shows a window with a scrollbar; keys and wheel move it and report scroll_top", () => {
  const r = new Renderer({ model: list(100), width: 12, height: 6, colorDepth: "none" });
  r.frame();
  const lines = r.screenText().split("\n");
  assertEquals(lines.slice(0, 3), ["Header", "item 0     ┃", "item 1     │"]);
  assertEquals(r.focusId, 3, "the scroll takes focus");
  r.takeEvents();
  assertEquals(r.handleInput("\x1b[B"), [{
    type: "INPUT",
    kind: "scroll",
    target: 3,
    scroll_top: 1,
  }]);
  assertEquals(r.handleInput("\x1b[6~")[0].scroll_top, 5, "page down: viewport - 1");
  assertEquals(r.handleInput("\x1b[F")[0].scroll_top, 95, "end");
  r.frame();
  assertEquals(r.screenText().split("\n").slice(-1)[0], "item 99    ┃");
  assertEquals(r.handleInput("\x1b[F"), [], "already there: no event");
  assertEquals(r.handleInput("\x1b[<64;3;3M")[0].scroll_top, 92, "wheel up: 3 rows");
  assertEquals(r.handleInput("\x1b[H")[0].scroll_top, 0, "home");
  r.close();
});

Deno.test("scroll: tabbing to a node inside scrolls it into view", () => {
  const model = modelOf({
    id: 1,
    type: "scroll",
    children: Array.from({ length: 30 }, (_, i) => ({
      id: 10 + i,
      type: "box",
      interactive: "clickable",
      children: [{ id: 100 + i, type: "text", content: `button ${i}` }],
    })),
  });
  const r = new Renderer({ model, width: 15, height: 5, colorDepth: "none" });
  r.frame();
  r.takeEvents();
  let msgs = r.handleInput("\t");
  for (let i = 0; i < 8; i++) msgs = r.handleInput("\t");
  // Focus went scroll -> button 0 -> ... -> button 8, the fifth row below the top.
  assertEquals(msgs.filter((m) => m.kind === "scroll").map((m) => m.scroll_top), [4]);
  r.frame();
  assertEquals(r.screenText().split("\n").at(-1)!.slice(0, 8), "button 8");
  r.close();
});

Deno.test("scroll: virtual_height sets the range; children show the window at scroll_top", () => {
  const model = modelOf({
    id: 1,
    type: "scroll",
    virtual_height: 1000,
    children: [{ id: 2, type: "text", content: "row at top" }],
  });
  const r = new Renderer({ model, width: 20, height: 4, colorDepth: "none" });
  r.frame();
  r.takeEvents();
  assertEquals(r.handleInput("\x1b[6~")[0].scroll_top, 3);
  assertEquals(r.handleInput("\x1b[F")[0].scroll_top, 996);
  r.frame();
  const lines = r.screenText().split("\n");
  assertEquals(lines[0], "row at top         │", "the app's rows fill the viewport");
  assertEquals(lines[3], "                   ┃", "the thumb is at the end");
  r.close();
});

Deno.test("scroll: a million schema rows, only the visible ones formatted", () => {
  const model = modelOf({ id: 1, type: "scroll", schema: slot(100) }, {
    maxRows: 1_000_000,
    checkRowTypes: false,
  });
  model.apply({
    type: "SCHEMA",
    slot: 100,
    columns: [{ id: 0, name: "name", type: "string" }, {
      id: 1,
      name: "size",
      type: "uint64",
      format: "human_bytes",
    }],
  });
  const rows: unknown[][] = new Array(1_000_000);
  for (let i = 0; i < rows.length; i++) rows[i] = [`file${i}`, i * 1024];
  model.apply({ type: "DATA", schema: slot(100), rows });
  const r = new Renderer({ model, width: 30, height: 6, colorDepth: "none" });
  r.frame();
  const lines = r.screenText().split("\n");
  // A streaming table follows its end; the header sticks to the top.
  assertEquals(lines[0].trimEnd(), "name             size        │");
  assertEquals(lines[5].replace(/\s+/g, " ").trim(), "file999999 976.6 MiB ┃");
  r.takeEvents();
  assertEquals(r.handleInput("\x1b[H")[0].scroll_top, 0);
  r.frame();
  assertEquals(r.screenText().split("\n")[1].replace(/\s+/g, " ").trim(), "file0 0 B │");
  const start = performance.now();
  for (let i = 0; i < 200; i++) {
    r.handleInput("\x1b[6~");
    r.frame();
  }
  const perPage = (performance.now() - start) / 200;
  assert(r.screenText().includes("file1000"), r.screenText());
  // Not a timing assertion: printed so that a slow path shows in the log.
  console.log(`  ${perPage.toFixed(3)} ms per page of a 1,000,000-row table`);
  r.close();
});
