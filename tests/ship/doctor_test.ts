/**
 * `viewport doctor` as a user runs it: in a pipe, and in a pseudo-terminal
 * whose other end is a headless xterm.js that answers the queries (or a
 * terminal that answers nothing).
 */
import pty from "@lydell/node-pty";
import xterm from "@xterm/headless";
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { ROOT, run } from "./_build.ts";
const { Terminal } = xterm;

const CLI = `${ROOT}/cli/viewport.ts`;

/** Runs doctor in a PTY; `answer` wires the PTY to a headless xterm.js that replies. */
async function inPty(args: string[], env: Record<string, string>, answer: boolean) {
  const term = new Terminal({ cols: 160, rows: 40, allowProposedApi: true });
  const proc = pty.spawn(Deno.execPath(), ["run", "-A", "--quiet", CLI, "doctor", ...args], {
    cols: 160,
    rows: 40,
    cwd: ROOT,
    env: { ...Deno.env.toObject(), ...env },
  });
  let raw = "";
  if (answer) term.onData((reply: string) => proc.write(reply));
  proc.onData((d: string) => {
    raw += d;
    term.write(d);
  });
  const exit = await new Promise<number>((resolve) => proc.onExit((e) => resolve(e.exitCode)));
  await new Promise<void>((resolve) => term.write("", resolve));
  const buf = term.buffer.active;
  const lines: string[] = [];
  for (let y = 0; y < buf.length; y++) lines.push(buf.getLine(y)?.translateToString(true) ?? "");
  term.dispose();
  return { exit, raw, screen: lines.join("\n") };
}

Deno.test("viewport doctor in a pipe: JSON with every transport, no terminal queries", async () => {
  // A generous limit per check: on a loaded machine a loopback round trip can take seconds.
  const r = await run(
    Deno.execPath(),
    ["run", "-A", CLI, "doctor", "--json", "--timeout", "60000"],
    {
      env: { TERM: "xterm-256color" },
    },
  );
  assertEquals(r.code, 0, r.err);
  assert(!r.out.includes("\x1b"), "no escape sequences in a pipe");
  const report = JSON.parse(r.out);
  const schemes = report.transports.map((t: { scheme: string }) => t.scheme);
  assertEquals(schemes, [
    "unix",
    "unix-abstract",
    "tcp",
    "ws",
    "tls",
    "wss",
    "fd",
    "stdio",
    "systemd",
    "vsock",
    "windows",
    "launchd",
    "nats",
  ]);
  // No --nats URI: the NATS check says how to ask for it.
  assertEquals(report.transports.at(-1).status, "available");
  const tcp = report.transports.find((t: { scheme: string }) => t.scheme === "tcp");
  assertEquals(tcp.status, "ok");
  assertEquals([report.terminal.isTerminal, report.terminal.asked], [false, false]);
});

Deno.test({
  name: "viewport doctor in a terminal: asks it, and reports what xterm.js answered",
  ignore: Deno.build.os === "windows",
  async fn() {
    // Generous limits: on a loaded machine the answers can take seconds.
    const r = await inPty(["--timeout", "30000"], { TERM: "xterm-256color", NO_COLOR: "" }, true);
    assertEquals(r.exit, 0, r.raw);
    assert(r.raw.includes("\x1b[?u\x1b[?1006$p\x1b[?2026$p\x1b[c"), "the queries were sent");
    assertMatch(r.screen, /mouse {8}yes {6}the terminal reports the mode/);
    assertMatch(r.screen, /kitty keys {3}no {7}the terminal ignored the kitty keyboard query/);
    assertMatch(r.screen, /sync output {2}yes {6}the terminal reports the mode/);
    assertMatch(r.screen, /ok {11}tcp {12}127\.0\.0\.1/);
    assert(r.raw.includes("\x1b[32mok\x1b[0m"), "colored on a terminal");
    assert(!r.screen.includes("did not answer"), r.screen);
  },
});

Deno.test({
  name: "viewport doctor in a silent terminal: waits briefly, then judges from the environment",
  ignore: Deno.build.os === "windows",
  async fn() {
    const r = await inPty([], { TERM: "xterm-kitty", NO_COLOR: "1" }, false);
    assertEquals(r.exit, 0, r.raw);
    assertMatch(r.screen, /kitty keys {3}yes {6}kitty \(from the environment\)/);
    assert(r.screen.includes("(the terminal did not answer queries; judged from the environment)"));
    assert(!r.raw.includes("\x1b[32m"), "NO_COLOR");
    const quiet = await inPty(["--no-query"], { TERM: "xterm-kitty" }, false);
    assertEquals(quiet.exit, 0);
    assert(!quiet.raw.includes("\x1b[c"), "--no-query sends nothing");
  },
});
