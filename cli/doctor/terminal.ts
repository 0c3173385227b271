/**
 * `viewport doctor`'s terminal report: color depth (as the ANSI renderer
 * picks it), mouse reporting, the kitty keyboard protocol and synchronized
 * output, judged from the environment and, on a terminal, from the
 * terminal's own answers to a few queries.
 *
 * @module
 */
import { type ColorDepth, detectColorDepth } from "../../src/render/ansi/color.ts";

/** Whether a feature works. */
export type Support = "yes" | "no" | "likely" | "unknown";

/** A feature and why doctor thinks so. */
export interface Feature {
  support: Support;
  reason: string;
}

/** The terminal section of the report. */
export interface TerminalReport {
  /** stdin and stdout are both terminals. */
  isTerminal: boolean;
  term: string | null;
  colorterm: string | null;
  termProgram: string | null;
  colors: { depth: ColorDepth; reason: string };
  mouse: Feature;
  kittyKeyboard: Feature;
  synchronizedOutput: Feature;
  /** The terminal was asked (a terminal, no --no-query, not TERM=dumb). */
  asked: boolean;
  /** The terminal was asked and answered. */
  queried: boolean;
}

type Env = Readonly<Record<string, string>>;

function colorReason(env: Env, depth: ColorDepth, isTerminal: boolean): string {
  let why: string;
  if (env.FORCE_COLOR !== undefined) why = `FORCE_COLOR=${env.FORCE_COLOR}`;
  else if ((env.NO_COLOR ?? "") !== "") why = "NO_COLOR is set";
  else if (/^(truecolor|24bit)$/i.test(env.COLORTERM ?? "")) why = `COLORTERM=${env.COLORTERM}`;
  else if (env.TERM) why = `TERM=${env.TERM}`;
  else if (env.TERM_PROGRAM) why = `TERM_PROGRAM=${env.TERM_PROGRAM}`;
  else if (env.WT_SESSION) why = "Windows Terminal";
  else why = "TERM is not set";
  if (!isTerminal && depth !== "none") why += "; used only when output is a terminal";
  return why;
}

/** Which terminal this is, from the variables terminals set. */
function family(env: Env): string {
  const term = (env.TERM ?? "").toLowerCase();
  const program = env.TERM_PROGRAM ?? "";
  if (term === "dumb") return "dumb";
  if (term === "xterm-kitty" || env.KITTY_WINDOW_ID) return "kitty";
  if (term.includes("ghostty") || program === "ghostty") return "ghostty";
  if (program === "WezTerm" || term.includes("wezterm")) return "wezterm";
  if (term.startsWith("foot")) return "foot";
  if (term.includes("alacritty") || env.ALACRITTY_WINDOW_ID) return "alacritty";
  if (program === "iTerm.app") return "iterm2";
  if (program === "tmux" || term.startsWith("tmux") || env.TMUX) return "tmux";
  if (term.startsWith("screen")) return "screen";
  if (env.WT_SESSION) return "windows-terminal";
  if (Number(env.VTE_VERSION) > 0) return "vte";
  if (program === "vscode") return "vscode";
  if (program === "Apple_Terminal") return "apple-terminal";
  if (term === "linux") return "linux-console";
  if (term.startsWith("xterm") || term.startsWith("rxvt")) return "xterm-like";
  return term === "" ? "none" : "other";
}

const NAMES: Record<string, string> = {
  kitty: "kitty",
  ghostty: "Ghostty",
  wezterm: "WezTerm",
  foot: "foot",
  alacritty: "Alacritty",
  iterm2: "iTerm2",
  tmux: "tmux",
  screen: "GNU screen",
  "windows-terminal": "Windows Terminal",
  vte: "a VTE terminal",
  vscode: "the VS Code terminal",
  "apple-terminal": "Terminal.app",
  "linux-console": "the Linux console",
  "xterm-like": "an xterm-compatible terminal",
};

const MOUSE: Record<string, Support> = {
  dumb: "no",
  "linux-console": "no",
  none: "unknown",
  other: "unknown",
};
const KITTY_YES = new Set(["kitty", "ghostty", "foot", "alacritty"]);
const KITTY_MAYBE = new Set(["wezterm", "iterm2"]);
const KITTY_NO = new Set(["dumb", "linux-console", "screen", "tmux", "vte", "apple-terminal"]);
const SYNC_YES = new Set(["kitty", "ghostty", "foot", "alacritty", "wezterm", "iterm2", "vte"]);
const SYNC_MAYBE = new Set(["tmux", "windows-terminal", "vscode"]);
const SYNC_NO = new Set(["dumb", "linux-console", "screen", "apple-terminal"]);

function judge(fam: string, yes: Set<string>, maybe: Set<string>, no: Set<string>): Support {
  return yes.has(fam) ? "yes" : maybe.has(fam) ? "likely" : no.has(fam) ? "no" : "unknown";
}

function feature(support: Support, fam: string, env: Env, known: string): Feature {
  const who = NAMES[fam] ?? (env.TERM ? `TERM=${env.TERM}` : "no TERM");
  if (support === "unknown") return { support, reason: `${who}: ${known}` };
  return { support, reason: `${who} (from the environment)` };
}

/**
 * Judges the terminal from environment variables alone.
 *
 * @example
 * ```ts
 * import { terminalFromEnv } from "./terminal.ts";
 * import assert from "node:assert/strict";
 * const t = terminalFromEnv({ TERM: "xterm-kitty", COLORTERM: "truecolor" }, true);
 * assert.equal(t.colors.depth, "truecolor");
 * assert.equal(t.kittyKeyboard.support, "yes");
 * ```
 */
export function terminalFromEnv(env: Env, isTerminal: boolean): TerminalReport {
  const depth = detectColorDepth(env);
  const fam = family(env);
  const unknown = "not known from the environment";
  return {
    isTerminal,
    term: env.TERM ?? null,
    colorterm: env.COLORTERM ?? null,
    termProgram: env.TERM_PROGRAM ?? null,
    colors: { depth, reason: colorReason(env, depth, isTerminal) },
    mouse: feature(MOUSE[fam] ?? "yes", fam, env, unknown),
    kittyKeyboard: feature(
      judge(fam, KITTY_YES, KITTY_MAYBE, KITTY_NO),
      fam,
      env,
      `${unknown}; the renderer asks the terminal at start`,
    ),
    synchronizedOutput: feature(
      judge(fam, SYNC_YES, SYNC_MAYBE, SYNC_NO),
      fam,
      env,
      `${unknown}; terminals without it ignore the sequence`,
    ),
    asked: false,
    queried: false,
  };
}

/**
 * The queries doctor sends: kitty keyboard flags (`CSI ? u`), the modes of
 * SGR mouse reporting (1006) and synchronized output (2026) (`DECRQM`), then
 * primary device attributes (`CSI c`), which every terminal answers, marking
 * the end of the replies.
 */
export const TERMINAL_QUERY = "\x1b[?u\x1b[?1006$p\x1b[?2026$p\x1b[c";

/** What a terminal's replies say. */
export interface TerminalReplies {
  /** The device attributes reply arrived (the terminal answered at all). */
  answered: boolean;
  /** A kitty keyboard flags reply arrived. */
  kitty: boolean;
  /** DECRPM values by mode: 0 unknown mode, 1/2 set/reset, 3/4 permanently set/reset. */
  modes: Record<number, number>;
}

/**
 * Parses what a terminal sent back to {@linkcode TERMINAL_QUERY}.
 *
 * @example
 * ```ts
 * import { parseReplies } from "./terminal.ts";
 * import assert from "node:assert/strict";
 * const r = parseReplies("\x1b[?0u\x1b[?2026;2$y\x1b[?62;22c");
 * assert.ok(r.answered);
 * assert.ok(r.kitty);
 * assert.equal(r.modes[2026], 2);
 * ```
 */
export function parseReplies(text: string): TerminalReplies {
  // Replies are matched after ESC, which the patterns leave out (no control characters in them).
  const parts = text.split("\x1b").slice(1);
  const modes: Record<number, number> = {};
  for (const part of parts) {
    const m = /^\[\?(\d+);(\d)\$y/.exec(part);
    if (m) modes[Number(m[1])] = Number(m[2]);
  }
  return {
    answered: parts.some((p) => /^\[\?[\d;]*c/.test(p)),
    kitty: parts.some((p) => /^\[\?\d+u/.test(p)),
    modes,
  };
}

function fromMode(r: TerminalReplies, mode: number, fallback: Feature): Feature {
  const value = r.modes[mode];
  if (value === undefined) {
    // A terminal that answers no mode query at all (tmux 3.3, older xterm) says nothing.
    if (Object.keys(r.modes).length === 0) {
      return {
        ...fallback,
        reason: `${fallback.reason}; the terminal does not answer mode queries`,
      };
    }
    return { support: "no", reason: "the terminal did not report the mode" };
  }
  if (value === 0) return { support: "no", reason: "the terminal does not know the mode" };
  if (value === 4) return { support: "no", reason: "the terminal reports it permanently off" };
  return { support: "yes", reason: "the terminal reports the mode" };
}

/**
 * Refines an environment-based report with the terminal's replies (the
 * terminal was asked, whether or not it answered).
 *
 * @example
 * ```ts
 * import { applyReplies, parseReplies, terminalFromEnv } from "./terminal.ts";
 * import assert from "node:assert/strict";
 * const t = applyReplies(terminalFromEnv({ TERM: "xterm" }, true), parseReplies("\x1b[?1;2c"));
 * assert.equal(t.kittyKeyboard.support, "no");
 * assert.ok(t.queried);
 * ```
 */
export function applyReplies(report: TerminalReport, r: TerminalReplies): TerminalReport {
  if (!r.answered && !r.kitty && Object.keys(r.modes).length === 0) {
    return { ...report, asked: true };
  }
  return {
    ...report,
    asked: true,
    queried: true,
    mouse: fromMode(r, 1006, report.mouse),
    synchronizedOutput: fromMode(r, 2026, report.synchronizedOutput),
    kittyKeyboard: r.kitty
      ? { support: "yes", reason: "the terminal answered the kitty keyboard query" }
      : r.answered
      ? { support: "no", reason: "the terminal ignored the kitty keyboard query" }
      : report.kittyKeyboard,
  };
}
