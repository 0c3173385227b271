/**
 * The build's progress lines: one per step, colored status words on a
 * terminal unless NO_COLOR is set or TERM=dumb.
 *
 * @module
 */

/** How a step ended. */
export type StepStatus = "ok" | "skip" | "fail" | "info";

const COLORS: Record<StepStatus, string> = {
  ok: "\x1b[32m",
  skip: "\x1b[33m",
  fail: "\x1b[31m",
  info: "\x1b[36m",
};

/**
 * Whether to color output: a terminal, NO_COLOR unset or empty, TERM not dumb.
 *
 * @example
 * ```ts
 * import { useColor } from "./report.ts";
 * import assert from "node:assert/strict";
 * assert.ok(!useColor({ NO_COLOR: "1" }, true));
 * assert.ok(useColor({}, true));
 * ```
 */
export function useColor(env: Readonly<Record<string, string>>, isTerminal: boolean): boolean {
  return isTerminal && (env.NO_COLOR ?? "") === "" && env.TERM !== "dumb";
}

/** Writes progress lines. */
export class Reporter {
  readonly #write: (line: string) => void;
  readonly #color: boolean;

  /**
   * @example
   * ```ts
   * import { Reporter } from "./report.ts";
   * import assert from "node:assert/strict";
   * const lines: string[] = [];
   * new Reporter((l) => lines.push(l), false).step("ok", "bundle", "viewport.js");
   * assert.equal(lines[0], "  ok    bundle   viewport.js");
   * ```
   */
  constructor(write: (line: string) => void, color: boolean) {
    this.#write = write;
    this.#color = color;
  }

  /**
   * One step: `  STATUS  WHAT  DETAIL`.
   *
   * @example
   * ```ts
   * import { Reporter } from "./report.ts";
   * import assert from "node:assert/strict";
   * let got = "";
   * new Reporter((l) => got = l, true).step("skip", "compile", "why");
   * assert.ok(got.includes("\x1b[33mskip\x1b[0m"));
   * ```
   */
  step(status: StepStatus, what: string, detail: string): void {
    const word = status.padEnd(4);
    const shown = this.#color ? `${COLORS[status]}${word}\x1b[0m` : word;
    this.#write(`  ${shown}  ${what.padEnd(8)} ${detail}`.trimEnd());
  }

  /**
   * A plain line (headings, the summary).
   *
   * @example
   * ```ts
   * import { Reporter } from "./report.ts";
   * import assert from "node:assert/strict";
   * let got = "";
   * new Reporter((l) => got = l, false).line("built 2");
   * assert.equal(got, "built 2");
   * ```
   */
  line(text: string): void {
    this.#write(text);
  }
}

/**
 * A byte count for humans: `456.9 KB`, `117.1 MB`.
 *
 * @example
 * ```ts
 * import { formatSize } from "./report.ts";
 * import assert from "node:assert/strict";
 * assert.equal(formatSize(1536), "1.5 KB");
 * assert.equal(formatSize(12), "12 B");
 * ```
 */
export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ["KB", "MB", "GB"];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}
