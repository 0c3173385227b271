/**
 * `viewport doctor`'s text output: two aligned tables, status words colored
 * only when asked (a terminal without NO_COLOR or TERM=dumb), ASCII only.
 *
 * @module
 */
import type { Feature, TerminalReport } from "./terminal.ts";
import type { TransportCheck } from "./transports.ts";

/** Everything doctor found. */
export interface DoctorReport {
  viewport: string;
  deno: string;
  os: string;
  arch: string;
  transports: TransportCheck[];
  terminal: TerminalReport;
}

const CODES: Record<string, string> = {
  ok: "32",
  yes: "32",
  fail: "31",
  no: "31",
  likely: "33",
  available: "36",
  unsupported: "2",
  unknown: "2",
};

const DEPTHS: Record<string, string> = {
  none: "none",
  "16": "16 colors",
  "256": "256 colors",
  truecolor: "24-bit (truecolor)",
};

/**
 * Formats the report for people.
 *
 * @example
 * ```ts
 * import { formatDoctor } from "./format.ts";
 * import { terminalFromEnv } from "./terminal.ts";
 * import assert from "node:assert/strict";
 * const text = formatDoctor({ viewport: "0.1.0", deno: "2", os: "linux", arch: "x86_64",
 *   transports: [{ scheme: "tcp", status: "ok", detail: "127.0.0.1", ms: 3 }],
 *   terminal: terminalFromEnv({}, false) }, false);
 * assert.ok(text.includes("  ok           tcp            127.0.0.1 (3 ms)"));
 * ```
 */
export function formatDoctor(r: DoctorReport, color: boolean): string {
  const paint = (word: string, width: number) => {
    const padded = word.padEnd(width);
    return color && CODES[word]
      ? `\x1b[${CODES[word]}m${word}\x1b[0m${padded.slice(word.length)}`
      : padded;
  };
  const lines = [
    `viewport ${r.viewport} doctor: deno ${r.deno}, ${r.os} ${r.arch}`,
    "",
    "Transports",
  ];
  for (const t of r.transports) {
    const ms = t.ms === undefined ? "" : ` (${t.ms} ms)`;
    lines.push(`  ${paint(t.status, 12)} ${t.scheme.padEnd(14)} ${t.detail}${ms}`);
  }
  const term = r.terminal;
  lines.push("", `Terminal${term.isTerminal ? "" : " (stdin/stdout are not a terminal)"}`);
  const env = [
    `TERM=${term.term ?? "(unset)"}`,
    term.colorterm ? `COLORTERM=${term.colorterm}` : "",
    term.termProgram ? `TERM_PROGRAM=${term.termProgram}` : "",
  ].filter(Boolean).join(" ");
  lines.push(`  ${"environment".padEnd(13)}${env}`);
  lines.push(`  ${"colors".padEnd(13)}${DEPTHS[term.colors.depth]} (${term.colors.reason})`);
  const row = (name: string, f: Feature) =>
    lines.push(`  ${name.padEnd(13)}${paint(f.support, 8)} ${f.reason}`);
  row("mouse", term.mouse);
  row("kitty keys", term.kittyKeyboard);
  row("sync output", term.synchronizedOutput);
  if (term.asked && !term.queried) {
    lines.push("  (the terminal did not answer queries; judged from the environment)");
  }
  return lines.join("\n") + "\n";
}
