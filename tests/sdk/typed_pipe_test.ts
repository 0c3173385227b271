/**
 * Typed pipes end to end: `VIEWPORT=text:?format=jsonl deno run -A
 * examples/files.ts DIR | jq` gives one JSON object per file with raw values
 * (sizes in bytes, ISO 8601 times), and `?format=tsv` sorts with `sort -n`.
 * jq comes from Debian when missing (the test setup installs it, like
 * Chromium); where it cannot be had, the same lines are checked with a JSON
 * reader instead and the test says so.
 */
import { assertEquals } from "../_util/assert.ts";
import { ensurePackage, JQ } from "../_util/system_packages.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const quote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

async function sh(script: string, env: Record<string, string> = {}): Promise<string> {
  const out = await new Deno.Command("bash", {
    args: ["-o", "pipefail", "-c", script],
    env: { NO_COLOR: "1", ...env },
    cwd: ROOT,
    stdin: "null",
  }).output();
  const err = new TextDecoder().decode(out.stderr);
  if (!out.success) throw new Error(`${script}: exit ${out.code}\n${err}`);
  return new TextDecoder().decode(out.stdout);
}

/** A directory whose listing is known exactly: sizes, names and modification times. */
async function fixture(): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "vp-pipe-" });
  const files: [string, number, number][] = [
    ["a.txt", 5, 1_704_153_600], // 2024-01-02T00:00:00Z
    ["big.bin", 4096, 1_700_000_000], // 2023-11-14T22:13:20Z
    ["name with spaces", 0, 1_600_000_000.5], // 2020-09-13T12:26:40.500Z
  ];
  for (const [name, size, mtime] of files) {
    await Deno.writeFile(`${dir}/${name}`, new Uint8Array(size));
    await Deno.utime(`${dir}/${name}`, mtime, mtime);
  }
  return dir;
}

const EXPECTED = [
  { name: "a.txt", size: 5, modified: "2024-01-02T00:00:00Z" },
  { name: "big.bin", size: 4096, modified: "2023-11-14T22:13:20Z" },
  { name: "name with spaces", size: 0, modified: "2020-09-13T12:26:40.500Z" },
];

Deno.test("VIEWPORT=text:?format=jsonl deno run -A examples/files.ts DIR | jq", async () => {
  const dir = await fixture();
  try {
    const app = `${quote(Deno.execPath())} run -A --quiet examples/files.ts ${quote(dir)}`;
    const env = { VIEWPORT: "text:?format=jsonl" };
    const raw = await sh(app, env);
    // Every line is one JSON object: no title, no header, no human formats.
    assertEquals(raw.trimEnd().split("\n").map((l) => JSON.parse(l)), EXPECTED);
    let jq: string | undefined;
    try {
      jq = await ensurePackage(JQ, () => {});
    } catch (err) {
      console.warn(`jq unavailable, checked with a JSON reader only: ${(err as Error).message}`);
    }
    if (!jq) return;
    assertEquals(
      await sh(`${app} | ${jq} -c .`, env),
      EXPECTED.map((e) => JSON.stringify(e) + "\n").join(""),
    );
    assertEquals(await sh(`${app} | ${jq} -s 'map(.size) | add'`, env), "4101\n");
    assertEquals(
      await sh(`${app} | ${jq} -r 'select(.size > 0) | .name'`, env),
      "a.txt\nbig.bin\n",
    );
    assertEquals(
      await sh(`${app} | ${jq} -r 'select(.modified < "2024") | .modified'`, env),
      "2023-11-14T22:13:20Z\n2020-09-13T12:26:40.500Z\n",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("VIEWPORT=text:?format=tsv: a header and raw values that sort -n can use; text stays human", async () => {
  const dir = await fixture();
  try {
    const app = `${quote(Deno.execPath())} run -A --quiet examples/files.ts ${quote(dir)}`;
    const tsv = await sh(app, { VIEWPORT: "text:?format=tsv" });
    assertEquals(tsv.split("\n"), [
      "name\tsize\tmodified",
      "a.txt\t5\t2024-01-02T00:00:00Z",
      "big.bin\t4096\t2023-11-14T22:13:20Z",
      "name with spaces\t0\t2020-09-13T12:26:40.500Z",
      "",
    ]);
    const sorted = await sh(`${app} | tail -n +2 | sort -t "$(printf '\\t')" -k2,2 -n | cut -f1`, {
      VIEWPORT: "text:?format=tsv",
    });
    assertEquals(sorted, "name with spaces\na.txt\nbig.bin\n");
    // The default stays the spec's human projection.
    const human = await sh(app, { VIEWPORT: "text:" });
    assertEquals(human.split("\n").slice(0, 2), [`Files in ${dir}`, "name\tsize\tmodified"]);
    assertEquals(human.split("\n")[3].split("\t").slice(0, 2), ["big.bin", "4.0 KiB"]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("typed formats in process: every column type, dict rows, two tables, nothing but rows", async () => {
  const { connect, column, scroll, text } = await import("../../src/mod.ts");
  const { formatViewportUri, parseViewportUri } = await import("../../src/transport/mod.ts");
  assertEquals(formatViewportUri(parseViewportUri("text:?format=jsonl")), "text:?format=jsonl");
  assertEquals(formatViewportUri(parseViewportUri("text:?format=text")), "text:");
  const run = async (format: string) => {
    let out = "";
    const sink = { write: (b: Uint8Array) => (out += new TextDecoder().decode(b), b.length) };
    const conn = await connect({ env: { VIEWPORT: `text:?format=${format}` }, stdout: sink });
    const a = conn.schema(130, [
      { name: "s", type: "string" },
      { name: "b", type: "bool" },
      { name: "i", type: "int64" },
      { name: "u", type: "uint64", format: "human_bytes" },
      { name: "f", type: "float64", format: "percent" },
      { name: "t", type: "timestamp", format: "relative_time" },
      { name: "e", type: "timestamp", format: "epoch" },
      { name: "d", type: "duration" },
      { name: "x", type: "bytes" },
    ]);
    const b = conn.schema(131, [{ name: "n", type: "int64" }]);
    conn.setTree(column({}, [text("Title"), scroll({ schema: a }), scroll({ schema: b })]));
    conn.data([["a\tb", true, 2n ** 62n, 1536, 0.5, 0, 1.5, 2.25, new Uint8Array([1, 255])]], {
      schema: a,
    });
    conn.data({ n: 7 }, { schema: b }); // a dict row
    conn.data([[null, null, null, null, null, null, null, null, null]], { schema: a });
    await conn.close();
    return out;
  };
  assertEquals((await run("jsonl")).split("\n"), [
    '{"s":"a\\tb","b":true,"i":4611686018427387904,"u":1536,"f":0.5,"t":"1970-01-01T00:00:00Z","e":1.5,"d":2.25,"x":"01ff"}',
    '{"s":null,"b":null,"i":null,"u":null,"f":null,"t":null,"e":null,"d":null,"x":null}',
    '{"n":7}',
    "",
  ]);
  assertEquals((await run("tsv")).split("\n"), [
    "s\tb\ti\tu\tf\tt\te\td\tx",
    "a b\ttrue\t4611686018427387904\t1536\t0.5\t1970-01-01T00:00:00Z\t1.5\t2.25\t01ff",
    "\t\t\t\t\t\t\t\t",
    "n",
    "7",
    "",
  ]);
});
