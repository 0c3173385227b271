/**
 * The terminal front end's own lines: the tab bar (top row) and the status
 * line (bottom row). Pure functions from state to one screen row.
 *
 * @module
 */
import { segment } from "../../src/render/ansi/width.ts";

/** One tab as the bar shows it. */
export interface TabInfo {
  /** Session id. */
  id: string;
  /** The app's title, if any. */
  title?: string;
  /** `live`, `disconnected`, `ended`. */
  state: string;
}

/** SGR for the chrome: plain attributes only, so NO_COLOR terminals look right too. */
const INVERSE = "\x1b[7m";
const DIM = "\x1b[2m";
const BOLD = "\x1b[1m";
const RESET = "\x1b[0m";

/**
 * Cuts `text` to at most `width` cells (a cut ends with `…`).
 *
 * @example
 * ```ts
 * import { fit } from "./chrome.ts";
 * import assert from "node:assert/strict";
 * assert.equal(fit("hello world", 6), "hello…");
 * assert.equal(fit("hi", 6), "hi");
 * ```
 */
export function fit(text: string, width: number): string {
  if (width <= 0) return "";
  const parts: string[] = [];
  const widths: number[] = [];
  // Control characters (an app's title could hold escape sequences) become spaces.
  // deno-lint-ignore no-control-regex
  const total = segment(text.replace(/[\x00-\x1f\x7f]/g, " "), parts, widths);
  if (total <= width) return parts.join("");
  let out = "";
  let used = 0;
  for (let i = 0; i < parts.length; i++) {
    if (used + widths[i] > width - 1) break;
    out += parts[i];
    used += widths[i];
  }
  return out + "…";
}

function cells(text: string): number {
  return segment(text, [], []);
}

/** The tab bar's text and where each tab is. */
export interface TabBar {
  /** Exactly the bar's width in cells, with SGR sequences. */
  line: string;
  /** Columns `[start, end)` of each tab shown, by tab index. */
  spans: [number, number][];
}

/**
 * The tab bar: ` 1 title │ 2 title ` with the focused tab in inverse video and
 * sessions that are not live marked in words (`(ended)`, `(disconnected)`).
 *
 * @example
 * ```ts
 * import { tabBar } from "./chrome.ts";
 * import assert from "node:assert/strict";
 * const bar = tabBar([{ id: "a", state: "live" }, { id: "b", title: "Files", state: "ended" }], 0, 40);
 * assert.ok(bar.line.includes("\x1b[7m 1 a "));
 * assert.ok(bar.line.includes(" 2 Files (ended) "));
 * assert.equal(bar.spans[1][0], 6);
 * ```
 */
export function tabBar(tabs: readonly TabInfo[], focused: number, width: number): TabBar {
  if (tabs.length === 0) {
    return {
      line: DIM + fit(" viewport: waiting for apps", width).padEnd(width) + RESET,
      spans: [],
    };
  }
  const mark = (t: TabInfo) => t.state === "live" ? "" : ` (${t.state})`;
  const max = Math.max(8, Math.floor(width / Math.min(tabs.length, 6)) - 1);
  let line = "";
  let used = 0;
  const spans: [number, number][] = [];
  for (let i = 0; i < tabs.length; i++) {
    const label = fit(` ${i + 1} ${tabs[i].title ?? tabs[i].id}${mark(tabs[i])} `, max);
    const w = cells(label);
    if (used + w > width) break;
    line += i === focused ? INVERSE + label + RESET : label;
    spans.push([used, used + w]);
    used += w;
    if (used < width) {
      line += DIM + "│" + RESET;
      used++;
    }
  }
  return { line: line + " ".repeat(Math.max(0, width - used)), spans };
}

/** What the status line shows. */
export interface StatusInfo {
  /** The focused session, if any. */
  tab?: TabInfo;
  /** 1-based position and count. */
  index: number;
  count: number;
  /** A transient message (an app's rejected message, a new session...). */
  message?: string;
  /** True while the prefix key waits for its command. */
  prefix: boolean;
  /** The key that quits now (`q`, or `ctrl+q` while typing; default `q`). */
  quitKey?: string;
}

/**
 * The status line: the focused session (the app's title, else its id) and its
 * state on the left, a message or the key help on the right, the quit key
 * always named. Exactly `width` cells, with SGR sequences.
 *
 * @example
 * ```ts
 * import { statusLine } from "./chrome.ts";
 * import assert from "node:assert/strict";
 * const line = statusLine({ tab: { id: "a", title: "hello", state: "live" }, index: 1, count: 2, prefix: false }, 60);
 * assert.ok(line.includes("[1/2] hello live"));
 * assert.ok(line.includes("q quit"));
 * ```
 */
export function statusLine(s: StatusInfo, width: number): string {
  const left = s.tab
    ? `[${s.index}/${s.count}] ${s.tab.title ?? s.tab.id} ${s.tab.state}`
    : "no sessions";
  const quit = `${s.quitKey ?? "q"} quit`;
  const help = s.prefix
    ? "n/p next/prev  1-9 go to  x close  q quit  ^] send ^]"
    : `^] n/p switch  x close  ${quit}`;
  const right = s.message === undefined ? help : `${s.message}  ${quit}`;
  const l = fit(` ${left} `, Math.max(0, width));
  const room = width - cells(l);
  const r = fit(right, Math.max(0, room - 1));
  const gap = Math.max(0, room - cells(r));
  return INVERSE + BOLD + l + RESET + INVERSE + " ".repeat(gap) + r + RESET;
}
