/**
 * The terminal is given back after SIGTERM, SIGINT, an uncaught error and
 * ctrl+c: a real app runs in a pseudo-terminal and its output is checked for
 * the restore sequences.
 */
import pty from "@lydell/node-pty";
import { assert, assertEquals } from "../_util/assert.ts";
import { LEAVE } from "../../src/render/ansi/terminal.ts";

const FIXTURE = new URL("./fixtures/counter_app.ts", import.meta.url).pathname;

interface Run {
  output: () => string;
  waitFor: (text: string) => Promise<void>;
  exit: Promise<{ exitCode: number; signal?: number }>;
  proc: ReturnType<typeof pty.spawn>;
}

function start(args: string[] = []): Run {
  const proc = pty.spawn(Deno.execPath(), ["run", "-A", "--quiet", FIXTURE, ...args], {
    cols: 60,
    rows: 16,
    env: { ...Deno.env.toObject(), NO_COLOR: "1", TERM: "xterm-256color" },
  });
  let out = "";
  const waiters: { text: string; resolve: () => void }[] = [];
  proc.onData((d: string) => {
    out += d;
    for (const w of waiters.splice(0)) {
      if (out.includes(w.text)) w.resolve();
      else waiters.push(w);
    }
  });
  const exit = new Promise<{ exitCode: number; signal?: number }>((resolve) =>
    proc.onExit(resolve)
  );
  return {
    proc,
    output: () => out,
    exit,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        if (out.includes(text)) return resolve();
        const timer = setTimeout(() =>
          reject(
            new Error(
              `timed out waiting for ${JSON.stringify(text)}; got ${
                JSON.stringify(out.slice(-300))
              }`,
            ),
          ), 20_000);
        waiters.push({ text, resolve: () => (clearTimeout(timer), resolve()) });
      }),
  };
}

function assertRestored(out: string, label: string): void {
  const tail = out.slice(out.lastIndexOf(LEAVE.mouse));
  assert(out.lastIndexOf(LEAVE.mouse) > 0, `${label}: mouse reporting turned off`);
  for (const seq of [LEAVE.paste, LEAVE.reset, LEAVE.showCursor, LEAVE.altScreen]) {
    assert(tail.includes(seq), `${label}: ${JSON.stringify(seq)} written after the last frame`);
  }
}

Deno.test({
  name: "terminal restored after SIGTERM, SIGINT, an uncaught error, and ctrl+c",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    for (const signal of ["SIGTERM", "SIGINT"] as const) {
      const run = start();
      await run.waitFor("Last:");
      run.proc.kill(signal);
      const { exitCode } = await run.exit;
      assertRestored(run.output(), signal);
      assert(run.output().includes("Counter"), "the app had drawn");
      assertEquals(exitCode, signal === "SIGTERM" ? 143 : 130, `${signal} exit status`);
    }
    {
      const run = start(["--throw-after-ms=300"]);
      await run.waitFor("Last:");
      const { exitCode } = await run.exit;
      assertRestored(run.output(), "uncaught error");
      assert(run.output().includes("boom"), "the error is still reported");
      assertEquals(exitCode, 1);
    }
    {
      const run = start();
      await run.waitFor("Last:");
      run.proc.write("\x03");
      const { exitCode } = await run.exit;
      assertRestored(run.output(), "ctrl+c");
      assertEquals(exitCode, 130);
    }
  },
});
