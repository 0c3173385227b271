/**
 * The Viewport side of `bench/ansi_vs_ink.ts`: the list or the dashboard of
 * `bench/ink/scenes.mjs` as an SDK app in ansi mode, re-rendered frame by
 * frame (`conn.render(view(frame))`, the SDK's counterpart of React's
 * rerender) into an injected terminal that counts bytes. Prints one JSON line
 * with the process's CPU time and the bytes written.
 *
 *   deno run -A bench/ansi_vs_ink_app.ts list|dashboard FRAMES [--dump FILE]
 *
 * @module
 */
import process from "node:process";
import { column, connect, row, text, type VNode } from "../src/mod.ts";
import { BORDER, dashboard, HEADER_BG, LIST_TITLE, listRow, SIZES } from "./ink/scenes.mjs";

type Scenario = keyof typeof SIZES;

/** The list: a title and 100 rows of five styled cells (ids fixed so that render() diffs by id). */
export function listView(frame: number): VNode {
  const rows: VNode[] = [text(LIST_TITLE, { id: 2, bold: true })];
  for (let i = 0; i < SIZES.list.items; i++) {
    const r = listRow(i, frame);
    const id = 10 + i * 6;
    rows.push(row({ id, gap: 1 }, [
      text(r.index, { id: id + 1, width: 5, dim: true }),
      text(r.name, { id: id + 2, width: 14, bold: true, color: r.nameColor }),
      text(r.status, { id: id + 3, width: 6, color: r.statusColor }),
      text(r.value, { id: id + 4, width: 12 }),
      text(r.latency, { id: id + 5 }),
    ]));
  }
  return column({ id: 1 }, rows);
}

function panel(id: number, title: string, width: number | null, body: VNode[]): VNode {
  return column({
    id,
    border: { style: "round", color: BORDER },
    padding: [0, 1],
    ...(width === null ? { grow: 1 } : { width }),
  }, [text(title, { id: id + 1, bold: true }), ...body]);
}

/** The dashboard: header, three panels, the latest requests, footer. */
export function dashboardView(frame: number): VNode {
  const d = dashboard(frame);
  const { columns, rows } = SIZES.dashboard;
  return column({ id: 1, width: columns, height: rows }, [
    row({ id: 2, background: HEADER_BG, justify: "space_between" }, [
      text(d.title, { id: 3, bold: true }),
      text(d.clock, { id: 4 }),
    ]),
    row({ id: 5, height: 8 }, [
      panel(
        10,
        "CPU",
        28,
        d.cpus.map((c, i) =>
          text({
            id: 20 + i,
            spans: [{ text: c.label }, { text: c.bar, color: c.color }, { text: c.pct }],
          })
        ),
      ),
      panel(30, "Memory", 26, [
        ...d.memory.map((line, i) => text(line, { id: 40 + i })),
        text(d.memBar, { id: 45, color: d.memColor }),
      ]),
      panel(50, "Network", null, d.network.map((line, i) => text(line, { id: 60 + i }))),
    ]),
    column({ id: 70, grow: 1, border: { style: "round", color: BORDER }, padding: [0, 1] }, [
      text("Requests", { id: 71, bold: true }),
      ...d.requests.map((r, i) =>
        text({
          id: 80 + i,
          spans: [
            { text: `${r.time}  ${r.method} ${r.path} ` },
            { text: r.code, color: r.codeColor },
            { text: `  ${r.ms}` },
          ],
        })
      ),
    ]),
    row({ id: 100, justify: "space_between" }, [
      text(d.footer, { id: 101, dim: true }),
      text(d.frame, { id: 102, dim: true }),
    ]),
  ]);
}

if (import.meta.main) {
  const [scenario, framesArg, ...rest] = Deno.args;
  const frames = Number(framesArg ?? 300);
  const dumpAt = rest.indexOf("--dump");
  const dumpPath = dumpAt >= 0 ? rest[dumpAt + 1] : undefined;
  if (!(scenario in SIZES) || !(frames > 0)) {
    throw new Error("usage: ansi_vs_ink_app.ts list|dashboard FRAMES [--dump FILE]");
  }
  const size = SIZES[scenario as Scenario];
  const view = scenario === "list" ? listView : dashboardView;
  let bytes = 0, writes = 0;
  const chunks: Uint8Array[] | null = dumpPath ? [] : null;
  const count = (b: Uint8Array) => {
    bytes += b.length;
    writes++;
    chunks?.push(b.slice());
    return b.length;
  };
  const conn = await connect({
    // fps 1000: the cap never holds a frame back; each frame is awaited.
    env: { VIEWPORT: "ansi:?fps=1000", COLORTERM: "truecolor" },
    stdout: { writeSync: count, write: count },
    size: { columns: size.columns, rows: size.rows },
  });
  let frame = 0;
  conn.render(view(frame));
  await conn.flush();
  const warmup = Math.min(200, frames);
  for (let i = 0; i < warmup; i++) {
    conn.render(view(++frame));
    await conn.flush();
  }
  const bytes0 = bytes, writes0 = writes;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let missed = 0;
  for (let i = 0; i < frames; i++) {
    const before = writes;
    conn.render(view(++frame));
    await conn.flush();
    if (writes === before) missed++;
  }
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const result = {
    side: "viewport",
    scenario,
    frames,
    cpuUs: cpu.user + cpu.system,
    bytes: bytes - bytes0,
    writes: writes - writes0,
    deferred: missed,
    wallMs: wall,
    lastFrame: frame,
  };
  if (dumpPath && chunks) {
    // What was written up to the last frame (not the restore at close).
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let o = 0;
    for (const c of chunks) all.set(c, (o += c.length) - c.length);
    Deno.writeFileSync(dumpPath, all);
  }
  await conn.close();
  console.log(JSON.stringify(result));
}
