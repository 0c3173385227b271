/**
 * The Ink side of `bench/ansi_vs_ink.ts`: the list or the dashboard as a React
 * component, rerendered frame by frame into a fake terminal that counts bytes.
 * Prints one JSON line with the process's CPU time and the bytes written.
 *
 *   node bench/ink/ink_app.mjs list|dashboard FRAMES [--incremental] [--dump FILE]
 *
 * Run with NODE_ENV=production and FORCE_COLOR=3 (the driver does), with `CI`
 * unset: Ink only prints the last frame under CI.
 *
 * @module
 */
import { EventEmitter } from "node:events";
import { writeFileSync } from "node:fs";
import process from "node:process";
import { BORDER, dashboard, HEADER_BG, LIST_TITLE, listRow, SIZES } from "./scenes.mjs";
// Imported by a computed name: the Deno workspace this file sits in has no
// ink or react, and must not try to resolve them when it checks the repo.
const pkg = (name) => import(name);
const React = (await pkg("react")).default;
const { Box, render, Text } = await pkg("ink");

const [scenario, framesArg, ...rest] = process.argv.slice(2);
const frames = Number(framesArg ?? 300);
const incremental = rest.includes("--incremental");
const dumpAt = rest.indexOf("--dump");
const dumpPath = dumpAt >= 0 ? rest[dumpAt + 1] : undefined;
if (!(scenario in SIZES) || !(frames > 0)) {
  throw new Error("usage: ink_app.mjs list|dashboard FRAMES [--incremental] [--dump FILE]");
}
const size = SIZES[scenario];
const h = React.createElement;

function List({ frame }) {
  const rows = [h(Text, { key: "title", bold: true }, LIST_TITLE)];
  for (let i = 0; i < size.items; i++) {
    const r = listRow(i, frame);
    rows.push(
      h(
        Box,
        { key: i, gap: 1 },
        h(Box, { width: 5 }, h(Text, { dimColor: true }, r.index)),
        h(Box, { width: 14 }, h(Text, { bold: true, color: r.nameColor }, r.name)),
        h(Box, { width: 6 }, h(Text, { color: r.statusColor }, r.status)),
        h(Box, { width: 12 }, h(Text, null, r.value)),
        h(Text, null, r.latency),
      ),
    );
  }
  return h(Box, { flexDirection: "column" }, rows);
}

function Panel({ title, width, children }) {
  const props = {
    flexDirection: "column",
    borderStyle: "round",
    borderColor: BORDER,
    paddingX: 1,
  };
  if (width) props.width = width;
  else props.flexGrow = 1;
  return h(Box, props, h(Text, { bold: true }, title), children);
}

function Dashboard({ frame }) {
  const d = dashboard(frame);
  return h(
    Box,
    { flexDirection: "column", width: size.columns, height: size.rows },
    h(
      Box,
      { backgroundColor: HEADER_BG, justifyContent: "space-between" },
      h(Text, { bold: true }, d.title),
      h(Text, null, d.clock),
    ),
    h(
      Box,
      { height: 8 },
      h(
        Panel,
        { title: "CPU", width: 28 },
        d.cpus.map((c, i) =>
          h(Text, { key: i }, c.label, h(Text, { color: c.color }, c.bar), c.pct)
        ),
      ),
      h(
        Panel,
        { title: "Memory", width: 26 },
        d.memory.map((line, i) => h(Text, { key: i }, line)),
        h(Text, { color: d.memColor }, d.memBar),
      ),
      h(Panel, { title: "Network" }, d.network.map((line, i) => h(Text, { key: i }, line))),
    ),
    h(
      Box,
      {
        flexDirection: "column",
        flexGrow: 1,
        borderStyle: "round",
        borderColor: BORDER,
        paddingX: 1,
      },
      h(Text, { bold: true }, "Requests"),
      d.requests.map((r, i) =>
        h(
          Text,
          { key: i },
          `${r.time}  ${r.method} ${r.path} `,
          h(Text, { color: r.codeColor }, r.code),
          `  ${r.ms}`,
        )
      ),
    ),
    h(
      Box,
      { justifyContent: "space-between" },
      h(Text, { dimColor: true }, d.footer),
      h(Text, { dimColor: true }, d.frame),
    ),
  );
}

const View = scenario === "list" ? List : Dashboard;

/** A terminal that keeps nothing but counts (and optionally records) what is written. */
class FakeTerminal extends EventEmitter {
  isTTY = true;
  columns = size.columns;
  rows = size.rows;
  bytes = 0;
  writes = 0;
  chunks = dumpPath ? [] : null;
  write(data) {
    const s = typeof data === "string" ? data : Buffer.from(data).toString();
    this.bytes += Buffer.byteLength(s);
    this.writes++;
    this.chunks?.push(s);
    return true;
  }
}

const stdout = new FakeTerminal();
const stdin = Object.assign(new EventEmitter(), { isTTY: false });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

// maxFps 1000 and a 2 ms pause per frame: every rerender renders and writes
// at once (the throttle's leading edge), and no frame is skipped or merged.
let frame = 0;
const app = render(h(View, { frame }), {
  stdout,
  stdin,
  stderr: stdout,
  debug: false,
  exitOnCtrlC: false,
  patchConsole: false,
  maxFps: 1000,
  incrementalRendering: incremental,
});
await sleep(2);
const warmup = Math.min(200, frames);
for (let i = 0; i < warmup; i++) {
  app.rerender(h(View, { frame: ++frame }));
  await sleep(2);
}
const bytes0 = stdout.bytes, writes0 = stdout.writes;
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let missed = 0;
for (let i = 0; i < frames; i++) {
  const before = stdout.bytes;
  app.rerender(h(View, { frame: ++frame }));
  if (stdout.bytes === before) missed++;
  await sleep(2);
}
const wall = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const result = {
  side: incremental ? "ink-incremental" : "ink",
  scenario,
  frames,
  cpuUs: cpu.user + cpu.system,
  bytes: stdout.bytes - bytes0,
  writes: stdout.writes - writes0,
  // Frames whose bytes were not written during rerender() (throttled): must be 0.
  deferred: missed,
  wallMs: wall,
  lastFrame: frame,
};
// What was written up to the last frame (not what unmounting writes).
if (dumpPath) writeFileSync(dumpPath, stdout.chunks.join(""));
app.unmount();
process.stdout.write(JSON.stringify(result) + "\n");
