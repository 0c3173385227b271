/**
 * `vp-run`'s command line and exit statuses: misuse (2, one line naming the
 * problem), `--help`, an unreachable viewer (1), a command that cannot run
 * (127), CMD's own status under every `--via` (128 + N for signal N), signals
 * passed on to CMD, and the in-process viewer when there is none to relay to.
 */
import { assertEquals, assertMatch } from "../_util/assert.ts";
import { main } from "../../cli/vp_run.ts";
import { FrameDecoder } from "../../src/protocol/frame_decoder.ts";
import { decodeFrame } from "../../src/protocol/wire.ts";
import { DENO, HostedViewer, ROOT, VpRun } from "./_harness.ts";

/** `main()` in this process, its output collected. */
async function runMain(args: string[]): Promise<{ status: number; out: string; err: string }> {
  let out = "";
  const err: string[] = [];
  const status = await main(args, {
    env: {},
    isTerminal: false,
    stdout: {
      writeSync: (b) => {
        out += new TextDecoder().decode(b);
        return b.length;
      },
    },
    stderr: (line) => err.push(line),
  });
  return { status, out, err: err.join("\n") };
}

Deno.test("vp-run: misuse names the problem and exits 2", async () => {
  const cases: [string[], RegExp][] = [
    [["--bogus", "--", "true"], /unknown option "--bogus"/],
    [
      ["--via", "carrier-pigeon", "--", "true"],
      /--via "carrier-pigeon": expected one of stdio, fd/,
    ],
    [["--via"], /--via needs a value/],
    [["--to", "nope://x", "--", "true"], /--to: /],
    [["--session", "a b", "--", "true"], /--session "a b": expected 1 to 128 visible ASCII/],
    [["--verbose=yes", "--", "true"], /--verbose takes no value/],
    [[], /no command given \(expected -- CMD ARGS\.\.\.\)/],
    [["--via", "fd", "--"], /no command given/],
  ];
  for (const [args, re] of cases) {
    const r = await runMain(args);
    assertEquals(r.status, 2, `${args.join(" ")}: ${r.err}`);
    assertMatch(r.err, re);
    assertMatch(r.err, /^vp-run: [^\n]+\nTry 'vp-run --help'\.$/);
    assertEquals(r.out, "");
  }
});

Deno.test("vp-run: --help and --version", async () => {
  const help = await runMain(["--help"]);
  assertEquals(help.status, 0);
  assertMatch(help.out, /vp-run \[--via stdio\|fd\|unix\|unix-abstract\|tcp\] \[--to URI\]/);
  for (const via of ["stdio", "fd", "unix", "unix-abstract", "tcp"]) {
    assertMatch(help.out, new RegExp(`^ +(--via KIND +)?${via} `, "m"));
  }
  assertEquals((await runMain(["-h", "--bogus"])).status, 0, "help wins over what follows");
  assertMatch((await runMain(["-V"])).out, /^vp-run \d+\.\d+\.\d+\n$/);
});

Deno.test("vp-run (process): misuse, an unreachable viewer, a missing command", async () => {
  const misuse = new VpRun(["--via", "nope", "--", "true"]);
  assertEquals(await misuse.status(), 2);
  assertEquals(
    misuse.stderr,
    `vp-run: --via "nope": expected one of stdio, fd, unix, unix-abstract, tcp\n` +
      `Try 'vp-run --help'.\n`,
  );
  const unreachable = new VpRun(["--to", "unix:///nonexistent/v.sock", "--", "true"]);
  assertEquals(await unreachable.status(), 1);
  assertMatch(unreachable.stderr, /^vp-run: cannot reach the viewer at unix:\/\/\/nonexistent/);
  assertEquals(unreachable.stderr.split("\n").length, 2, "one line, no stack trace");

  const viewer = await HostedViewer.start();
  try {
    const missing = new VpRun(["--to", viewer.uri, "--", "no-such-command-vp-run"]);
    assertEquals(await missing.status(), 127);
    assertEquals(
      missing.stderr,
      `vp-run: cannot run "no-such-command-vp-run": command not found\n`,
    );
  } finally {
    await viewer.close();
  }
});

Deno.test("vp-run: CMD's exit status is vp-run's, under every --via", async () => {
  const viewer = await HostedViewer.start();
  try {
    for (const via of ["stdio", "fd", "unix", "unix-abstract", "tcp"]) {
      const code = new VpRun(["--via", via, "--to", viewer.uri, "--", "sh", "-c", "exit 7"]);
      assertEquals(await code.status(), 7, `${via}: ${code.stderr}`);
      const killed = new VpRun(["--via", via, "--to", viewer.uri, "--", "sh", "-c", "kill $$"]);
      assertEquals(await killed.status(), 128 + 15, `${via} (SIGTERM): ${killed.stderr}`);
    }
  } finally {
    await viewer.close();
  }
});

// CMD says when its traps are set, then waits; each signal gets its own status.
const TRAPS = "trap 'exit 42' INT; trap 'exit 43' TERM; trap 'exit 44' HUP; echo ready; " +
  "while :; do sleep 0.05; done";

Deno.test("vp-run: SIGINT, SIGTERM and SIGHUP are passed on to CMD", async () => {
  const viewer = await HostedViewer.start();
  try {
    for (const via of ["stdio", "unix"]) {
      for (const [signal, status] of [["SIGINT", 42], ["SIGTERM", 43], ["SIGHUP", 44]] as const) {
        const run = new VpRun(["--via", via, "--to", viewer.uri, "--", "sh", "-c", TRAPS]);
        try {
          await run.untilStdout("ready");
          run.kill(signal);
          assertEquals(await run.status(), status, `${via} ${signal}: ${run.stderr}`);
        } finally {
          await run.stop();
        }
      }
    }
  } finally {
    await viewer.close();
  }
});

Deno.test("vp-run: with no viewer to relay to, an in-process one prints the projection", async () => {
  const run = new VpRun(
    ["--session", "alone", "--", DENO, "run", "-A", `${ROOT}examples/hello.ts`],
    { VIEWPORT: "" },
  );
  try {
    assertEquals(await run.status(), 0, run.stderr);
    assertEquals(run.stdout, "Hello, Viewport!\n");
  } finally {
    await run.stop();
  }
});

Deno.test("vp-run --to stdio: puts the frames on its stdout (vp-run at the far end of ssh)", async () => {
  const run = new VpRun(
    ["--session", "far", "--to", "stdio:", "--", DENO, "run", "-A", `${ROOT}examples/hello.ts`],
    {},
    "piped",
  );
  try {
    assertEquals(await run.status(), 0, run.stderr);
    const messages: string[] = [];
    new FrameDecoder().write(run.stdoutBytes, (f) => {
      const m = decodeFrame(f);
      messages.push(m.type === "REGION" ? `${m.type} ${m.action}` : m.type);
    });
    assertEquals(messages, ["REGION attach", "REGION title", "TREE", "REGION close"]);
  } finally {
    await run.child.stdin.close().catch(() => {});
    await run.stop();
  }
});
