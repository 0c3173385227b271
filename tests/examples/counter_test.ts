/**
 * examples/counter.ts under the test driver: in this process and as its own
 * process, clicked by its text and its role, by keyboard, and resized.
 */
import { assertEquals } from "../_util/assert.ts";
import { openApp, openProcess } from "../../src/testing/mod.ts";
import counter from "../../examples/counter.ts";
import { exampleCommand } from "./_examples.ts";

Deno.test("counter: its first screen at 80x24, then +1 by its text", async () => {
  await using app = await openApp(counter);
  await app.assertScreen("counter");
  await app.getByText("+1").click();
  await app.waitFor("Counter: 1");
  await app.getByRole("button", { name: "+1" }).click();
  await app.waitFor("Counter: 2");
  assertEquals(app.projection(), "Counter: 2\n[+1]", "the button in brackets");
});

Deno.test("counter: the focused button counts on Enter and Space", async () => {
  await using app = await openApp(counter, { size: { columns: 30, rows: 8 } });
  await app.getByRole("button").focus();
  await app.press("enter");
  await app.waitFor("Counter: 1");
  await app.press("space");
  await app.waitFor("Counter: 2");
  assertEquals(app.screen().lines.slice(0, 6), [
    "",
    " Counter: 2",
    "",
    " ╭────╮",
    " │ +1 │",
    " ╰────╯",
  ], "a button sized to its label");
});

Deno.test("counter: as its own process, clicked and resized", async () => {
  await using app = await openProcess(exampleCommand("counter"), { session: "test-counter" });
  await app.waitFor("Counter: 0");
  assertEquals([app.session, app.title], ["test-counter", "counter"]);
  await app.getByText("+1").click();
  await app.waitFor("Counter: 1");
  await app.resize(40, 10);
  const screen = await app.waitUntil(() => app.screen().width === 40 && app.screen());
  assertEquals([screen.height, screen.lines[3]], [10, " ╭────╮"], "the button keeps its size");
  await app.assertScreen("counter-process-40x10");
  assertEquals(app.stderr(), "");
});
