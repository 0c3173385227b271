/** Every key name the driver can press comes back as the same name through the renderer's parser. */
import { assertEquals, assertThrows } from "../../tests/_util/assert.ts";
import { InputParser } from "../render/ansi/input_parser.ts";
import { keyBytes, splitKeys } from "./keys.ts";

const NAMES = [
  "enter",
  "tab",
  "shift+tab",
  "escape",
  "backspace",
  "space",
  "delete",
  "insert",
  "up",
  "down",
  "left",
  "right",
  "home",
  "end",
  "pageup",
  "pagedown",
  "ctrl+left",
  "alt+right",
  "shift+up",
  "ctrl+shift+end",
  "ctrl+home",
  "f1",
  "f4",
  "f5",
  "f12",
  "shift+f5",
  "ctrl+f1",
  "a",
  "z",
  "ctrl+a",
  "ctrl+s",
  "ctrl+z",
  "alt+x",
  "ctrl+alt+x",
  "ctrl+shift+c",
  "ctrl+enter",
  "alt+enter",
  "shift+enter",
  "ctrl+backspace",
  "ctrl+space",
  "ctrl+1",
  "alt+1",
];

Deno.test("keyBytes: every name parses back to itself", () => {
  for (const name of NAMES) {
    const parser = new InputParser();
    const events = [...parser.push(keyBytes(name)), ...parser.flush()];
    assertEquals(events.map((e) => e.type === "key" ? e.key : e.type), [name], name);
  }
});

Deno.test("keyBytes: aliases, characters, and errors that say what is expected", () => {
  assertEquals(keyBytes("Return"), "\r");
  assertEquals(keyBytes("esc"), "\x1b");
  assertEquals(keyBytes("+"), "+");
  assertEquals(keyBytes("A"), "A");
  assertThrows(
    () => keyBytes("ctrl+nope"),
    RangeError,
    /unknown key "ctrl\+nope" \(expected a character or a name/,
  );
  assertThrows(() => keyBytes("super+a"), RangeError, /unknown modifier "super"/);
  assertEquals(splitKeys(" tab  enter "), ["tab", "enter"]);
  assertEquals(splitKeys(["ctrl+a", "x"]), ["ctrl+a", "x"]);
});
