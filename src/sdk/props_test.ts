/**
 * Typed props: misspelt and mistyped props are compile errors. `deno check`
 * (part of `deno task ok`) fails if any `@ts-expect-error` line below stops
 * being an error, so each typo stays caught.
 */
import { assertEquals } from "../../tests/_util/assert.ts";
import type { NodeType } from "../protocol/messages/types.ts";
import { slot } from "../protocol/slot_ref.ts";
import {
  box,
  canvas,
  clickable,
  column,
  heading,
  image,
  input,
  row,
  scroll,
  separator,
  text,
} from "./components.ts";
import { Connection } from "./connection.ts";
import { HeadlessLink } from "./link.ts";
import { ViewportModel } from "../model/viewport_model.ts";
import { type NodePropsMap, PROP_NAMES } from "./props.ts";
import type { NodeRef, VNode } from "./vnode.ts";

/** Compile-time only: these calls are type-checked, never run. */
function typos(conn: Connection): void {
  // The four typos of issue 21.
  // @ts-expect-error `gapp` is not a prop (gap is)
  column({ gapp: 1 });
  // @ts-expect-error `colr` is not a prop (color is)
  text("hi", { colr: "red" });
  // @ts-expect-error an input's placeholder is text
  input({ placeholder: 5 });
  // @ts-expect-error a value_change event has `value`, not `valu`
  input({ onChange: (e) => e.valu });

  // More of the same kind.
  // @ts-expect-error dir is "row" or "column"
  box({ dir: "horizontal" });
  // @ts-expect-error padding is cells: a number or a list of numbers
  box({ padding: "1px" });
  // @ts-expect-error border styles are named
  box({ border: "dotted" });
  // @ts-expect-error `content` belongs to text nodes
  box({ content: "x" });
  // @ts-expect-error interactive is "clickable" or "focusable"
  box({ interactive: "button" });
  // @ts-expect-error justify values are start, center, end, space_*
  row({ justify: "middle" });
  // @ts-expect-error the spec's name for password masking is `password`
  input({ secret: true });
  // @ts-expect-error image bytes go in `data` with a `format`
  image({ rgba: new Uint8Array(4), width: 1, height: 1 });
  // @ts-expect-error canvas modes are vector2d and webgpu
  canvas({ mode: "3d" });
  // @ts-expect-error a key event has `key`, not `code`
  input({ onKey: (e) => e.code });
  // @ts-expect-error a click handler gets clicks
  clickable(text("OK"), (e) => e.value);
  // @ts-expect-error roles are the ARIA roles the viewers know
  text("x", { role: "headline" });
  // @ts-expect-error value_seq is the SDK's to send
  input({ value: "", value_seq: 3 });

  const label = text("Count: 0");
  const field = input({ placeholder: "Name" });
  // @ts-expect-error set checks the props against the node's type
  conn.set(label, { value: "x" });
  // @ts-expect-error ...and their types
  conn.set(field, { placeholder: 5 });
  // @ts-expect-error with a bare id, against every node type's props
  conn.set(7, { colr: "red" });

  // A node typed only as a VNode takes the props of any node type.
  const some: VNode = label;
  conn.set(some, { content: "x" });
  // @ts-expect-error ...but no typo
  conn.set(some, { contnt: "x" });

  const ref: NodeRef = 7;
  conn.set(ref, { content: "a node or an id" });

  // What is right compiles.
  conn.set(label, { content: "Count: 1", color: "accent", bold: null });
  conn.set(field, { value: "", onChange: (e) => e.value.length });
  conn.set(7, { content: "by id" });
  column({ gap: 1, padding: [0, 1], width: "grow", align: "start", justify: "space_between" }, [
    heading("Title", { level: 1 }),
    text("hi", { color: slot(2), align: "center", wrap: "truncate", size: "small" }),
    input({
      value: "",
      placeholder: "Say something",
      password: false,
      tab_index: 1,
      onChange: (e) => e.value.toUpperCase(),
      onKey: (e) => e.key === "enter",
    }),
    scroll({ schema: 140, grow: 1, follow: false }, [["a", 1]]),
    image({ data: new Uint8Array(4), format: "rgba", width: 1, height: 1, cols: 2, alt: "dot" }),
    canvas({ mode: "vector2d", width: 400, height: 200, onPointer: (e) => e.action }),
    separator({ color: "border" }),
    clickable(box({ border: "rounded", padding: [0, 1] }, [text("OK")]), (e) => e.button),
    box({ style: [slot(12), { bold: true }], role: "dialog", modal: true, label: "Confirm" }),
  ]);
}

Deno.test("typed props: the type checks above are compiled (deno check), not run", () => {
  assertEquals(typeof typos, "function");
  const conn = new Connection({
    mode: { type: "headless" },
    model: new ViewportModel(),
    link: new HeadlessLink(),
    env: { type: "ENV" },
  });
  void conn.close();
});

// PROP_NAMES lists exactly the keys of each props type (compile-time check).
type Listed<T extends NodeType> = (typeof PROP_NAMES)[T][number];
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const listsMatch: { [T in NodeType]: Same<keyof NodePropsMap[T], Listed<T>> } = {
  box: true,
  scroll: true,
  text: true,
  input: true,
  image: true,
  canvas: true,
  separator: true,
};

Deno.test("PROP_NAMES: one list per node type, no name twice", () => {
  assertEquals(Object.values(listsMatch).every((x) => x), true);
  for (const [type, names] of Object.entries(PROP_NAMES)) {
    assertEquals(new Set<string>(names).size, names.length, `${type} lists a prop twice`);
  }
});
