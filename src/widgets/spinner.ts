/**
 * Spinners and progress bars: activity and how far along it is. Both animate
 * by asking {@linkcode mount} for the next frame, so nothing runs while none
 * is shown, and nothing at all in a pipe.
 *
 * @module
 */
import { row, text } from "../sdk/components.ts";
import type { Span } from "../sdk/props.ts";
import type { VNode } from "../sdk/vnode.ts";
import { renderContext } from "./context.ts";
import { colors } from "./theme.ts";

/** The spinner's frames (Braille dots, one cell wide everywhere). */
export const SPINNER_FRAMES: readonly string[] = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const SPINNER_MS = 80;

/** Options of {@linkcode spinner}. */
export interface SpinnerOptions {
  id?: number;
  /** What is going on ("Loading…"). */
  label?: string;
  /** A fixed frame (for pictures and tests); default: from the clock. */
  frame?: number;
}

/**
 * A spinner before a label. Its text projection is the label alone (a pipe
 * or screen reader has no use for the moving dots).
 *
 * @example
 * ```ts
 * import { spinner } from "./spinner.ts";
 * import assert from "node:assert/strict";
 * const s = spinner({ label: "Loading…", frame: 0 });
 * assert.equal(s.props.text_alt, "Loading…");
 * assert.equal(s.props.role, "status");
 * ```
 */
export function spinner(o: SpinnerOptions = {}): VNode {
  const ctx = renderContext();
  let frame = o.frame;
  if (frame === undefined) {
    frame = Math.floor(ctx.now / SPINNER_MS);
    ctx.animate(SPINNER_MS);
  }
  const glyph = SPINNER_FRAMES[((frame % 10) + 10) % 10];
  return row({
    id: o.id,
    role: "status",
    label: o.label,
    text_alt: o.label ?? "…",
    gap: 1,
    align_self: "start",
  }, [
    // A browser draws a spinning ring here instead (decor).
    text(glyph, { color: colors.accent, wrap: false, decor: true }),
    o.label !== undefined ? text(o.label) : null,
  ]);
}

/** Options of {@linkcode progressBar}. */
export interface ProgressOptions {
  id?: number;
  /** Done so far, 0 to 1; leave it out for an indeterminate bar. */
  value?: number;
  /** Shown before the bar and in the text projection. */
  label?: string;
  /** The bar's width in cells (default 30). */
  width?: number;
  /** Show the percentage after the bar (default true when determinate). */
  percent?: boolean;
}

const EIGHTHS = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
const BOUNCE_MS = 60;

/** The filled and empty parts of a determinate bar, to the eighth of a cell. */
function filled(value: number, width: number): [string, string] {
  const eighths = Math.round(Math.max(0, Math.min(1, value)) * width * 8);
  const full = Math.floor(eighths / 8);
  const part = EIGHTHS[eighths % 8];
  const done = "█".repeat(full) + part;
  return [done, "░".repeat(Math.max(0, width - full - (part ? 1 : 0)))];
}

/**
 * A progress bar: `████████▌░░░░░ 42%` when the value is known, a block
 * sweeping the track when not. Its text projection is `Label: 42%` (or
 * `Label: working…`).
 *
 * @example
 * ```ts
 * import { progressBar } from "./spinner.ts";
 * import assert from "node:assert/strict";
 * const p = progressBar({ label: "Deploy", value: 0.42, width: 10 });
 * assert.equal(p.props.text_alt, "Deploy: 42%");
 * assert.equal(p.props.value_now, 42);
 * ```
 */
export function progressBar(o: ProgressOptions = {}): VNode {
  const width = Math.max(3, Math.floor(o.width ?? 30));
  const known = typeof o.value === "number" && Number.isFinite(o.value);
  const pct = known ? Math.round(Math.max(0, Math.min(1, o.value!)) * 100) : undefined;
  let spans: Span[];
  if (known) {
    const [done, rest] = filled(o.value!, width);
    spans = [{ text: done, color: colors.accent }, { text: rest, color: colors.border }];
  } else {
    const ctx = renderContext();
    ctx.animate(BOUNCE_MS);
    const block = Math.max(2, Math.floor(width / 4));
    const span = width - block;
    const t = Math.floor(ctx.now / BOUNCE_MS) % (2 * span);
    const at = t <= span ? t : 2 * span - t;
    spans = [
      { text: "░".repeat(at), color: colors.border },
      { text: "█".repeat(block), color: colors.accent },
      { text: "░".repeat(span - at), color: colors.border },
    ];
  }
  const state = pct === undefined ? "working…" : `${pct}%`;
  return row({
    id: o.id,
    role: "progressbar",
    label: o.label,
    value_now: pct,
    text_alt: o.label ? `${o.label}: ${state}` : state,
    gap: 1,
    align_self: "start",
  }, [
    o.label !== undefined ? text(o.label) : null,
    // Monospaced, so that the blocks join; a browser draws a bar of that
    // width instead (decor: from value_now, or sweeping when there is none).
    text({ spans: spans.filter((s) => s.text !== ""), wrap: false, mono: true, decor: true }),
    known && o.percent !== false ? text(`${pct}%`.padStart(4), { wrap: false }) : null,
  ]);
}
