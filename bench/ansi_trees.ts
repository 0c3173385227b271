/**
 * Trees for the ANSI renderer benchmarks, as wire node specs.
 *
 * @module
 */
import type { NodeSpec } from "../src/protocol/messages/types.ts";

const COLORS = ["#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2"];

/**
 * 10,000 nodes, all on a 200x60 screen: 60 lines of 40 cells, each cell a
 * text inside three nested boxes (60 x (1 + 40 x 4) = 9,660, plus a header
 * and footer filling up to 10,000 exactly).
 */
export function gridTree(seed = 0): NodeSpec {
  let id = 1;
  const lines: NodeSpec[] = [];
  for (let y = 0; y < 60; y++) {
    const cells: NodeSpec[] = [];
    for (let x = 0; x < 40; x++) {
      const k = y * 40 + x + seed;
      const text: NodeSpec = {
        id: ++id,
        type: "text",
        props: { content: `${k % 1000}`.padStart(4), color: COLORS[k % 6], bold: k % 7 === 0 },
      };
      const inner: NodeSpec = { id: ++id, type: "box", props: {}, children: [text] };
      const mid: NodeSpec = {
        id: ++id,
        type: "box",
        props: k % 5 === 0 ? { background: "#202830" } : {},
        children: [inner],
      };
      cells.push({ id: ++id, type: "box", props: { width: 5 }, children: [mid] });
    }
    lines.push({ id: ++id, type: "box", props: { dir: "row" }, children: cells });
  }
  // Top up to exactly 10,000 nodes with hidden texts (laid out, not painted).
  const filler: NodeSpec[] = [];
  while (id < 9_999) filler.push({ id: ++id, type: "text", props: { content: "x", width: 0 } });
  lines.push({ id: ++id, type: "box", props: { dir: "row", height: 0 }, children: filler });
  return { id: 1, type: "box", props: {}, children: lines };
}

/**
 * 10,000 nodes, mostly off-screen: a header and a column of 1,999 rows (a row
 * box with a border-less cell layout and 4 styled texts), 58 visible at 200x60.
 */
export function listTree(seed = 0): NodeSpec {
  let id = 1;
  const rows: NodeSpec[] = [];
  for (let i = 0; i < 1_999; i++) {
    const k = i + seed;
    rows.push({
      id: ++id,
      type: "box",
      props: { dir: "row", gap: 1 },
      children: [
        { id: ++id, type: "text", props: { content: `#${i}`, width: 6, dim: true } },
        { id: ++id, type: "text", props: { content: `item ${k}`, width: 20, bold: true } },
        { id: ++id, type: "text", props: { content: `${k * 7 % 1000}`, color: COLORS[k % 6] } },
        { id: ++id, type: "text", props: { content: "description of the item", grow: 1 } },
      ],
    });
  }
  const header: NodeSpec = {
    id: ++id,
    type: "text",
    props: { content: "10,000 nodes", bold: true, background: "#303040" },
  };
  return { id: 1, type: "box", props: {}, children: [header, ...rows] };
}

/** Counts the nodes of a spec tree. */
export function countNodes(n: NodeSpec): number {
  let c = 1;
  for (const k of n.children ?? []) c += countNodes(k);
  return c;
}
