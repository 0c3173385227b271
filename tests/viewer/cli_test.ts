import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { concat } from "../_util/hex.ts";
import { slot } from "../../src/protocol/slot_ref.ts";
import { encodeFrame } from "../../src/protocol/frame.ts";
import { encodeMessage } from "../../src/protocol/wire.ts";
import { main } from "../../cli/viewport.ts";
import { parseArgs } from "../../cli/args.ts";

const CLI = new URL("../../cli/viewport.ts", import.meta.url).pathname;

async function run(args: string[], stdin = new Uint8Array()): Promise<{
  status: number;
  out: string;
  err: string;
}> {
  const chunks: Uint8Array[] = [];
  const errs: string[] = [];
  const status = await main({
    args,
    env: {},
    stdin: new ReadableStream({
      start(c) {
        if (stdin.length > 0) c.enqueue(stdin);
        c.close();
      },
    }),
    stdout: { writeSync: (b) => (chunks.push(b.slice()), b.length) },
    stderr: (l) => errs.push(l),
    isTerminal: false,
  });
  return { status, out: new TextDecoder().decode(concat(...chunks)), err: errs.join("\n") };
}

async function spawnCli(args: string[], stdin?: Uint8Array) {
  const child = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", CLI, ...args],
    stdin: stdin ? "piped" : "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  if (stdin) {
    const w = child.stdin.getWriter();
    await w.write(stdin);
    await w.close();
  }
  const r = await child.output();
  const dec = new TextDecoder();
  return { status: r.code, out: dec.decode(r.stdout), err: dec.decode(r.stderr) };
}

async function tempFile(bytes: Uint8Array): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".vp" });
  await Deno.writeFile(path, bytes);
  return path;
}

const SAMPLE = concat(
  encodeMessage({ type: "SCHEMA", slot: 100, columns: [{ id: 0, name: "n", type: "string" }] }),
  encodeMessage({
    type: "TREE",
    root: { id: 1, type: "scroll", props: { schema: slot(100) }, children: [] },
  }),
  encodeMessage({ type: "DATA", schema: slot(100), row: ["a"] }),
  encodeMessage({ type: "PATCH", patches: [{ target: 1, remove: true }] }),
);

Deno.test("viewport decode: one line per frame, slot references as @N", async () => {
  const path = await tempFile(SAMPLE);
  const r = await run(["decode", path]);
  await Deno.remove(path);
  assertEquals(r.status, 0, r.err);
  assertEquals(r.out.split("\n"), [
    'SCHEMA {slot: 100, columns: [{id: 0, name: "n", type: "string"}]}',
    'TREE {root: {id: 1, type: "scroll", schema: @100, children: []}}',
    'DATA {schema: @100, row: ["a"]}',
    "PATCH {target: 1, remove: true}",
    "",
  ]);
});

Deno.test("viewport decode: truncated input names the byte offset after the good frames", async () => {
  const cut = SAMPLE.length - 3;
  const path = await tempFile(SAMPLE.subarray(0, cut));
  const r = await run(["decode", path]);
  await Deno.remove(path);
  assertEquals(r.status, 1);
  assertEquals(r.out.split("\n").length, 4, "three good frames printed");
  const lastFrame = SAMPLE.length - encodeMessage({
    type: "PATCH",
    patches: [{ target: 1, remove: true }],
  }).length;
  assertMatch(r.err, new RegExp(`bad_frame at byte ${lastFrame}: stream ended inside a frame`));
});

Deno.test("viewport decode: a bad header or bad CBOR names the byte offset", async () => {
  const first = encodeMessage({ type: "REGION", action: "focus" });
  const badMagic = await tempFile(concat(first, new TextEncoder().encode("hello world")));
  const r1 = await run(["decode", badMagic]);
  assertEquals(r1.status, 1);
  assertMatch(r1.err, new RegExp(`at byte ${first.length}: bad magic`));
  // An array of two whose second item is a stray break byte: not well-formed at payload byte 2.
  const badCbor = await tempFile(concat(first, encodeFrame(0x03, new Uint8Array([0x82, 1, 0xff]))));
  const r2 = await run(["decode", badCbor]);
  assertEquals(r2.status, 1);
  assertEquals(r2.out, 'REGION {action: "focus"}\n');
  assertMatch(
    r2.err,
    new RegExp(`bad_cbor at byte ${first.length + 8 + 2}: frame at byte ${first.length}`),
  );
  const huge = new Uint8Array([0x56, 0x50, 1, 3, 0, 0, 0, 0xb2]);
  const tooBig = await tempFile(huge);
  const r3 = await run(["decode", tooBig]);
  assertEquals(r3.status, 1);
  assertMatch(r3.err, /too_large at byte 0/);
  for (const p of [badMagic, badCbor, tooBig]) await Deno.remove(p);
});

Deno.test("viewport decode: an unknown type byte prints as UNKNOWN, a missing file fails clearly", async () => {
  const path = await tempFile(encodeFrame(0x7e, new Uint8Array([0x01])));
  const r = await run(["decode", path]);
  await Deno.remove(path);
  assertEquals([r.status, r.out], [0, "UNKNOWN(0x7e) 1\n"]);
  const missing = await run(["decode", "/nonexistent/frames.vp"]);
  assertEquals(missing.status, 1);
  assertMatch(missing.err, /^viewport decode: cannot read \/nonexistent\/frames\.vp: /);
});

Deno.test("viewport: misuse gives a clear error and exit status 2", async () => {
  const cases: [string[], RegExp][] = [
    [["--bogus"], /unknown option "--bogus"/],
    [["--listen"], /--listen needs a value/],
    [["--listen", "nope://x"], /--listen: /],
    [["--via", "carrier-pigeon", "--", "true"], /--via "carrier-pigeon": expected one of unix/],
    [[], /nothing to do/],
    [["--headless", "--terminal", "--", "true"], /cannot be combined/],
    [["--max-nodes", "lots", "--", "true"], /--max-nodes "lots": expected a whole number/],
    [["--session", "a b", "--", "true"], /--session "a b"/],
    [["app.ts"], /unexpected argument "app.ts" \(to run a command, put it after --\)/],
    [["decode", "a", "b"], /one input at a time/],
    [["--"], /nothing after --/],
    [["--max-connections", "0", "--", "true"], /--max-connections: must be an integer >= 1, got 0/],
  ];
  for (const [args, re] of cases) {
    const r = await run(args);
    assertEquals(r.status, 2, `${args.join(" ")}: ${r.err}`);
    assertMatch(r.err, re);
    assertMatch(r.err, /Try 'viewport --help'\.$/);
  }
});

Deno.test("viewport: --help and --version", async () => {
  const help = await run(["--help"]);
  assertEquals(help.status, 0);
  assertMatch(help.out, /viewport \[options\] \[-- CMD ARGS\.\.\.\]/);
  assertMatch(help.out, /--max-payload/);
  const dhelp = await run(["decode", "--help"]);
  assertMatch(dhelp.out, /^Usage: viewport decode/);
  const version = await run(["-V"]);
  assertMatch(version.out, /^viewport \d+\.\d+\.\d+\n$/);
});

Deno.test("viewport decode (process): reads stdin, corrupt input exits 1 without a stack trace", async () => {
  const ok = await spawnCli(["decode", "-"], SAMPLE);
  assertEquals(ok.status, 0, ok.err);
  assertEquals(ok.out.split("\n").length, 5);
  const bad = await spawnCli(["decode"], SAMPLE.subarray(0, 20));
  assertEquals(bad.status, 1);
  assertMatch(bad.err, /^viewport decode: stdin: bad_frame at byte 0: /);
  assert(!/\n\s+at /.test(bad.err) && !bad.err.includes("Uncaught"), bad.err);
  const misuse = await spawnCli(["--nope"]);
  assertEquals(misuse.status, 2);
  assertEquals(misuse.err.split("\n").length, 3, misuse.err);
});

Deno.test("viewport: options and limits parse into run options", () => {
  const cmd = parseArgs([
    "--listen",
    "unix:///tmp/a.sock",
    "--listen=tcp://127.0.0.1:0",
    "--via",
    "tcp",
    "--max-payload",
    "1M",
    "--max-nodes=500",
    "--max-rows",
    "0",
    "--keep",
    "--",
    "app",
    "--listen",
  ]);
  assert(cmd.kind === "run");
  assertEquals(cmd.options.listen, ["unix:///tmp/a.sock", "tcp://127.0.0.1:0"]);
  assertEquals(cmd.options.via, "tcp");
  assertEquals(cmd.options.limits, { maxPayload: 1 << 20, maxNodes: 500, maxRows: 0 });
  assertEquals(cmd.options.keep, true);
  assertEquals(cmd.options.command, ["app", "--listen"], "arguments after -- belong to the app");
});
