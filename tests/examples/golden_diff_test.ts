/**
 * Golden screens fail loudly and readably: a deliberate change to the screen
 * fails with a line diff naming the file and how to accept the change, and a
 * missing file says how to create it.
 */
import { assertMatch, assertRejects } from "../_util/assert.ts";
import { GoldenMismatchError, openApp } from "../../src/testing/mod.ts";
import counter from "../../examples/counter.ts";

Deno.test("golden: a deliberate change fails with a readable diff", async () => {
  await using app = await openApp(counter);
  // The file the counter test keeps; never rewritten here, even with --update.
  await app.assertScreen("counter", { update: false });
  await app.getByText("+1").click(); // the deliberate change: "Counter: 1"
  await app.waitFor("Counter: 1");
  const err = await assertRejects(
    () => app.assertScreen("counter", { timeout: 200, update: false }),
    GoldenMismatchError,
  );
  assertMatch(
    err.message,
    /^screen "counter" differs from \S+\/__screens__\/counter\.txt \(- expected, \+ actual\):\n/,
  );
  assertMatch(err.message, /\n {3}1 ││\n- {2}2 │ Counter: 0│\n\+ {2}2 │ Counter: 1│\n {3}3 ││\n/);
  assertMatch(err.message, /run the test with -- --update/);
});

Deno.test("golden: a missing file says how to create it and shows the screen", async () => {
  await using app = await openApp(counter);
  const dir = await Deno.makeTempDir();
  try {
    const err = await assertRejects(
      () => app.assertScreen("nothing-here", { dir, update: false }),
      GoldenMismatchError,
    );
    assertMatch(err.message, /no golden screen "nothing-here" at .*nothing-here\.txt/);
    assertMatch(err.message, /-- --update[^]* Counter: 0/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
