/**
 * The shell commands in a real terminal (tmux), typed at a shell prompt as a
 * person would: each draws where it should, the prompt comes back on a line of
 * its own with nothing typed at it, and the terminal's modes (alternate
 * screen, mouse reporting, cursor) are as they were after every command.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { cliBin, hasTmux, RESTORED, ROOT, Tmux } from "../ansi/_tmux.ts";

/** A shell in tmux with `viewport` on its PATH; removed afterwards. */
async function withShell(
  cols: number,
  rows: number,
  body: (tmux: Tmux, dir: string) => Promise<void>,
): Promise<void> {
  const bin = await cliBin();
  const dir = await Deno.makeTempDir({ prefix: "vp-term-" });
  const tmux = new Tmux();
  try {
    await tmux.startShell(cols, rows, {
      path: bin,
      cwd: ROOT,
      env: { VIEWPORT_BIN: "viewport", TERM: "xterm-256color" },
    });
    await body(tmux, dir);
  } finally {
    await tmux.kill();
    await Deno.remove(bin, { recursive: true });
    await Deno.remove(dir, { recursive: true });
  }
}

/** Runs a typed command line to its prompt; checks the status, the prompt and the modes. */
async function typed(tmux: Tmux, line: string, status = 0): Promise<string> {
  await tmux.command(line);
  assertEquals(await tmux.waitPrompt(), status, `${line}: exit status`);
  assertEquals(await tmux.promptLine(), `[${status}]$`, `${line}: nothing typed at the prompt`);
  assertEquals(await tmux.modes(), RESTORED, `${line}: terminal modes after`);
  return await tmux.screen();
}

/** The screen's lines between the last command line `line` and the prompt after it. */
function outputOf(screen: string, line: string): string[] {
  const lines = screen.split("\n");
  const at = lines.findLastIndex((l) => l.endsWith(line));
  const end = lines.findIndex((l, i) => i > at && /^\[\d+\]\$(?: |$)/.test(l));
  return lines.slice(at + 1, end);
}

Deno.test({
  name: "terminal: viewport text and viewport emit draw in place and give the terminal back",
  ignore: !hasTmux(),
  async fn() {
    await withShell(100, 12, async (tmux) => {
      const text = "viewport text --heading 'Hello there'";
      assertEquals(outputOf(await typed(tmux, text), text), ["Hello there"]);
      const emit = `viewport emit TREE '{"root": {"id": 1, "type": "text", "content": "hi"}}'`;
      assertEquals(outputOf(await typed(tmux, emit), emit), ["hi"]);
      await typed(tmux, "viewport text --bogus", 2);
    });
  },
});

Deno.test({
  name: "terminal: examples/shell scripts draw in place; files.sh's table quits with q",
  ignore: !hasTmux(),
  async fn() {
    await withShell(70, 14, async (tmux) => {
      const build = "STEP_DELAY=0.05 bash examples/shell/build.sh";
      assertEquals(outputOf(await typed(tmux, build), build), [
        "Building 6 steps",
        "build [##############################] 100% (6/6) package",
        "Build finished: 6 steps",
      ]);
      const emit = "bash examples/shell/emit.sh";
      assertEquals(outputOf(await typed(tmux, emit), emit), [
        "Ping results",
        "host      ms",
        "alpha    1.5",
        "beta   20.25",
      ]);
      await tmux.command("bash examples/shell/files.sh examples");
      await tmux.waitFor("Files in examples");
      await tmux.waitFor(" q quit");
      assertEquals((await tmux.modes()).alternate, true, "the table takes the screen");
      await tmux.type("q");
      assertEquals(await tmux.waitPrompt(), 0);
      assertEquals(await tmux.modes(), RESTORED);
    });
  },
});

Deno.test({
  name: "terminal: ls -l | viewport table is a scrollable table with headers; q quits with 0",
  ignore: !hasTmux(),
  async fn() {
    await withShell(72, 12, async (tmux, dir) => {
      for (let i = 0; i < 40; i++) {
        await Deno.writeTextFile(`${dir}/file-${String(i).padStart(2, "0")}`, "x".repeat(i));
      }
      await tmux.command(`ls -l ${dir} | viewport table`);
      let screen = await tmux.waitFor((s) => s.includes("file-39") && s.includes(" q quit"));
      assertEquals(await tmux.modes(), { alternate: true, mouse: true, cursor: false });
      const header = /^mode +links +owner +group +size +modified +name/;
      assert(header.test(screen.split("\n")[0]), screen);
      // The table follows its end; Home goes to the top, PgDn a page down.
      await tmux.keys("Home");
      screen = await tmux.waitFor((s) => s.includes("file-00") && !s.includes("file-39"));
      assert(header.test(screen.split("\n")[0]), "the header stays on top");
      assert(/-rw\S* +1 +\S+ +\S+ +0 +\S+ \d+ \S+ +file-00/.test(screen), screen);
      await tmux.keys("PageDown");
      screen = await tmux.waitFor((s) => !s.includes("file-00") && s.includes("file-1"));
      assert(header.test(screen.split("\n")[0]), "the header stays on top after paging");
      assertEquals(screen.split("\n")[11], " q quit", "the key-hint line");
      await tmux.type("q");
      assertEquals(await tmux.waitPrompt(), 0);
      assertEquals(await tmux.promptLine(), "[0]$");
      assertEquals(await tmux.modes(), RESTORED);
      assert(!(await tmux.screen()).includes("file-"), "the screen is given back as it was");
    });
  },
});

Deno.test({
  name: "terminal: seq 20 | viewport progress --total 20 is one line, updated in place",
  ignore: !hasTmux(),
  async fn() {
    await withShell(100, 12, async (tmux) => {
      const line =
        "for i in $(seq 20); do echo $i; sleep 0.05; done | viewport progress --total 20";
      await tmux.command(line);
      // While it runs, the bar never takes more than one line.
      let samples = 0;
      for (;;) {
        const screen = await tmux.screen();
        const bars = screen.split("\n").filter((l) => l.includes("% ("));
        assert(bars.length <= 1, `one bar line, got:\n${screen}`);
        samples++;
        if (/^\[\d+\]\$$/m.test(screen.split("\n").slice(1).join("\n"))) break;
        await new Promise((r) => setTimeout(r, 30));
      }
      assert(samples > 0);
      assertEquals(await tmux.waitPrompt(), 0);
      assertEquals(outputOf(await tmux.screen(), line), [
        "[##############################] 100% (20/20) 20",
      ]);
      assertEquals(await tmux.modes(), RESTORED);
      const seq = "seq 20 | viewport progress --total 20";
      assertEquals(outputOf(await typed(tmux, seq), seq), [
        "[##############################] 100% (20/20) 20",
      ]);
    });
  },
});
