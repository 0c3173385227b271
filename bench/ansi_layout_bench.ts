/**
 * The renderer's flex engine (`src/render/ansi/flex.ts`, Yoga's algorithm in
 * TypeScript) next to `yoga-layout` itself (WebAssembly, what Ink uses) on the
 * same 10,000-node tree: 60 lines of 40 cells (a 5-wide box holding two boxes
 * and a measured 4-character text), laid out again at a new width each time
 * (199 columns make every cell shrink, so every node is laid out again).
 *
 *   deno bench -A bench/ansi_layout_bench.ts
 *
 * @module
 */
import Yoga, { type Node as YogaNode } from "yoga-layout";
import { computeLayout, FlexNode, type MeasureFn } from "../src/render/ansi/flex.ts";
import { defaultFlexStyle, ROW } from "../src/render/ansi/flex_style.ts";

const LINES = 60, CELLS = 40;

/** A 4-character text that wraps when narrower. */
const measureOurs: MeasureFn = (w, wm, _h, _hm, out) => {
  const cols = wm === 0 || w !== w ? 4 : Math.max(1, Math.floor(w + 1e-6));
  out[0] = Math.min(4, cols);
  out[1] = Math.ceil(4 / Math.min(4, cols));
};

function ours(): { root: FlexNode; count: number } {
  let count = 1;
  const node = (children: FlexNode[] = [], setup?: (n: FlexNode) => void) => {
    const n = new FlexNode(defaultFlexStyle());
    setup?.(n);
    n.setChildren(children);
    count++;
    return n;
  };
  const lines: FlexNode[] = [];
  for (let y = 0; y < LINES; y++) {
    const cells: FlexNode[] = [];
    for (let x = 0; x < CELLS; x++) {
      const text = node([], (n) => (n.measure = measureOurs));
      cells.push(node([node([node([text])])], (n) => (n.style.width = { value: 5, pct: false })));
    }
    lines.push(node(cells, (n) => (n.style.dir = ROW)));
  }
  while (count < 10_000) lines.push(node([], (n) => (n.measure = measureOurs)));
  const root = new FlexNode(defaultFlexStyle());
  root.setChildren(lines);
  return { root, count };
}

function yoga(): { root: YogaNode; count: number } {
  const config = Yoga.Config.create();
  let count = 1;
  const node = (children: YogaNode[] = [], setup?: (n: YogaNode) => void) => {
    const n = Yoga.Node.create(config);
    // The renderer's default (CSS's): items shrink when they do not fit.
    n.setFlexShrink(1);
    setup?.(n);
    children.forEach((c, i) => n.insertChild(c, i));
    count++;
    return n;
  };
  const measure = (n: YogaNode) =>
    n.setMeasureFunc((w, wm) => {
      const cols = wm === Yoga.MEASURE_MODE_UNDEFINED ? 4 : Math.max(1, Math.floor(w + 1e-6));
      return { width: Math.min(4, cols), height: Math.ceil(4 / Math.min(4, cols)) };
    });
  const lines: YogaNode[] = [];
  for (let y = 0; y < LINES; y++) {
    const cells: YogaNode[] = [];
    for (let x = 0; x < CELLS; x++) {
      const text = node([], measure);
      cells.push(node([node([node([text])])], (n) => n.setWidth(5)));
    }
    lines.push(node(cells, (n) => n.setFlexDirection(Yoga.FLEX_DIRECTION_ROW)));
  }
  while (count < 10_000) lines.push(node([], measure));
  const root = Yoga.Node.create(config);
  lines.forEach((c, i) => root.insertChild(c, i));
  return { root, count };
}

const a = ours(), b = yoga();
if (a.count !== 10_000 || b.count !== 10_000) throw new Error(`${a.count} / ${b.count} nodes`);
let flipA = 0, flipB = 0;

Deno.bench(
  "flex.ts: 10,000 nodes laid out at a new width",
  { group: "layout", baseline: true },
  () => {
    computeLayout(a.root, 200 - (flipA ^= 1), 60);
  },
);

Deno.bench("yoga-layout: the same tree at a new width", { group: "layout" }, () => {
  b.root.calculateLayout(200 - (flipB ^= 1), 60, Yoga.DIRECTION_LTR);
});

// A renderer must then read every node's box out of WebAssembly to paint it.
function readAll(n: YogaNode): number {
  let sum = n.getComputedLeft() + n.getComputedTop() + n.getComputedWidth() +
    n.getComputedHeight();
  for (let i = 0, k = n.getChildCount(); i < k; i++) sum += readAll(n.getChild(i));
  return sum;
}

Deno.bench("yoga-layout: the same, then every node's box read back", { group: "layout" }, () => {
  b.root.calculateLayout(200 - (flipB ^= 1), 60, Yoga.DIRECTION_LTR);
  readAll(b.root);
});
