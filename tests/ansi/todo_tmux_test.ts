/**
 * The todo examples on the embedded ANSI renderer in a real terminal (tmux):
 * Enter adds the item and the field clears, also when keys come in one burst
 * (each key is answered before the next one is handled); Tab and Enter tick
 * an item off; ctrl+c ends the app and leaves the terminal as it was.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { fieldLine } from "./_todo.ts";
import { denoRun, hasTmux, Tmux } from "./_tmux.ts";

async function modes(tmux: Tmux): Promise<string> {
  return (await tmux.run("display-message", "-p", "-t", "t", "#{alternate_on} #{cursor_flag}"))
    .trim();
}

for (const file of ["todo.ts", "todo_jsx.tsx"]) {
  Deno.test({
    name: `tmux: examples/${file} adds on Enter, clears the field, keeps fast typing`,
    ignore: !hasTmux(),
    async fn() {
      const tmux = new Tmux();
      try {
        await tmux.start(denoRun(`examples/${file}`, { VIEWPORT: "ansi:" }), 60, 16);
        await tmux.waitFor("0 to do");
        assertEquals(await modes(tmux), "1 1", "alternate screen, cursor in the field");
        await tmux.type("buy milk");
        await tmux.keys("Enter");
        let screen = await tmux.waitFor((s) => s.includes("[ ] buy milk") && fieldLine(s) === "");
        // One burst: every Enter is answered (and the field cleared) before the next key.
        await tmux.type("walk dog\rcall mum\rx");
        screen = await tmux.waitFor((s) => s.includes("3 to do") && fieldLine(s) === "x");
        for (const item of ["[ ] buy milk", "[ ] walk dog", "[ ] call mum"]) {
          assert(screen.includes(item), screen);
        }
        // Tab to the first item; Enter ticks it off.
        await tmux.keys("Tab");
        await tmux.keys("Enter");
        await tmux.waitFor((s) => s.includes("[x] buy milk") && s.includes("2 to do"));
        await tmux.keys("C-c");
        assertEquals(await tmux.waitExit(), 130);
        assertEquals(await modes(tmux), "0 1", "normal screen, cursor shown");
        const after = await tmux.history();
        assert(after.includes("Todo\nx\n[x] buy milk\n[ ] walk dog\n[ ] call mum\n2 to do"), after);
      } finally {
        await tmux.kill();
      }
    },
  });
}
