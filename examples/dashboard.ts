/**
 * A live dashboard: a CPU-style line chart on a canvas, a table that updates in
 * place, a progress bar and an event log streamed as typed rows. The view is a
 * function of state, re-rendered by `mount()` (only changes are sent).
 *
 *   deno run -A examples/dashboard.ts            # live, in a terminal or viewer
 *   deno run -A examples/dashboard.ts | cat      # one snapshot as text
 *
 * @module
 */
import {
  canvas,
  type CanvasCommand,
  column,
  type Connection,
  defineApp,
  heading,
  mount,
  progressBar,
  row,
  scroll,
  separator,
  slot,
  text,
} from "../src/mod.ts";

const CHART_W = 240, CHART_H = 64, POINTS = 60;

interface State {
  tick: number;
  load: number[];
  services: { name: string; rps: number; p99: number }[];
  progress: number;
}

/** Deterministic pseudo-random numbers, so snapshots are stable. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function step(state: State, rand: () => number): State {
  const last = state.load.at(-1) ?? 50;
  const next = Math.max(2, Math.min(98, last + (rand() - 0.5) * 20));
  return {
    tick: state.tick + 1,
    load: [...state.load.slice(-(POINTS - 1)), next],
    services: state.services.map((s) => ({
      ...s,
      rps: Math.max(0, Math.round(s.rps + (rand() - 0.5) * 40)),
      p99: Math.max(1, Math.round(s.p99 + (rand() - 0.5) * 6)),
    })),
    progress: Math.min(100, state.progress + 1 + Math.floor(rand() * 3)),
  };
}

function view(s: State): ReturnType<typeof column> {
  return column({ id: 1, gap: 1, padding: [0, 1] }, [
    heading("Dashboard", { id: 2 }),
    row({ id: 3, gap: 2 }, [
      canvas({
        id: 10,
        width: CHART_W,
        height: CHART_H,
        alt: `load ${Math.round(s.load.at(-1) ?? 0)}%`,
        grow: 1,
      }),
      // A table to screen readers (and a grid of cells in the browser), rows of text anywhere.
      column({ id: 20, width: 36, role: "table", label: "services" }, [
        row({ id: 21, gap: 1, role: "row" }, [
          text("service", { id: 22, width: 12, bold: true, role: "columnheader" }),
          text("rps", { id: 23, width: 8, bold: true, role: "columnheader" }),
          text("p99 ms", { id: 24, bold: true, role: "columnheader" }),
        ]),
        ...s.services.map((svc, i) =>
          row({ id: 100 + i * 10, gap: 1, role: "row" }, [
            text(svc.name, { id: 101 + i * 10, width: 12 }),
            text(String(svc.rps), { id: 102 + i * 10, width: 8 }),
            text(String(svc.p99), { id: 103 + i * 10 }),
          ])
        ),
      ]),
    ]),
    progressBar({ id: 30, label: "deploy", value: s.progress / 100 }),
    separator({ id: 40 }),
    scroll({ id: 50, schema: 130, height: 6, follow: true }), // a log: the newest line shows
  ]);
}

// The chart's colours are the standard slots (0 background, 2 accent), not
// fixed values: every viewer shows them in its theme, light or dark, and
// draws the chart again when the theme changes.
function chart(load: number[]): CanvasCommand[] {
  const cmds: CanvasCommand[] = [
    ["set_fill", slot(0)],
    ["fill_rect", 0, 0, CHART_W, CHART_H],
    ["set_stroke", slot(2)],
    ["set_line_width", 1],
    ["begin_path"],
  ];
  load.forEach((v, i) => {
    const x = (i / (POINTS - 1)) * (CHART_W - 1);
    const y = CHART_H - 1 - (v / 100) * (CHART_H - 1);
    cmds.push([i === 0 ? "move_to" : "line_to", Math.round(x), Math.round(y)]);
  });
  cmds.push(["stroke"]);
  return cmds;
}

async function start(conn: Connection): Promise<void> {
  const rand = rng(7);
  let state: State = {
    tick: 0,
    load: [],
    services: [
      { name: "api", rps: 420, p99: 38 },
      { name: "auth", rps: 130, p99: 22 },
      { name: "search", rps: 260, p99: 75 },
    ],
    progress: 0,
  };
  for (let i = 0; i < POINTS; i++) state = step(state, rand);
  state = { ...state, progress: 40 };
  const events = conn.schema(130, [
    { name: "time", type: "timestamp" },
    { name: "level", type: "string" },
    { name: "message", type: "string" },
  ]);
  const ui = mount(conn, () => view(state));
  const update = () => {
    ui.render();
    conn.draw(10, chart(state.load));
  };
  update();
  await conn.flush(); // in text mode the snapshot prints before the log rows
  conn.data([Date.now() / 1000, "info", "dashboard started"], { schema: events });
  if (!conn.interactive) return; // text or headless: one snapshot is the output

  const timer = setInterval(() => {
    // The connection can close between two ticks, before its close event runs.
    if (conn.closed) return clearInterval(timer);
    state = step(state, rand);
    if (state.progress >= 100) state = { ...state, progress: 0 };
    update();
    if (state.tick % 5 === 0) {
      const svc = state.services[state.tick % state.services.length];
      conn.data([Date.now() / 1000, "info", `${svc.name}: ${svc.rps} rps`], { schema: events });
    }
  }, 250);
  conn.on("close", () => clearInterval(timer));
}

// Exported for tests (src/testing); it runs by itself only as the main module.
export default defineApp({ name: "dashboard", autoRun: import.meta.main, setup: start });
