/** examples/chat.ts under the test driver: typing, Enter, and the log as typed rows. */
import { assertEquals } from "../_util/assert.ts";
import { openApp, openProcess } from "../../src/testing/mod.ts";
import chat from "../../examples/chat.ts";
import { exampleCommand } from "./_examples.ts";

// Row times are the clock's: masked in golden screens.
const TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;

Deno.test("chat: a message typed key by key is answered; the log reads as rows", async () => {
  await using app = await openApp(chat);
  await app.waitFor("Welcome!");
  await app.assertScreen("chat", { mask: [TIME] });
  await app.getByRole("input").type("héllo 日本");
  await app.waitFor("héllo 日本");
  await app.press("enter");
  await app.waitFor('you said "héllo 日本" (8 characters)');
  const rows = await app.rows();
  assertEquals(rows.map((r) => `${r.who}: ${r.text}`), [
    "bot: Welcome! Type a message below.",
    "you: héllo 日本",
    'bot: you said "héllo 日本" (8 characters)',
  ]);
  assertEquals(typeof rows[0].time, "number");
  assertEquals(
    await app.getByRole("row", { name: /^\S+\tyou\t/ }).textContent().then((t) => t.split("\t")[2]),
    "héllo 日本",
  );
  await app.assertScreen("chat-answered", { mask: [TIME] });
});

Deno.test("chat: as its own process", async () => {
  await using app = await openProcess(exampleCommand("chat"));
  await app.getByRole("input").fill("hi");
  await app.getByRole("input").press("enter");
  await app.waitFor('you said "hi" (2 characters)');
  assertEquals((await app.rows(undefined, { formatted: true })).length, 3);
});
