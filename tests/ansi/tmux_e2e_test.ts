/**
 * End to end in a real terminal (tmux): an app on the ANSI renderer gets
 * keys, a mouse click, typed text and a resize, and the screen is read back
 * with capture-pane.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { denoRun, hasTmux, ROOT, Tmux } from "./_tmux.ts";
import { counterScreen } from "./_util.ts";

const FIXTURE = new URL("./fixtures/counter_app.ts", import.meta.url).pathname;

Deno.test({
  name: "tmux: keys, a mouse click, typing and a resize reach the app and show on screen",
  ignore: !hasTmux(),
  async fn() {
    const tmux = new Tmux();
    try {
      await tmux.start(denoRun(FIXTURE), 60, 15);
      let screen = await tmux.waitFor("Last: focus 3");
      assert(screen.startsWith("╭─ Counter ─"), screen);
      await tmux.keys("Enter");
      await tmux.waitFor("Count: 1");
      // The button's label is on row 4, columns 4-12 (1-based): press and release there.
      const row = screen.split("\n").findIndex((l) => l.includes("Increment")) + 1;
      const col = screen.split("\n")[row - 1].indexOf("Increment") + 2;
      await tmux.type(`\x1b[<0;${col};${row}M\x1b[<0;${col};${row}m`);
      screen = await tmux.waitFor("Count: 2");
      assert(screen.includes("Last: click 3"), screen);
      await tmux.keys("Tab");
      await tmux.type("héllo 日本");
      screen = await tmux.waitFor("value_change 5");
      assert(screen.includes("│ héllo 日本"), screen);
      await tmux.run("resize-window", "-t", "t", "-x", "40", "-y", "12");
      const top = "╭─ Counter " + "─".repeat(28) + "╮";
      // The key-hint line: in the input "q" is text, so ctrl+q quits there.
      screen = await tmux.waitFor((s) => s.startsWith(top) && s.split("\n")[11] === " ctrl+q quit");
      assertEquals(screen.split("\n")[10], "╰" + "─".repeat(38) + "╯");
      // Leave the input for the button, where q quits (and the hint says so).
      await tmux.keys("Tab");
      screen = await tmux.waitFor("Last: focus 3");
      await tmux.waitFor((s) => s.split("\n")[11] === " q quit");
      await tmux.type("q");
      assertEquals(await tmux.waitExit(), 0);
      assert((await tmux.history()).includes("final count 2"), "printed after the restore");
    } finally {
      await tmux.kill();
    }
  },
});

/** Whether the pane shows the alternate screen. */
async function alternateOn(tmux: Tmux): Promise<boolean> {
  return (await tmux.run("display-message", "-p", "-t", "t", "#{alternate_on}")).trim() === "1";
}

Deno.test({
  name: "tmux: examples/counter.ts in ansi mode counts on Enter and on a click; ctrl+c ends it",
  ignore: !hasTmux(),
  async fn() {
    const tmux = new Tmux();
    try {
      await tmux.start(denoRun("examples/counter.ts", { VIEWPORT: "ansi:" }), 50, 12);
      let screen = await tmux.waitFor("Counter: 0");
      assert(await alternateOn(tmux), "drawn on the alternate screen");
      assertEquals(screen.split("\n").slice(0, 6), counterScreen(50));
      // The button has the focus (the first focusable node): Enter clicks it.
      await tmux.keys("Enter");
      screen = await tmux.waitFor("Counter: 1");
      const lines = screen.split("\n");
      const row = lines.findIndex((l) => l.includes("+1"));
      await tmux.click(lines[row].indexOf("+1"), row);
      await tmux.waitFor("Counter: 2");
      // A click beside the button counts nothing (it is as wide as its label).
      await tmux.click(5, 9);
      await tmux.click(lines[row].lastIndexOf("│") + 3, row);
      await tmux.click(lines[row].lastIndexOf("│"), row); // its frame is part of it
      await tmux.waitFor("Counter: 3");
      await tmux.keys("C-c");
      assertEquals(await tmux.waitExit(), 130);
      assert(!(await alternateOn(tmux)), "back on the normal screen");
      // The last state stays on the normal screen as text.
      screen = await tmux.history();
      assertEquals(screen.split("\n").slice(0, 2), ["Counter: 3", "[+1]"], screen);
    } finally {
      await tmux.kill();
    }
  },
});

Deno.test({
  name: "tmux: `deno task demo` shows the live dashboard in ansi mode",
  ignore: !hasTmux(),
  async fn() {
    const tmux = new Tmux();
    try {
      await tmux.start(
        `cd ${ROOT} && env -u VIEWPORT -u NO_COLOR TERM=xterm-256color ${Deno.execPath()} task demo`,
        80,
        24,
      );
      const first = await tmux.waitFor((s) =>
        s.includes("Dashboard") && s.includes("deploy ") && s.includes("dashboard started")
      );
      assert(await alternateOn(tmux), "auto-detected ansi mode: alternate screen");
      assert(/[\u2801-\u28ff]/.test(first), `the chart is drawn in Braille:\n${first}`);
      for (
        const label of ["service", "rps", "p99 ms", "api", "auth", "search", "dashboard started"]
      ) {
        assert(first.includes(label), `${label} on screen:\n${first}`);
      }
      // Live: the progress bar moves on by itself.
      const progress = (s: string) => /deploy [█▏▎▍▌▋▊▉░]+ +(\d+)%/.exec(s)?.[1];
      const p0 = progress(first);
      assert(p0 !== undefined, first);
      await tmux.waitFor((s) => progress(s) !== undefined && progress(s) !== p0);
      const styled = await tmux.screenWithStyles();
      assert(styled.includes("\x1b[1m"), "the heading is bold");
      await tmux.keys("C-c");
      assertEquals(await tmux.waitExit(), 130);
      const after = await tmux.history();
      assert(/^Dashboard\nload \d+%/m.test(after), `the last state kept as text:\n${after}`);
      assert(after.includes("dashboard started"), after);
    } finally {
      await tmux.kill();
    }
  },
});
