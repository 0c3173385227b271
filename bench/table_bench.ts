/**
 * `viewport table` throughput: 1M TSV lines (name, size, modified) through
 * record splitting, type inference, conversion and the SDK (target >= 500k
 * rows/s), in headless and text mode (human and typed jsonl), as TSV and as
 * `ls -l` lines, next to bare line splitting.
 *
 *   deno bench -A bench/table_bench.ts
 */
import { connect } from "../src/sdk/connect.ts";
import { streamTable } from "../src/shell/table.ts";

const ROWS = 1_000_000;
const chunks: string[] = [];
{
  let buf = "name\tsize\tmodified\n";
  for (let i = 0; i < ROWS; i++) {
    buf += `file-${i}.txt\t${(i * 7919) % 1_000_000}\t${1_700_000_000 + i}\n`;
    if (buf.length > 65536) {
      chunks.push(buf);
      buf = "";
    }
  }
  chunks.push(buf);
}
const devNull = { write: (b: Uint8Array) => b.length };

Deno.bench({
  name: "bare: split 1M lines into fields (no types, no SDK)",
  group: "table 1M rows",
  baseline: true,
  n: 3,
  warmup: 1,
  fn() {
    let n = 0;
    for (const c of chunks) for (const line of c.split("\n")) n += line.split("\t").length;
    if (n < ROWS) throw new Error("lost rows");
  },
});

Deno.bench({
  name: "viewport table, headless",
  group: "table 1M rows",
  n: 3,
  warmup: 1,
  async fn() {
    const conn = await connect({ env: { VIEWPORT: "headless:" }, retainRows: 10_000 });
    const n = await streamTable(conn, chunks, { format: "tsv" });
    await conn.close();
    if (n !== ROWS) throw new Error(`sent ${n}`);
  },
});

Deno.bench({
  name: "viewport table, text mode (TSV out to a null sink)",
  group: "table 1M rows",
  n: 3,
  warmup: 1,
  async fn() {
    const conn = await connect({ env: { VIEWPORT: "text:" }, stdout: devNull });
    const n = await streamTable(conn, chunks, { format: "tsv" });
    await conn.close();
    if (n !== ROWS) throw new Error(`sent ${n}`);
  },
});

// The same rows as `ls -l` prints them: whitespace columns, a name with spaces.
const lsChunks: string[] = [];
{
  let buf = "total 1000000\n";
  for (let i = 0; i < ROWS; i++) {
    buf += `-rw-r--r-- 1 user staff ${(i * 7919) % 1_000_000} Jan  2 10:00 file ${i}.txt\n`;
    if (buf.length > 65536) {
      lsChunks.push(buf);
      buf = "";
    }
  }
  lsChunks.push(buf);
}

Deno.bench({
  name: "viewport table --format auto (TSV found), headless",
  group: "table 1M rows",
  n: 3,
  warmup: 1,
  async fn() {
    const conn = await connect({ env: { VIEWPORT: "headless:" }, retainRows: 10_000 });
    const n = await streamTable(conn, chunks, { format: "auto" });
    await conn.close();
    if (n !== ROWS) throw new Error(`sent ${n}`);
  },
});

Deno.bench({
  name: "viewport table, typed jsonl out (--output jsonl) to a null sink",
  group: "table 1M rows",
  n: 3,
  warmup: 1,
  async fn() {
    const conn = await connect({ env: { VIEWPORT: "text:?format=jsonl" }, stdout: devNull });
    const n = await streamTable(conn, chunks, { format: "tsv" });
    await conn.close();
    if (n !== ROWS) throw new Error(`sent ${n}`);
  },
});

Deno.bench({
  name: "viewport table, ls -l lines (auto: whitespace, named columns), headless",
  group: "table 1M rows",
  n: 3,
  warmup: 1,
  async fn() {
    const conn = await connect({ env: { VIEWPORT: "headless:" }, retainRows: 10_000 });
    const n = await streamTable(conn, lsChunks, { format: "auto" });
    await conn.close();
    if (n !== ROWS) throw new Error(`sent ${n}`);
  },
});
