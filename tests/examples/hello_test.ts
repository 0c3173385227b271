/** examples/hello.ts under the test driver: it draws one line and ends by itself. */
import { assertEquals } from "../_util/assert.ts";
import { openApp, openProcess } from "../../src/testing/mod.ts";
import hello from "../../examples/hello.ts";
import { exampleCommand } from "./_examples.ts";

Deno.test("hello: draws its line and ends by itself; the last screen stays readable", async () => {
  await using app = await openApp(hello);
  await app.waitUntil(() => app.exit);
  assertEquals(app.exit, { code: 0, reason: "returned" });
  assertEquals(app.projection(), "Hello, Viewport!");
  assertEquals(await app.getByRole("text").textContent(), "Hello, Viewport!");
  await app.assertScreen("hello");
});

Deno.test("hello: as its own process, ends with status 0", async () => {
  await using app = await openProcess(exampleCommand("hello"));
  await app.waitFor("Hello, Viewport!");
  await app.waitUntil(() => app.exit);
  assertEquals(app.exit?.code, 0);
  assertEquals(app.screen().lines[0], "Hello, Viewport!");
});
