/**
 * A directory listing as typed data: a schema, a scroll bound to it, one row per
 * file. In a pipe it prints a header line and TSV rows.
 *
 *   deno run -A examples/files.ts [DIR]
 *   deno run -A examples/files.ts | cat
 *
 * @module
 */
import { column, defineApp, heading, scroll } from "../src/mod.ts";

// The first argument that is not a flag (a test run in-process sees the runner's flags).
const dir = Deno.args.find((a) => !a.startsWith("-")) ?? ".";

// Exported for tests (src/testing); it runs by itself only as the main module.
export default defineApp({
  name: "files",
  autoRun: import.meta.main,
  keepAlive: false,
  async setup(conn) {
    const files = conn.schema(128, [
      { name: "name", type: "string" },
      { name: "size", type: "uint64", format: "human_bytes" },
      { name: "modified", type: "timestamp", format: "relative_time" },
    ]);
    conn.setTree(column({ id: 1 }, [
      heading(`Files in ${dir}`, { id: 2 }),
      scroll({ id: 3, schema: files, grow: 1 }),
    ]));
    // The title goes out before the first rows.
    await conn.flush();
    const entries: [string, number, number][] = [];
    for await (const entry of Deno.readDir(dir)) {
      const info = await Deno.lstat(`${dir}/${entry.name}`).catch(() => null);
      if (!info) continue;
      const modified = (info.mtime?.getTime() ?? 0) / 1000;
      entries.push([entry.name + (entry.isDirectory ? "/" : ""), info.size, modified]);
    }
    entries.sort((a, b) => a[0].localeCompare(b[0]));
    conn.data(entries, { schema: files });
  },
});
