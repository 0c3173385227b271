/**
 * The todo example in the terminal viewer (`viewport -- deno run -A
 * examples/todo.ts`) in a real terminal (tmux): Enter adds the item and the
 * app's clear empties the field; a key typed right after Enter, before the
 * clear comes back from the app's process, stays in the field.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { hasTmux, Tmux } from "../ansi/_tmux.ts";
import { fieldLine } from "../ansi/_todo.ts";
import { CLI, ROOT } from "./_cli.ts";

const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

for (const file of ["todo.ts", "todo_jsx.tsx"]) {
  Deno.test({
    name: `terminal viewer (tmux): examples/${file} clears after Enter, keeps what was typed after`,
    ignore: !hasTmux(),
    async fn() {
      const tmux = new Tmux();
      const cmd = [Deno.execPath(), "run", "-A", CLI, "--", Deno.execPath(), "run", "-A"]
        .map(quote).join(" ");
      try {
        await tmux.start(
          `cd ${quote(ROOT)} && env TERM=xterm-256color ${cmd} examples/${file}`,
          70,
          18,
        );
        await tmux.waitFor("0 to do", 30_000);
        await tmux.type("buy milk");
        await tmux.keys("Enter");
        await tmux.waitFor((s) => s.includes("[ ] buy milk") && fieldLine(s) === "");
        // "x" goes in one write with the Enter: it is typed before the clear arrives.
        await tmux.type("walk dog\rx");
        let screen = await tmux.waitFor((s) => s.includes("2 to do") && fieldLine(s) === "x");
        await tmux.type("yz");
        await tmux.keys("Enter");
        screen = await tmux.waitFor((s) => s.includes("3 to do") && fieldLine(s) === "");
        for (const item of ["[ ] buy milk", "[ ] walk dog", "[ ] xyz"]) {
          assert(screen.includes(item), screen);
        }
        await tmux.keys("C-]", "q");
        assertEquals(await tmux.waitExit(), 0);
      } finally {
        await tmux.kill();
      }
    },
  });
}
