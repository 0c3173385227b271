import { assert, assertEquals, assertMatch } from "../../tests/_util/assert.ts";
import { cachedRuntimePath, executableTarget, findRuntime } from "./runtime.ts";
import { hostTarget, TARGETS } from "./targets.ts";

function macho(cpu: number): Uint8Array {
  const b = new Uint8Array(32);
  new DataView(b.buffer).setUint32(0, 0xfeedfacf, true);
  new DataView(b.buffer).setUint32(4, cpu, true);
  return b;
}

function pe(machine: number): Uint8Array {
  const b = new Uint8Array(256);
  b.set([0x4d, 0x5a]);
  new DataView(b.buffer).setUint32(0x3c, 0x80, true);
  b.set([0x50, 0x45, 0, 0], 0x80);
  new DataView(b.buffer).setUint16(0x84, machine, true);
  return b;
}

Deno.test("runtime: executable headers name their target", async () => {
  const head = (await Deno.readFile(Deno.execPath())).subarray(0, 4096);
  assertEquals(executableTarget(head), Deno.build.target);
  assertEquals(executableTarget(macho(0x01000007)), "x86_64-apple-darwin");
  assertEquals(executableTarget(macho(0x0100000c)), "aarch64-apple-darwin");
  assertEquals(executableTarget(pe(0x8664)), "x86_64-pc-windows-msvc");
  assertEquals(executableTarget(pe(0x014c)), undefined);
  assertEquals(executableTarget(new TextEncoder().encode("PK\x03\x04 a zip")), undefined);
  assertEquals(executableTarget(new Uint8Array(0)), undefined);
});

Deno.test("runtime: DENORT_BIN is used only for the target its header names", async () => {
  const host = hostTarget();
  if (!host) return;
  const other = TARGETS.find((t) => t !== host)!;
  const src = { denortBin: Deno.execPath(), denoVersion: "2.9.6", denoExec: Deno.execPath() };
  const mine = await findRuntime(host, src);
  assert(mine.found && mine.source === "DENORT_BIN");
  assertMatch(mine.note ?? "", /deno CLI itself/);
  const theirs = await findRuntime(other, src);
  assert(!theirs.found);
  assertMatch(theirs.reason, new RegExp(`DENORT_BIN is a runtime for ${host.triple}`));
  const missing = await findRuntime(host, { denortBin: "/nonexistent/denort", denoVersion: "1" });
  assert(!missing.found);
  assertMatch(missing.reason, /DENORT_BIN=\/nonexistent\/denort cannot be read/);
});

Deno.test("runtime: a pre-seeded DENO_DIR archive is found per target", async () => {
  const denoDir = await Deno.makeTempDir();
  try {
    const zip = cachedRuntimePath(denoDir, "9.9.9", "aarch64-apple-darwin");
    await Deno.mkdir(zip.slice(0, zip.lastIndexOf("/")), { recursive: true });
    await Deno.writeFile(zip, new Uint8Array([0x50, 0x4b]));
    const found = await findRuntime(TARGETS[3], { denoDir, denoVersion: "9.9.9" });
    assertEquals(found, { found: true, source: "DENO_DIR", path: zip });
    const absent = await findRuntime(TARGETS[0], { denoDir, denoVersion: "9.9.9" });
    assert(!absent.found);
    assertMatch(
      absent.reason,
      /DENORT_BIN is not set, and .*denort-x86_64-unknown-linux-gnu\.zip is missing/,
    );
  } finally {
    await Deno.remove(denoDir, { recursive: true });
  }
});
