/**
 * The shell examples run with bash in text mode (a pipe) and under a headless
 * viewer, where successive commands update one session.
 */
import { assertEquals, assertMatch } from "../_util/assert.ts";

const root = new URL("../../", import.meta.url).pathname;
const VIEWPORT_BIN = `${Deno.execPath()} run -A ${root}cli/viewport.ts`;

async function bash(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const out = await new Deno.Command("bash", {
    args,
    env: { VIEWPORT_BIN, NO_COLOR: "1", ...env },
    cwd: root,
    stdin: "null",
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, out: dec.decode(out.stdout), err: dec.decode(out.stderr) };
}

async function underViewer(script: string[]): Promise<string> {
  const dir = await Deno.makeTempDir({ prefix: "vp-shell-" });
  try {
    const run = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "-A",
        `${root}cli/viewport.ts`,
        "--headless",
        "--session",
        "script",
        "--text-dir",
        dir,
        "--",
        "bash",
        ...script,
      ],
      env: { VIEWPORT_BIN, NO_COLOR: "1" },
      cwd: root,
      stdin: "null",
    }).output();
    assertEquals(new TextDecoder().decode(run.stderr), "");
    assertEquals(run.code, 0);
    return await Deno.readTextFile(`${dir}/script.txt`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

Deno.test("examples/shell/build.sh: plain lines in a pipe; one region under a viewer", async () => {
  const text = await bash(["examples/shell/build.sh"]);
  assertEquals([text.code, text.err], [0, ""]);
  const lines = text.out.trimEnd().split("\n");
  assertEquals(lines[0], "Building 6 steps");
  assertEquals(lines.at(-2), "build [##############################] 100% (6/6)");
  assertEquals(lines.at(-1), "Build finished: 6 steps");
  assertEquals(await underViewer(["examples/shell/build.sh"]), "Build finished: 6 steps\n");
});

Deno.test("examples/shell/files.sh: ls -l as a typed table", async () => {
  const text = await bash(["examples/shell/files.sh", "examples"]);
  assertEquals([text.code, text.err], [0, ""]);
  assertMatch(text.out, /^Files in examples\nmode\tlinks\towner\tgroup\tsize\tmodified\tname\n/);
  const size = (await Deno.stat(`${root}examples/counter.ts`)).size;
  assertMatch(
    text.out,
    new RegExp(`\\n-\\S+\\t1\\t\\S+\\t\\S+\\t${size}\\t\\S+ \\d+ \\S+\\tcounter\\.ts\\n`),
  );
  assertMatch(
    await underViewer(["examples/shell/files.sh", "examples"]),
    /^Files in examples\nmode\tlinks\t[^]*\tcounter\.ts\n/,
  );
});

Deno.test("examples/shell/emit.sh: raw messages", async () => {
  const text = await bash(["examples/shell/emit.sh"]);
  assertEquals([text.code, text.err, text.out], [
    0,
    "",
    "Ping results\nhost\tms\nalpha\t1.5\nbeta\t20.25\n",
  ]);
  assertEquals(
    await underViewer(["examples/shell/emit.sh"]),
    "Ping results\nhost\tms\nalpha\t1.5\nbeta\t20.25\n",
  );
});

Deno.test("viewport table misuse exits 2 with a clear message", async () => {
  const r = await bash(["-c", "$VIEWPORT_BIN table --format xml < /dev/null"]);
  assertEquals(r.code, 2);
  assertEquals(
    r.err,
    "viewport table: unknown --format 'xml' (expected one of: auto, tsv, csv, jsonl, ws)\nTry 'viewport table --help'.\n",
  );
});
