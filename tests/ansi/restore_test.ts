/**
 * The terminal is given back after SIGTERM, SIGINT, an uncaught error and
 * ctrl+c: a real app runs in a pseudo-terminal and its output is checked for
 * the restore sequences.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { LEAVE } from "../../src/render/ansi/terminal.ts";
import { assertRestored, PtyApp } from "./_pty.ts";

const FIXTURE = new URL("./fixtures/counter_app.ts", import.meta.url).pathname;
const SDK_FIXTURE = new URL("./fixtures/sdk_app.ts", import.meta.url).pathname;

function start(args: string[] = []): PtyApp {
  return new PtyApp(FIXTURE, {
    cols: 60,
    rows: 16,
    env: { NO_COLOR: "1", TERM: "xterm-256color" },
    args,
  });
}

Deno.test({
  name: "terminal restored after SIGTERM, SIGINT, SIGHUP, an uncaught error, and ctrl+c",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const runs: [string, (app: PtyApp) => void, number][] = [
      ["SIGTERM", (app) => app.kill("SIGTERM"), 143],
      ["SIGINT", (app) => app.kill("SIGINT"), 130],
      ["SIGHUP", (app) => app.kill("SIGHUP"), 129],
      ["ctrl+c", (app) => app.type("\x03"), 130],
    ];
    for (const [label, end, code] of runs) {
      const app = start();
      try {
        await app.waitFor("Last:");
        end(app);
        assertEquals((await app.exit()).exitCode, code, `${label} exit status`);
        assertRestored(app.raw, label);
        assert(app.raw.includes("Counter"), "the app had drawn");
      } finally {
        app.dispose();
      }
    }
    const app = start(["--throw-after-ms=300"]);
    try {
      await app.waitFor("Last:");
      assertEquals((await app.exit()).exitCode, 1);
      assertRestored(app.raw, "uncaught error");
      assert(app.raw.includes("boom"), "the error is still reported");
    } finally {
      app.dispose();
    }
  },
});

Deno.test({
  name: "SDK apps in ansi mode: restored when setup throws, on an uncaught error, and on Deno.exit",
  sanitizeResources: false,
  sanitizeOps: false,
  async fn() {
    const cases = [
      { mode: "throw-in-setup", code: 1, after: "setup failed" },
      { mode: "throw-later", code: 1, after: "boom later" },
      { mode: "exit-later", code: 3, after: "" },
    ];
    for (const c of cases) {
      const app = new PtyApp(SDK_FIXTURE, {
        cols: 40,
        rows: 8,
        env: { VIEWPORT: "ansi:" },
        args: [c.mode],
      });
      try {
        assertEquals((await app.exit()).exitCode, c.code, c.mode);
        const raw = app.raw;
        assert(raw.includes("Status: running"), `${c.mode}: the app had drawn`);
        assertRestored(raw, c.mode);
        // The error is reported on the normal screen, after the restore.
        if (c.after) assert(raw.indexOf(c.after) > raw.lastIndexOf(LEAVE.altScreen), c.mode);
      } finally {
        app.dispose();
      }
    }
  },
});
