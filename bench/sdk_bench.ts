/**
 * What an app pushes through the SDK to a viewer over a unix socket, next to
 * writing the same frames by hand on a bare socket in the same run.
 *
 * - rows: 100k three-column rows (`conn.data(row)` per row, batched per tick
 *   into 4096-row frames) vs. the same frames pre-batched, encoded with
 *   `MessageEncoder` and written to a `Deno.Conn`. Target: >= 1M rows/s, SDK
 *   overhead <= 20%.
 * - patches: 10k `conn.set()` calls in one tick (one PATCH frame) vs. encoding
 *   that PATCH and writing it.
 *
 * The viewer side is one in-process reader that drains the socket. A third
 * case sends the pre-encoded frames through the unix `Transport` (what the SDK
 * uses), to separate the transport's cost from the SDK's.
 *
 *   deno bench -A bench/sdk_bench.ts
 */
import { connect, type Patch, SlotRef } from "../src/mod.ts";
import { MessageEncoder } from "../src/protocol/wire.ts";
import { ROWS_PER_FRAME } from "../src/sdk/batch.ts";
import { connect as transportConnect } from "../src/transport/mod.ts";

const dir = Deno.makeTempDirSync({ prefix: "vp-sdk-bench-" });
const path = `${dir}/viewer.sock`;
const server = Deno.listen({ transport: "unix", path });
let received = 0;
(async () => {
  for await (const c of server) {
    (async () => {
      const buf = new Uint8Array(1 << 20);
      try {
        for (;;) {
          const n = await c.read(buf);
          if (n === null) break;
          received += n;
        }
      } catch { /* closed */ }
    })();
  }
})();

const ROWS = 100_000;
const rows: [string, number, number][] = [];
for (let i = 0; i < ROWS; i++) rows.push([`file-${i}.txt`, i * 17, 1_700_000_000 + i]);
const COLUMNS = [
  { name: "name", type: "string" as const },
  { name: "size", type: "uint64" as const },
  { name: "modified", type: "timestamp" as const },
];

const conn = await connect({
  env: { VIEWPORT: `unix://${path}` },
  envTimeoutMs: 0,
  retainRows: 10_000,
});
const schema = conn.schema(128, COLUMNS);
const N = 10_000;
const nodes: number[] = [];
conn.setTree({
  id: 1,
  type: "box",
  props: {},
  children: Array.from({ length: N }, (_, i) => {
    nodes.push(100 + i);
    return { id: 100 + i, type: "text" as const, props: { content: "0" } };
  }),
});
await conn.flush();

const raw = await Deno.connect({ transport: "unix", path });
const encoder = new MessageEncoder({ initialSize: 1 << 20 });
const arena = new MessageEncoder({ initialSize: 1 << 20, arena: true });
async function writeAll(bytes: Uint8Array): Promise<void> {
  let off = 0;
  while (off < bytes.length) off += await raw.write(bytes.subarray(off));
}

Deno.bench({
  name: "raw: pre-batched DATA frames written to a unix socket",
  group: "100k rows",
  baseline: true,
  async fn() {
    const ref = new SlotRef(128);
    for (let i = 0; i < ROWS; i += ROWS_PER_FRAME) {
      await writeAll(
        encoder.encodeView({ type: "DATA", schema: ref, rows: rows.slice(i, i + ROWS_PER_FRAME) }),
      );
    }
  },
});

const direct = await transportConnect(`unix://${path}`);
Deno.bench({
  name: "raw: the same frames through the unix Transport (send each, await the last)",
  group: "100k rows",
  async fn() {
    const ref = new SlotRef(128);
    let last: Promise<void> = Promise.resolve();
    for (let i = 0; i < ROWS; i += ROWS_PER_FRAME) {
      last = direct.send(
        arena.encode({ type: "DATA", schema: ref, rows: rows.slice(i, i + ROWS_PER_FRAME) }),
      );
    }
    await last;
  },
});

Deno.bench({
  name: "SDK: conn.data(row) x 100k, then flush()",
  group: "100k rows",
  async fn() {
    for (let i = 0; i < ROWS; i++) conn.data(rows[i], { schema });
    await conn.flush();
  },
});

Deno.bench({
  name: "SDK: conn.data(rows) once, then flush()",
  group: "100k rows",
  async fn() {
    conn.data(rows, { schema });
    await conn.flush();
  },
});

let v = 0;
Deno.bench({
  name: "raw: one 10k-patch PATCH frame written to a unix socket",
  group: "10k patches",
  baseline: true,
  async fn() {
    v++;
    const patches: Patch[] = new Array(N);
    for (let i = 0; i < N; i++) patches[i] = { target: nodes[i], set: { content: `${v}` } };
    await writeAll(encoder.encodeView({ type: "PATCH", patches }));
  },
});

Deno.bench({
  name: "SDK: conn.set(node, props) x 10k, then flush()",
  group: "10k patches",
  async fn() {
    v++;
    for (let i = 0; i < N; i++) conn.set(nodes[i], { content: `${v}` });
    await conn.flush();
  },
});

globalThis.addEventListener("unload", () => {
  raw.close();
  void direct.close();
  server.close();
  Deno.removeSync(dir, { recursive: true });
  if (received < 0) console.log(received);
});
