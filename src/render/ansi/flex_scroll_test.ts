import { assertEquals } from "../../../tests/_util/assert.ts";
import { computeLayout, FlexNode } from "./flex.ts";
import { parseFlexStyle } from "./flex_style.ts";

function scrollOf(rows: number, virtualHeight: number): FlexNode {
  const s = new FlexNode(parseFlexStyle({ height: 10 }, false));
  s.scroll = true;
  s.virtualHeight = virtualHeight;
  const kids: FlexNode[] = [];
  for (let i = 0; i < rows; i++) {
    const row = new FlexNode();
    const text = new FlexNode();
    text.measure = (w, _wm, _h, _hm, out) => {
      out[0] = Math.min(w === w ? w : Infinity, 12);
      out[1] = 1;
    };
    row.setChildren([text]);
    kids.push(row);
  }
  s.setChildren(kids);
  return s;
}

Deno.test("a virtual scroll lays its rows out as one whose content overflows", () => {
  // The range alone overflows the fixed height, so the scroll bar is certain
  // and the rows get one performed pass: the result must be the same as for
  // rows that overflow by themselves.
  for (const rows of [22, 5]) {
    const results = [1000, 0].map((virtual) => {
      const root = new FlexNode(parseFlexStyle({}, false));
      const s = scrollOf(virtual === 0 ? 30 : rows, virtual);
      root.setChildren([s]);
      computeLayout(root, 80, 60);
      const r = s.children[0], t = r.children[0];
      return { bar: s.hasScrollbar, h: s.height, w: s.width, row: [r.width, r.height, t.width] };
    });
    assertEquals(results[0].bar, true);
    assertEquals(results[0], results[1]);
  }
  // A range over the height but under a minimum height: no bar after all.
  const root = new FlexNode(parseFlexStyle({}, false));
  const s = scrollOf(5, 20);
  s.style = parseFlexStyle({ height: 10, min_height: 40 }, false);
  root.setChildren([s]);
  computeLayout(root, 80, 60);
  assertEquals([s.hasScrollbar, s.height, s.children[0].width], [false, 40, 80]);
});
