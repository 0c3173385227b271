import { assertEquals } from "../../../tests/_util/assert.ts";
import { SlotRef } from "../../../src/protocol/slot_ref.ts";
import { color, declarations, length } from "./css_values.ts";

const decl = (props: Record<string, unknown>, type = "box", dir: "row" | "column" = "column") =>
  Object.fromEntries(declarations(props, type, new Map(), dir));

Deno.test("css: layout lengths are cells (ch across, lh down), slots are variables", () => {
  assertEquals(length(12, "x"), "12ch");
  assertEquals(length(2, "y"), "2lh");
  assertEquals(length(0, "x"), "0");
  assertEquals(length("50%", "x"), "50%");
  assertEquals(length("12px; color: red", "x"), undefined);
  assertEquals(length(new SlotRef(200), "y"), "calc(var(--vp-200) * 1lh)");
  assertEquals(color(new SlotRef(2)), "var(--vp-2)");
  assertEquals(color("bright_red"), "#f14c4c");
  assertEquals(color("#123456"), "#123456");
  assertEquals(color(5), "#bc3fbc", "256-color indices, as terminals read them");
  assertEquals(color(244), "#808080");
  assertEquals(color(300), undefined);
  assertEquals(color("accent"), "var(--vp-2)", "theme roles name the standard slots");
  assertEquals(color("dim"), "var(--vp-5)");
});

Deno.test("css: box props become flex declarations", () => {
  assertEquals(decl({ dir: "row", gap: 1, padding: [0, 1], justify: "space-between", grow: 1 }), {
    "flex-direction": "row",
    "row-gap": "1lh",
    "column-gap": "1ch",
    "justify-content": "space-between",
    "padding-top": "0",
    "padding-right": "1ch",
    "padding-bottom": "0",
    "padding-left": "1ch",
    "flex-grow": "1",
  });
  assertEquals(decl({ border: "rounded", background: new SlotRef(2) }), {
    border: "1px solid var(--vp-4, #45475a)",
    "border-radius": "0.4em",
    "background-color": "var(--vp-2)",
  });
  assertEquals(decl({ width: "grow" }, "box", "row"), { "flex-grow": "1" });
  assertEquals(decl({ width: "grow" }, "box", "column"), { "align-self": "stretch" });
  assertEquals(decl({ hidden: true, opacity: 3 }), { display: "none", opacity: "1" });
});

Deno.test("css: text style props", () => {
  assertEquals(
    decl({ bold: true, italic: true, underline: true, color: "red", align: "center" }, "text"),
    {
      "text-align": "center",
      color: "#cd3131",
      "font-weight": "700",
      "font-style": "italic",
      "text-decoration-line": "underline",
    },
  );
  assertEquals(decl({ text_size: new SlotRef(82), dim: true }, "text"), {
    color: "var(--vp-5, #6c7086)",
    "font-size": "var(--vp-82)",
  });
});

Deno.test("css: one prop name per meaning, as the terminal reads them", () => {
  assertEquals(decl({ align: "center" }, "text")["text-align"], "center");
  assertEquals(decl({ text_align: "right" }, "text")["text-align"], "right", "the older name");
  assertEquals(decl({ wrap: "truncate" }, "text"), {
    "white-space": "pre",
    overflow: "hidden",
    "text-overflow": "ellipsis",
  });
  assertEquals(decl({ wrap: "clip" }, "text")["text-overflow"], undefined);
  assertEquals(decl({ wrap: true }, "box")["flex-wrap"], "wrap", "on a box, wrap is flex wrap");
  assertEquals(decl({ visible: false, overflow: "hidden" }), {
    visibility: "hidden",
    overflow: "hidden",
  });
  assertEquals(decl({ size: "heading" }, "text")["font-size"], "var(--vp-82)");
  assertEquals(decl({ size: 18 }, "text")["font-size"], "18px");
  assertEquals(decl({ border: "round" })["border-radius"], "0.4em");
  assertEquals(decl({ color: "error", background: "accent" }), {
    color: "var(--vp-3)",
    "background-color": "var(--vp-2)",
  });
});
