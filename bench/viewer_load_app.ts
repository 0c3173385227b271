/**
 * Load generator for bench/viewer_load.ts (run by it, not by hand).
 *
 *   connections mode: deno run -A bench/viewer_load_app.ts patches URI COUNT RATE SECONDS PREFIX
 *   rows mode:        deno run -A bench/viewer_load_app.ts rows URI TOTAL BATCH
 *
 * In patches mode each of COUNT connections attaches, sends a tree, then RATE
 * patches per second for SECONDS, each carrying its send time (ms since the
 * epoch, fractional) so the viewer can measure latency. In rows mode one
 * connection streams TOTAL rows in DATA frames of BATCH rows.
 */
import { connect, type Transport } from "../src/transport/mod.ts";
import { MessageEncoder } from "../src/protocol/wire.ts";
import { slot } from "../src/protocol/slot_ref.ts";

const [mode, uri, a, b, c, d] = Deno.args;
const now = () => performance.timeOrigin + performance.now();
const enc = new MessageEncoder();

async function patches(count: number, rate: number, seconds: number, prefix: string) {
  const conns: Transport[] = [];
  for (let i = 0; i < count; i++) {
    const t = await connect(uri);
    void (async () => {
      for await (const _ of t.frames()) { /* drain ENV, DEFINEs */ }
    })().catch(() => {});
    await t.send(enc.encode({ type: "REGION", action: "attach", session: `${prefix}-${i}` }));
    await t.send(enc.encode({
      type: "TREE",
      root: {
        id: 1,
        type: "box",
        props: {},
        children: [
          { id: 2, type: "text", props: { content: `load ${i}` } },
          { id: 3, type: "text", props: { content: "t=0" } },
        ],
      },
    }));
    conns.push(t);
  }
  console.log("ready");
  const period = 1000 / rate;
  const end = now() + seconds * 1000;
  // Each connection gets its own phase so the sends are spread evenly.
  await Promise.all(conns.map(async (t, i) => {
    await new Promise((r) => setTimeout(r, (period * i) / count));
    let next = now();
    while (next < end) {
      await t.send(enc.encode({
        type: "PATCH",
        patches: [{ target: 3, set: { content: `t=${now()}` } }],
      }));
      next += period;
      const wait = next - now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    }
  }));
  for (const t of conns) await t.close();
}

async function rows(total: number, batch: number) {
  const t = await connect(uri);
  void (async () => {
    for await (const _ of t.frames()) { /* drain */ }
  })().catch(() => {});
  await t.send(enc.encode({ type: "REGION", action: "attach", session: "rows" }));
  await t.send(enc.encode({
    type: "SCHEMA",
    slot: 200,
    columns: [
      { id: 0, name: "seq", type: "uint64" },
      { id: 1, name: "name", type: "string" },
      { id: 2, name: "size", type: "uint64", format: "human_bytes" },
    ],
  }));
  await t.send(enc.encode({
    type: "TREE",
    root: { id: 1, type: "scroll", props: { schema: slot(200) }, children: [] },
  }));
  for (let sent = 0; sent < total; sent += batch) {
    const rowsOut: unknown[][] = [];
    for (let i = sent; i < Math.min(total, sent + batch); i++) {
      rowsOut.push([i, `file-${i}.log`, (i * 7919) % 1_000_000]);
    }
    await t.send(enc.encode({ type: "DATA", schema: slot(200), rows: rowsOut }));
  }
  await t.send(enc.encode({ type: "REGION", action: "title", title: "done" }));
  await t.close();
}

if (mode === "patches") await patches(Number(a), Number(b), Number(c), d);
else if (mode === "rows") await rows(Number(a), Number(b));
else throw new Error(`unknown mode ${mode}`);
