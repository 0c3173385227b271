/**
 * `viewport doctor`: which transports work on this machine and what the
 * terminal supports, as text or JSON.
 *
 * @module
 */
import { UsageError } from "./args.ts";
import { intFlag, parseFlags } from "./commands/flags.ts";
import { type ShellIo, writeText } from "./commands/io.ts";
import { VERSION } from "./help.ts";
import { processQueryIo, queryTerminal } from "./doctor/query.ts";
import { applyReplies, parseReplies, terminalFromEnv } from "./doctor/terminal.ts";
import { checkTransports, type TransportCheck } from "./doctor/transports.ts";
import { checkNats } from "./doctor/nats.ts";
import { type DoctorReport, formatDoctor } from "./doctor/format.ts";

export type { DoctorReport } from "./doctor/format.ts";

/**
 * `viewport doctor --help`.
 *
 * @example
 * ```ts
 * import { DOCTOR_HELP } from "./doctor.ts";
 * import assert from "node:assert/strict";
 * assert.ok(DOCTOR_HELP.includes("--json"));
 * ```
 */
export const DOCTOR_HELP = `Usage: viewport doctor [--json] [--no-query] [--timeout MS] [--nats URI]

Shows what works here: each transport (tried for real where it can be: listen,
connect, one frame across, on loopback or in a temporary directory) and what
the terminal supports (colors, mouse, kitty keyboard, synchronized output).
On a terminal it also asks the terminal itself (300 ms at most).

Options:
  --json         machine-readable output (the same facts)
  --no-query     judge the terminal from TERM, COLORTERM... only
  --timeout MS   how long the terminal's answer and each transport check may
                 take (default 300 and 1500; more for a slow link or machine)
  --nats URI     also send a frame through this NATS server (nats://HOST:PORT/PREFIX
                 or nats+tls://...), on a private subject below PREFIX; default:
                 VIEWPORT when it is a nats URI. Credentials are never shown.
  -h, --help     this help

Environment: NO_COLOR or TERM=dumb turn colors off.
`;

/** The variables doctor reads (an env source may be a function, so they are named). */
const ENV_NAMES = [
  "TERM",
  "COLORTERM",
  "TERM_PROGRAM",
  "TERM_PROGRAM_VERSION",
  "NO_COLOR",
  "FORCE_COLOR",
  "WT_SESSION",
  "VTE_VERSION",
  "KITTY_WINDOW_ID",
  "ALACRITTY_WINDOW_ID",
  "TMUX",
  "LISTEN_FDS",
  "VIEWPORT",
];

function pickEnv(
  source: Readonly<Record<string, string | undefined>> | ((name: string) => string | undefined),
): Record<string, string> {
  const get = typeof source === "function" ? source : (name: string) => source[name];
  const out: Record<string, string> = {};
  for (const name of ENV_NAMES) {
    const value = get(name);
    if (value !== undefined) out[name] = value;
  }
  return out;
}

/** Replaceable parts (tests). */
export interface DoctorDeps {
  checkTransports?: (
    env: Readonly<Record<string, string>>,
    timeoutMs?: number,
  ) => Promise<TransportCheck[]>;
  /** Asks the terminal; returns its raw replies. Default: the process terminal. */
  query?: (stdin: ReadableStream<Uint8Array>, timeoutMs?: number) => Promise<string>;
}

async function processQuery(
  stdin: ReadableStream<Uint8Array>,
  timeoutMs?: number,
): Promise<string> {
  const io = processQueryIo(stdin);
  try {
    return await queryTerminal(io, timeoutMs);
  } finally {
    io.close();
  }
}

/**
 * Gathers the report.
 *
 * @example
 * ```ts
 * import { diagnose } from "./doctor.ts";
 * import assert from "node:assert/strict";
 * const r = await diagnose({ env: { TERM: "dumb" }, isTerminal: false, stdin: new Blob([]).stream() },
 *   { checkTransports: async () => [] });
 * assert.equal(r.terminal.colors.depth, "none");
 * ```
 */
export async function diagnose(
  ctx: {
    env: Readonly<Record<string, string>>;
    isTerminal: boolean;
    stdin: ReadableStream<Uint8Array>;
    query?: boolean;
    /** The limit for the terminal's answer and for each transport check, in ms. */
    timeoutMs?: number;
    /** A NATS URI to check (credentials included: never shown). */
    nats?: string;
  },
  deps: DoctorDeps = {},
): Promise<DoctorReport> {
  const check = deps.checkTransports ??
    (async (env, timeout) => [
      ...await checkTransports({ env, timeout }),
      await checkNats(ctx.nats, timeout ?? 1500),
    ]);
  const transports = check(ctx.env, ctx.timeoutMs);
  let terminal = terminalFromEnv(ctx.env, ctx.isTerminal);
  if (ctx.isTerminal && ctx.query !== false && ctx.env.TERM !== "dumb") {
    const replies = await (deps.query ?? processQuery)(ctx.stdin, ctx.timeoutMs).catch(() => "");
    terminal = applyReplies(terminal, parseReplies(replies));
  }
  return {
    viewport: VERSION,
    deno: Deno.version.deno,
    os: Deno.build.os,
    arch: Deno.build.arch,
    transports: await transports,
    terminal,
  };
}

/**
 * Runs `viewport doctor` (a shell-command-shaped entry point).
 *
 * @example
 * ```ts
 * import { runDoctor } from "./doctor.ts";
 * import assert from "node:assert/strict";
 * let out = "";
 * const sink = { write: (b: Uint8Array) => { out += new TextDecoder().decode(b); return b.length; } };
 * await runDoctor(["--json"], { connect: { env: {} }, stdin: new Blob([]).stream(), stdout: sink, stderr: sink },
 *   { checkTransports: async () => [] });
 * assert.equal(JSON.parse(out).transports.length, 0);
 * ```
 */
export async function runDoctor(
  argv: string[],
  io: ShellIo,
  deps: DoctorDeps = {},
): Promise<number> {
  const p = parseFlags("doctor", argv, {
    string: ["timeout", "nats"],
    boolean: ["json", "no-query"],
  });
  if (p.switches.has("help")) {
    await writeText(io.stdout, DOCTOR_HELP);
    return 0;
  }
  if (p.positionals.length > 0) {
    throw new UsageError(`viewport doctor: unexpected argument '${p.positionals[0]}'`);
  }
  const timeoutMs = intFlag("doctor", "timeout", p.values.timeout, 1);
  const env = pickEnv(io.connect.env ?? Deno.env.toObject());
  // Asking the terminal needs it on both ends: the answer comes back on stdin.
  const isTerminal = (io.connect.isTerminal ?? false) && (io.stdinIsTerminal ?? true);
  const nats = p.values.nats ??
    (/^nats(\+tls)?:/i.test(env.VIEWPORT ?? "") ? env.VIEWPORT : undefined);
  const report = await diagnose(
    { env, isTerminal, stdin: io.stdin, query: !p.switches.has("no-query"), timeoutMs, nats },
    deps,
  );
  if (p.switches.has("json")) {
    await writeText(io.stdout, JSON.stringify(report, null, 2) + "\n");
  } else {
    const color = isTerminal && (env.NO_COLOR ?? "") === "" && env.TERM !== "dumb";
    await writeText(io.stdout, formatDoctor(report, color));
  }
  return 0;
}
