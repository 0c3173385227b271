import { assert, assertEquals, assertMatch } from "../tests/_util/assert.ts";
import { diagnose, runDoctor } from "./doctor.ts";
import { main } from "./viewport.ts";
import { formatDoctor } from "./doctor/format.ts";
import { terminalFromEnv } from "./doctor/terminal.ts";
import type { TransportCheck } from "./doctor/transports.ts";
import { VERSION } from "./help.ts";

const CHECKS: TransportCheck[] = [
  { scheme: "tcp", status: "ok", detail: "127.0.0.1, token line", ms: 4 },
  { scheme: "tls", status: "fail", detail: "no certificate" },
  { scheme: "windows", status: "unsupported", detail: "Windows named pipes (this is linux)" },
];
const checkTransports = () => Promise.resolve(CHECKS);

function sink() {
  let text = "";
  return {
    out: { write: (b: Uint8Array) => ((text += new TextDecoder().decode(b)), b.length) },
    text: () => text,
  };
}

async function doctor(
  argv: string[],
  opts: { env?: Record<string, string>; isTerminal?: boolean; replies?: string } = {},
) {
  const stdout = sink();
  const stderr = sink();
  const queried: number[] = [];
  const code = await runDoctor(argv, {
    connect: { env: opts.env ?? {}, isTerminal: opts.isTerminal ?? false },
    stdin: new Blob([]).stream(),
    stdout: stdout.out,
    stderr: stderr.out,
  }, {
    checkTransports,
    query: () => (queried.push(1), Promise.resolve(opts.replies ?? "")),
  });
  return { code, out: stdout.text(), err: stderr.text(), queried: queried.length };
}

Deno.test("doctor --json: the transports, the terminal and the platform", async () => {
  const r = await doctor(["--json"], { env: { TERM: "xterm-kitty", HOME: "/secret" } });
  assertEquals([r.code, r.err, r.queried], [0, "", 0]);
  const report = JSON.parse(r.out);
  assertEquals(report.viewport, VERSION);
  assertEquals([report.os, report.arch, report.deno], [
    Deno.build.os,
    Deno.build.arch,
    Deno.version.deno,
  ]);
  assertEquals(report.transports, CHECKS);
  assertEquals(report.terminal.kittyKeyboard.support, "yes");
  assertEquals(report.terminal.isTerminal, false);
  assert(!r.out.includes("/secret"), "only the terminal variables are read");
});

Deno.test("doctor: text output is two aligned tables, colored only on a terminal", async () => {
  const plain = await doctor([], { env: { TERM: "xterm-256color" } });
  assertEquals(plain.code, 0);
  assertEquals(
    plain.out,
    [
      `viewport ${VERSION} doctor: deno ${Deno.version.deno}, ${Deno.build.os} ${Deno.build.arch}`,
      "",
      "Transports",
      "  ok           tcp            127.0.0.1, token line (4 ms)",
      "  fail         tls            no certificate",
      "  unsupported  windows        Windows named pipes (this is linux)",
      "",
      "Terminal (stdin/stdout are not a terminal)",
      "  environment  TERM=xterm-256color",
      "  colors       256 colors (TERM=xterm-256color; used only when output is a terminal)",
      "  mouse        yes      an xterm-compatible terminal (from the environment)",
      "  kitty keys   unknown  an xterm-compatible terminal: not known from the environment; " +
      "the renderer asks the terminal at start",
      "  sync output  unknown  an xterm-compatible terminal: not known from the environment; " +
      "terminals without it ignore the sequence",
      "",
    ].join("\n"),
  );
  const tty = await doctor([], { env: { TERM: "xterm-256color" }, isTerminal: true });
  assertEquals(tty.queried, 1);
  assert(tty.out.includes("  \x1b[32mok\x1b[0m           tcp"), tty.out);
  assert(tty.out.includes("  \x1b[31mfail\x1b[0m         tls"), tty.out);
  assert(tty.out.includes("(the terminal did not answer queries; judged from the environment)"));
  const noColor = await doctor([], { env: { TERM: "xterm", NO_COLOR: "1" }, isTerminal: true });
  assert(!noColor.out.includes("\x1b["), "NO_COLOR");
});

Deno.test("doctor: the terminal is asked only on a terminal, not with --no-query or TERM=dumb", async () => {
  const replies = "\x1b[?1u\x1b[?1006;2$y\x1b[?2026;2$y\x1b[?62c";
  const asked = await doctor(["--json"], { env: { TERM: "xterm" }, isTerminal: true, replies });
  const t = JSON.parse(asked.out).terminal;
  assertEquals([asked.queried, t.queried, t.kittyKeyboard.support, t.synchronizedOutput.support], [
    1,
    true,
    "yes",
    "yes",
  ]);
  const text = await doctor([], { env: { TERM: "xterm" }, isTerminal: true, replies });
  assert(text.out.includes("kitty keys   \x1b[32myes\x1b[0m      the terminal answered"), text.out);
  for (
    const [argv, env] of [
      [["--no-query"], { TERM: "xterm" }],
      [[], { TERM: "dumb" }],
    ] as const
  ) {
    const r = await doctor([...argv], { env: { ...env }, isTerminal: true, replies });
    assertEquals(r.queried, 0, JSON.stringify(argv));
    assert(!r.out.includes("did not answer"), r.out);
  }
  // A query that fails (stdin closed under it) leaves the environment's judgement.
  const failing = await diagnose(
    { env: { TERM: "xterm-kitty" }, isTerminal: true, stdin: new Blob([]).stream() },
    { checkTransports, query: () => Promise.reject(new Error("EIO")) },
  );
  assertEquals([failing.terminal.queried, failing.terminal.kittyKeyboard.support], [false, "yes"]);
});

Deno.test("viewport doctor: help, usage errors and the dispatch from the viewport command", async () => {
  const help = await doctor(["--help"]);
  assertEquals(help.code, 0);
  assertMatch(help.out, /^Usage: viewport doctor \[--json\] \[--no-query\]/);
  const run = async (args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main({
      args,
      env: {},
      stdin: new Blob([]).stream(),
      isTerminal: false,
      stdout: { writeSync: (b) => (out.push(new TextDecoder().decode(b)), b.length) },
      stderr: (line) => err.push(line),
    });
    return { code, out: out.join(""), err: err.join("\n") };
  };
  const extra = await run(["doctor", "now"]);
  assertEquals([extra.code, extra.out], [2, ""]);
  assertEquals(
    extra.err,
    "viewport doctor: unexpected argument 'now'\nTry 'viewport doctor --help'.",
  );
  const unknown = await run(["doctor", "--colour"]);
  assertEquals(unknown.code, 2);
  assertMatch(
    unknown.err,
    /unknown option '--colour' \(known: --timeout, --nats, --json, --no-query, --help\)/,
  );
  assertEquals((await run(["doctor", "-h"])).code, 0);
  assertMatch((await run(["--help"])).out, /\n {2}doctor {5}/);
});

Deno.test("formatDoctor: a terminal that answered says so; unset TERM is shown as such", () => {
  const terminal = { ...terminalFromEnv({}, true), asked: true, queried: true };
  const text = formatDoctor(
    { viewport: "1.0.0", deno: "2", os: "linux", arch: "aarch64", transports: [], terminal },
    false,
  );
  assert(text.includes("  environment  TERM=(unset)\n"), text);
  assert(!text.includes("did not answer"), text);
  assert(
    text.startsWith("viewport 1.0.0 doctor: deno 2, linux aarch64\n\nTransports\n\nTerminal\n"),
  );
});
