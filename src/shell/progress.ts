/**
 * `viewport progress`: a progress bar driven by stdin.
 *
 * @module
 */
import type { Connection } from "../sdk/connection.ts";
import { column, text } from "../sdk/components.ts";

/** Options for {@linkcode streamProgress}. */
export interface ProgressOptions {
  /** The number of steps that makes 100%. */
  total: number;
  /** A label before the bar. */
  label?: string;
  /** Each line is a number to add (default: each line is one step, its text the status). */
  increments?: boolean;
  /** Bar width in cells (default 30). */
  width?: number;
}

/**
 * A progress line: `label [#####-----] 50% (5/10) status`.
 *
 * @example
 * ```ts
 * import { progressLine } from "./progress.ts";
 * import assert from "node:assert/strict";
 * assert.equal(progressLine(5, 10, { label: "copy", width: 10 }), "copy [#####-----] 50% (5/10)");
 * ```
 */
export function progressLine(
  done: number,
  total: number,
  options: { label?: string; width?: number; status?: string } = {},
): string {
  const width = options.width ?? 30;
  const frac = total > 0 ? Math.min(1, Math.max(0, done / total)) : 0;
  const full = Math.round(frac * width);
  const pct = Math.floor(frac * 100);
  const parts = [
    options.label,
    `[${"#".repeat(full)}${"-".repeat(width - full)}] ${pct}% (${done}/${total})`,
    options.status,
  ];
  return parts.filter((p) => p).join(" ");
}

/**
 * Reads lines and shows progress. In text mode only every 10% (and the end)
 * is printed, one line each, so a log stays readable; elsewhere the bar moves
 * with every line (batched per tick). Returns the final count.
 *
 * @example
 * ```ts
 * import { connect } from "../sdk/connect.ts";
 * import { streamProgress } from "./progress.ts";
 * import assert from "node:assert/strict";
 * const conn = await connect({ env: { VIEWPORT: "headless:" } });
 * const n = await streamProgress(conn, ["a\nb\n"], { total: 4 });
 * assert.equal(n, 2);
 * assert.ok(conn.projection().includes("50%"));
 * await conn.close();
 * ```
 */
export async function streamProgress(
  conn: Connection,
  input: AsyncIterable<string> | Iterable<string>,
  options: ProgressOptions,
): Promise<number> {
  if (!(options.total > 0) || !Number.isFinite(options.total)) {
    throw new RangeError(`--total must be a positive number, got ${options.total}`);
  }
  const sparse = conn.outputMode.type === "text";
  const bar = text(progressLine(0, options.total, options), { id: 2 });
  conn.setTree(column({ id: 1 }, [bar]));
  if (sparse) await conn.flush();
  let done = 0, status = "", lastDecile = 0, carry = "", lineNo = 0;
  const step = async (line: string) => {
    lineNo++;
    const t = line.trim();
    if (options.increments) {
      if (t === "") return;
      const n = Number(t);
      if (!Number.isFinite(n)) {
        throw new TypeError(
          `line ${lineNo}: '${
            t.slice(0, 40)
          }' is not a number (--increments expects one number per line)`,
        );
      }
      done += n;
    } else {
      done++;
      status = t;
    }
    const decile = Math.floor(Math.min(done / options.total, 1) * 10);
    if (sparse && decile === lastDecile) return;
    lastDecile = decile;
    conn.set(bar, {
      content: progressLine(done, options.total, { ...options, status: sparse ? "" : status }),
    });
    if (sparse) await conn.flush();
  };
  for await (const chunk of input) {
    const lines = (carry + chunk).split("\n");
    carry = lines.pop()!;
    for (const l of lines) await step(l);
  }
  if (carry !== "") await step(carry);
  conn.set(bar, {
    content: progressLine(done, options.total, { ...options, status: sparse ? "" : status }),
  });
  await conn.flush();
  return done;
}
