import { assertEquals } from "../../../tests/_util/assert.ts";
import { keyName, typesCharacter } from "./key_name.ts";

const ev = (key: string, mods = "") => ({
  key,
  ctrlKey: mods.includes("c"),
  altKey: mods.includes("a"),
  shiftKey: mods.includes("s"),
  metaKey: mods.includes("m"),
});

Deno.test("keyName: lower case, modifiers in the order ctrl, alt, shift, meta", () => {
  const cases: [string, string, string | null][] = [
    ["a", "", "a"],
    ["A", "s", "shift+a"],
    ["s", "c", "ctrl+s"],
    ["S", "cs", "ctrl+shift+s"],
    ["x", "mcas", "ctrl+alt+shift+meta+x"],
    ["Enter", "", "enter"],
    ["Tab", "s", "shift+tab"],
    ["ArrowUp", "", "up"],
    ["ArrowLeft", "a", "alt+left"],
    [" ", "", "space"],
    [" ", "s", "shift+space"],
    ["Escape", "", "escape"],
    ["F5", "", "f5"],
    ["PageDown", "", "pagedown"],
    ["!", "s", "!"],
    ["é", "", "é"],
    ["Shift", "s", null],
    ["Control", "c", null],
    ["Dead", "", null],
  ];
  for (const [key, mods, want] of cases) {
    assertEquals(keyName(ev(key, mods)), want, `${mods}${key}`);
  }
});

Deno.test("typesCharacter: printable keys without ctrl, alt or meta", () => {
  assertEquals(typesCharacter(ev("a")), true);
  assertEquals(typesCharacter(ev("A", "s")), true);
  assertEquals(typesCharacter(ev("a", "c")), false);
  assertEquals(typesCharacter(ev("Enter")), false);
  assertEquals(typesCharacter(ev("😀")), true);
});
