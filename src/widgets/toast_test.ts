import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { ansiApp } from "../../tests/widgets/_ansi.ts";
import { headless } from "../../tests/widgets/_text.ts";
import { text } from "../sdk/components.ts";
import { mount, type Mounted } from "./mount.ts";

Deno.test("toast: projection is the mark and message after the view", async () => {
  let ui!: Mounted;
  const conn = headless((c) => ui = mount(c, () => text("app")), { interactive: false });
  ui.toast("Saved", { kind: "success" });
  ui.toast("Disk full", { kind: "error" });
  await new Promise((r) => setTimeout(r, 0));
  assertEquals(conn.projection(), "app\n✓ Saved\n! Disk full");
});

Deno.test("toast: bottom right, in the kind's colour; a click dismisses; the timeout removes it", async () => {
  let ui!: Mounted;
  let now = 1000;
  const app = await ansiApp((c) => {
    ui = mount(c, () => text("app"), { now: () => now });
  }, { width: 40, height: 8 });
  try {
    ui.toast("Saved", { kind: "success", timeoutMs: 0 });
    ui.toast("Failed", { kind: "error", timeoutMs: 20 });
    await app.settle();
    assertEquals(app.lines().slice(1, 7).map((l) => l.trimEnd()), [
      "                           ╭─────────╮",
      "                           │ ✓ Saved │",
      "                           ╰─────────╯",
      "                          ╭──────────╮",
      "                          │ ! Failed │",
      "                          ╰──────────╯",
    ]);
    assertEquals(app.screen.cell(29, 2).fg, "#89b4fa", "success in the accent colour");
    assertEquals(app.screen.cell(28, 5).fg, "#f38ba8", "an error in the error colour");
    now += 50;
    for (let i = 0; i < 200 && app.text().includes("Failed"); i++) {
      await new Promise((r) => setTimeout(r, 10));
      await app.settle();
    }
    assert(!app.text().includes("Failed"), "gone after its timeout");
    const saved = app.find("Saved");
    await app.click(saved.x, saved.y);
    assertEquals(app.text(), "app", "dismissed by a click");
  } finally {
    await app.close();
  }
});
