import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { textWidth } from "../../src/render/ansi/width.ts";
import { fit, statusLine, tabBar } from "./chrome.ts";

// deno-lint-ignore no-control-regex
const plain = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, "");

Deno.test("chrome: lines are exactly as wide as the screen", () => {
  for (const width of [10, 40, 80]) {
    const tabs = [
      { id: "sess-1", state: "live" },
      { id: "b", title: "日本語のタイトル", state: "disconnected" },
      { id: "c", state: "ended" },
    ];
    assertEquals(textWidth(plain(tabBar(tabs, 1, width).line)), width);
    for (
      const message of [undefined, "rejected unknown_target: PATCH target 99 is not a live node"]
    ) {
      const line = statusLine({ tab: tabs[0], index: 1, count: 3, prefix: false, message }, width);
      assertEquals(textWidth(plain(line)), width, `${width} ${message}`);
    }
  }
});

Deno.test("chrome: tab spans locate each tab; control characters never reach the screen", () => {
  const bar = tabBar([{ id: "a\x1b[2J", state: "live" }, { id: "b", state: "live" }], 0, 40);
  assert(!plain(bar.line).includes("\x1b"));
  assertEquals(bar.spans.length, 2);
  assertEquals(plain(bar.line).slice(bar.spans[1][0], bar.spans[1][1]), " 2 b ");
  assertEquals(fit("abc", 0), "");
});
