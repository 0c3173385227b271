/**
 * examples/dashboard.ts under the test driver: live updates, colors on the
 * screen, the event log as rows, and a relayout on resize.
 */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { openApp, openProcess } from "../../src/testing/mod.ts";
import dashboard from "../../examples/dashboard.ts";
import { exampleCommand } from "./_examples.ts";
import { STANDARD_SLOTS } from "../../src/model/standard_slots.ts";

// Row times are the clock's: masked in golden screens.
const TIME = /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z/g;

Deno.test("dashboard: the first screen at 80x24, colors and live progress", async () => {
  await using app = await openApp(dashboard);
  // The screen the moment the first state is in (its numbers come from a
  // seeded generator), before the first tick (250 ms later) changes it.
  const screen = await app.waitUntil(() =>
    app.projection().includes("dashboard started") && app.screen()
  );
  await app.assertScreen("dashboard", { screen, mask: [TIME] });
  assertEquals(screen.lines[0], " Dashboard");
  assert(screen.cell(1, 0).bold, "the heading is bold");
  const dot = screen.find("⡀") ?? screen.find("⠁");
  const y = screen.lines.findIndex((l) => /[\u2801-\u28ff]/.test(l));
  const x = [...screen.lines[y]].findIndex((c) => /[\u2801-\u28ff]/.test(c));
  // The chart draws in the standard slots: accent on background (the theme's).
  const accent = STANDARD_SLOTS.get(2)!.value, background = STANDARD_SLOTS.get(0)!.value;
  assertEquals(screen.cell(x, y).fg, accent, `chart dot at ${x},${y} (${JSON.stringify(dot)})`);
  assertEquals(screen.cell(x, y).bg, background);
  const progress = (t: string) => /deploy: (\d+)%/.exec(t)?.[1];
  const first = progress(app.projection());
  await app.waitFor((a) => progress(a.projection()) !== first);
  assertEquals(
    (await app.rows(50, { offset: 0, limit: 1 }))[0].message, // 50: the log (20 is a table too)
    "dashboard started",
  );
});

Deno.test("dashboard: relayouts when the display is resized", async () => {
  await using app = await openApp(dashboard, { size: { columns: 80, rows: 24 } });
  await app.waitFor(/\n ─{78}\n/);
  await app.resize(50, 20);
  await app.waitFor((a) => a.screen().lines.some((l) => /^ ─{48}$/.test(l)));
  assert(app.screen().lines.every((l) => l.length <= 50), app.screen().text);
  assertMatch(app.projection(), /\n-{50}\n/);
});

Deno.test("dashboard: as its own process", async () => {
  await using app = await openProcess(exampleCommand("dashboard"));
  await app.waitFor("dashboard started");
  assertEquals(await app.getByRole("heading").textContent(), "Dashboard");
  assertMatch(await app.getByRole("canvas").textContent(), /^load \d+%$/);
});
