/**
 * What the two benchmark UIs show at each frame, shared by both sides of
 * `bench/ansi_vs_ink.ts` (Ink under Node, Viewport under Deno) so that they
 * draw the same content. Plain JavaScript: Node 20 runs no TypeScript.
 *
 * @module
 */

/** Terminal and UI sizes. The list's terminal is taller than the list so that Ink never clears it. */
export const SIZES = {
  list: { columns: 80, rows: 110, items: 100 },
  dashboard: { columns: 80, rows: 24 },
};

/** Foreground colors, truecolor on both sides. */
export const COLORS = ["#e06c75", "#98c379", "#e5c07b", "#61afef", "#c678dd", "#56b6c2"];
/** Border color of the dashboard's panels. */
export const BORDER = "#5c6370";
/** Background of the dashboard's header. */
export const HEADER_BG = "#303040";

const GREEN = "#98c379", YELLOW = "#e5c07b", RED = "#e06c75";
const STATUS = [["ok", GREEN], ["warn", YELLOW], ["down", RED]];

/**
 * Row `i` of the list at `frame`: frame f (from 1) changes row (f - 1) % 100.
 *
 * @param {number} i
 * @param {number} frame
 * @returns {{index: string, name: string, nameColor: string, status: string, statusColor: string, value: string, latency: string}}
 */
export function listRow(i, frame) {
  const items = SIZES.list.items;
  // How often row i has changed by this frame.
  const n = frame > i ? Math.floor((frame - 1 - i) / items) + 1 : 0;
  const [status, statusColor] = STATUS[(n + i) % 3];
  return {
    index: `#${i}`,
    name: `service-${i}`,
    nameColor: COLORS[i % COLORS.length],
    status,
    statusColor,
    value: `${(n * 7919 + i * 104729) % 10000} req/s`,
    latency: `${(n * 31 + i * 17) % 500} ms`,
  };
}

/** The list's title line. */
export const LIST_TITLE = "Services (100), one row changes per frame";

function clock(t) {
  const s = t % 60, m = Math.floor(t / 60) % 60, h = (12 + Math.floor(t / 3600)) % 24;
  return [h, m, s].map((v) => String(v).padStart(2, "0")).join(":");
}

function level(pct) {
  return pct < 50 ? GREEN : pct < 80 ? YELLOW : RED;
}

/**
 * A bar of 10 cells for a percentage.
 *
 * @param {number} pct
 * @returns {string}
 */
export function bar(pct) {
  const k = Math.round(pct / 10);
  return "█".repeat(k) + "░".repeat(10 - k);
}

/**
 * The dashboard at `frame`: a header with a clock, CPU, memory and network
 * panels, the 11 latest requests, and a footer. Everything changes each frame.
 *
 * @param {number} frame
 */
export function dashboard(frame) {
  const cpus = [0, 1, 2, 3].map((i) => {
    const pct = (frame * 13 + i * 29) % 101;
    return { label: `cpu${i} `, bar: bar(pct), color: level(pct), pct: `${pct}%`.padStart(5) };
  });
  const used = ((frame * 7) % 80) / 10 + 1;
  const memPct = Math.round((used / 9) * 100);
  const memory = [
    `used  ${used.toFixed(1)} GiB`,
    `free  ${(9 - used).toFixed(1)} GiB`,
    `cache ${((frame * 3) % 20 / 10).toFixed(1)} GiB`,
  ];
  const network = [
    `rx  ${((frame * 977) % 100000 / 10).toFixed(1)} KiB/s`,
    `tx  ${((frame * 613) % 100000 / 10).toFixed(1)} KiB/s`,
    `conns ${(frame * 7) % 300}`,
    `errors ${Math.floor(frame / 50)}`,
  ];
  const requests = [];
  for (let j = 0; j < 11; j++) {
    const k = Math.max(0, frame - j);
    const code = k % 17 === 0 ? 500 : k % 5 === 0 ? 404 : 200;
    requests.push({
      time: clock(k),
      method: k % 3 === 0 ? "POST" : "GET ",
      path: `/api/items/${(k * 37) % 1000}`.padEnd(16),
      code: String(code),
      codeColor: code === 200 ? GREEN : code === 404 ? YELLOW : RED,
      ms: `${(k * 13) % 250} ms`.padStart(6),
    });
  }
  return {
    title: " Viewport dashboard",
    clock: `${clock(frame)} `,
    cpus,
    memory,
    memBar: bar(memPct),
    memColor: level(memPct),
    network,
    requests,
    footer: " q quit  tab focus  ? help",
    frame: `frame ${frame} `,
  };
}
