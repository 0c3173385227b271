/**
 * examples/form.ts under the test driver: fields found by their labels,
 * typed key by key or filled at once, Tab order, validation and submit.
 */
import { assertEquals } from "../_util/assert.ts";
import { openApp, openProcess } from "../../src/testing/mod.ts";
import form from "../../examples/form.ts";
import { exampleCommand } from "./_examples.ts";

Deno.test("form: empty submit, then filled and submitted; screens at 80x24", async () => {
  await using app = await openApp(form);
  await app.assertScreen("form");
  await app.getByRole("button", { name: "Submit" }).click();
  await app.waitFor("Please fix: name is required; email needs an @");
  await app.getByLabel("Name").type("Ada");
  await app.getByLabel("Email").fill("ada@example.com");
  await app.getByLabel("Age").type("36");
  await app.press("enter");
  await app.waitFor("Submitted: Ada <ada@example.com>, 36");
  await app.assertScreen("form-submitted");
});

Deno.test("form: Tab moves through the fields in tab order; shift+tab goes back", async () => {
  await using app = await openApp(form);
  const focused = () => app.renderer.focusId;
  await app.getByLabel("Name").focus();
  assertEquals(focused(), 11);
  await app.tab();
  assertEquals(focused(), 12);
  await app.tab(2);
  assertEquals(focused(), 20);
  await app.tab(1, { shift: true });
  assertEquals(focused(), 13);
  await app.type("x1");
  await app.press("enter");
  await app.waitFor("age must be a number");
});

Deno.test("form: as its own process, filled and submitted", async () => {
  await using app = await openProcess(exampleCommand("form"));
  await app.getByLabel("Name").fill("Grace");
  await app.getByLabel("Email").type("grace@navy.mil");
  await app.getByText("Submit", { exact: true }).click();
  await app.waitFor("Submitted: Grace <grace@navy.mil>");
});
