/** @jsxImportSource @viewport/viewport */
import { assertEquals, assertThrows } from "../../tests/_util/assert.ts";
import { ViewportModel } from "../model/viewport_model.ts";
import type { NodeSpec } from "../protocol/messages/types.ts";
import { slot } from "../protocol/slot_ref.ts";
import { box, column, heading, input, row, text } from "./components.ts";
import { Connection } from "./connection.ts";
import type { ValueChangeEvent } from "./input_events.ts";
import { Fragment, jsx } from "./jsx_runtime.ts";
import { HeadlessLink } from "./link.ts";
import { toNodeSpec, type VNode } from "./vnode.ts";

/** A node without its ids (automatic ids differ from build to build). */
function shape(n: NodeSpec): unknown {
  return { type: n.type, props: n.props, children: n.children?.map(shape) };
}

Deno.test("jsx: elements build what the components build", () => {
  const onChange = (_e: ValueChangeEvent) => {};
  const fromJsx = (
    <column gap={1} padding={[0, 1]}>
      <heading>Todo</heading>
      <row justify="space_between">
        <text color="accent">left</text>
        <text>right</text>
      </row>
      <input id={7} placeholder="What needs doing?" onChange={onChange} />
      <box border="rounded" interactive="clickable">
        <text>OK</text>
      </box>
    </column>
  );
  const fromCalls = column({ gap: 1, padding: [0, 1] }, [
    heading("Todo"),
    row({ justify: "space_between" }, [text("left", { color: "accent" }), text("right")]),
    input({ id: 7, placeholder: "What needs doing?", onChange }),
    box({ border: "rounded", interactive: "clickable" }, [text("OK")]),
  ]);
  assertEquals(shape(toNodeSpec(fromJsx)), shape(toNodeSpec(fromCalls)));
  assertEquals(fromJsx.children?.[2].handlers?.onChange, onChange);
});

Deno.test("jsx: text children join; lists, conditions and fragments flatten", () => {
  const n = 3;
  const items = ["a", "b"];
  const fragment = (
    <>
      <text id={20}>in a fragment</text>
      plain words
    </>
  );
  const v = (
    <column>
      <text>{n} items, done</text>
      {items.map((it, i) => <text key={10 + i}>{it}</text>)}
      {false && <text>never</text>}
      {null}
      {fragment}
      {42}
    </column>
  );
  const kids = v.children!;
  assertEquals(kids.map((k) => k.props.content), [
    "3 items, done",
    "a",
    "b",
    "in a fragment",
    "plain words",
    "42",
  ]);
  assertEquals([kids[1].id, kids[2].id, kids[3].id], [10, 11, 20]);
  const top = <>{[<text key={1}>x</text>]}</>;
  assertEquals([top.type, top.props.dir, top.children?.length], ["box", "column", 1]);
  assertEquals((<text />).props.content, undefined, "an empty text has no content");
  assertEquals((<text content="given" />).props.content, "given");
});

Deno.test("jsx: function components, numeric keys as ids, scroll rows", () => {
  function Item(props: { label: string; done: boolean }): VNode {
    return <text>{props.done ? "[x]" : "[ ]"} {props.label}</text>;
  }
  const list = (
    <column id={1}>
      {[{ k: 5, label: "milk", done: true }].map((it) => (
        <Item key={it.k} label={it.label} done={it.done} />
      ))}
      <text key={6}>keyed</text>
    </column>
  );
  assertEquals(list.children?.map((c) => [c.id, c.props.content]), [
    [5, "[x] milk"],
    [6, "keyed"],
  ]);
  const table = <scroll id={3} schema={slot(140)} rows={[["a", 1]]} />;
  assertEquals((table as VNode & { rows?: unknown[][] }).rows, [["a", 1]]);
  assertThrows(() => jsx("blink", {}), TypeError, /unknown element <blink>/);
  assertThrows(() => jsx("text", { children: [box()] }), TypeError, /a text element holds text/);
  assertEquals(Fragment({}).children, []);
});

Deno.test("jsx: render() diffs JSX trees by id like any other", async () => {
  const conn = new Connection({
    mode: { type: "headless" },
    model: new ViewportModel(),
    link: new HeadlessLink(),
    env: { type: "ENV" },
  });
  const sent: unknown[] = [];
  conn.model.onChange((c) => sent.push([...c.nodes]));
  const view = (n: number) => (
    <column id={1}>
      <text id={2}>n = {n}</text>
      <text id={3}>fixed</text>
    </column>
  );
  conn.render(view(0));
  conn.render(view(1));
  await conn.flush();
  assertEquals(conn.projection(), "n = 1\nfixed");
  assertEquals(sent.at(-1), [2], "one node changed");
  await conn.close();
});

/** Compile-time only: JSX is checked against the same prop types. */
function _typos(): void {
  // @ts-expect-error `gapp` is not a prop
  <column gapp={1} />;
  // @ts-expect-error `colr` is not a prop
  <text colr="red">hi</text>;
  // @ts-expect-error an input's placeholder is text
  <input placeholder={5} />;
  // @ts-expect-error a value_change event has `value`
  <input onChange={(e) => e.valu} />;
  // @ts-expect-error inputs hold no children
  // deno-lint-ignore jsx-void-dom-elements-no-children
  <input>text</input>;
  <text>
    {/* @ts-expect-error a text holds text, not nodes */}
    <box />
  </text>;
  // @ts-expect-error no such element
  <blink />;
}
