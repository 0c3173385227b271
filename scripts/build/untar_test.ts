import { assertEquals, assertThrows } from "../../tests/_util/assert.ts";
import { readTar, unpackTgz } from "./untar.ts";

function header(name: string, size: number, type = "0", mode = 0o644): Uint8Array {
  const h = new Uint8Array(512);
  const put = (s: string, at: number) => h.set(new TextEncoder().encode(s), at);
  put(name, 0);
  put(mode.toString(8).padStart(7, "0"), 100);
  put(size.toString(8).padStart(11, "0"), 124);
  put(type, 156);
  return h;
}

function tar(entries: [string, string, string?, number?][]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const [name, body, type, mode] of entries) {
    const data = new TextEncoder().encode(body);
    parts.push(header(name, data.length, type, mode));
    const padded = new Uint8Array(Math.ceil(data.length / 512) * 512);
    padded.set(data);
    parts.push(padded);
  }
  parts.push(new Uint8Array(1024));
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) out.set(p, (at += p.length) - p.length);
  return out;
}

Deno.test("untar: files under the top folder, modes, pax long names, directories skipped", () => {
  const long = "package/" + "d/".repeat(60) + "deep.txt";
  const files = readTar(tar([
    ["package/", "", "5"],
    ["package/pty.node", "ELF", "0", 0o755],
    ["pax", `${long.length + 9 + String(long.length).length} path=${long}\n`, "x"],
    ["ignored-short-name", "deep"],
    ["package/lib/x.js", "x".repeat(700)],
  ]));
  assertEquals(files.map((f) => [f.path, f.mode, f.data.length]), [
    ["pty.node", 0o755, 3],
    ["d/".repeat(60) + "deep.txt", 0o644, 4],
    ["lib/x.js", 0o644, 700],
  ]);
});

Deno.test("untar: unsafe paths and truncated archives are refused", () => {
  assertThrows(() => readTar(tar([["package/../../etc/x", "no"]])), SyntaxError, /unsafe path/);
  assertThrows(() => readTar(tar([["/etc/x", "no"]])), SyntaxError, /unsafe path/);
  const whole = tar([["package/a", "x".repeat(600)]]);
  assertThrows(() => readTar(whole.subarray(0, 700)), SyntaxError, /truncated/);
});

Deno.test("untar: a tarball made by tar unpacks with its executable bit", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.mkdir(`${dir}/package/bin`, { recursive: true });
    await Deno.writeTextFile(`${dir}/package/package.json`, "{}");
    await Deno.writeTextFile(`${dir}/package/bin/spawn-helper`, "#!/bin/sh\n", { mode: 0o755 });
    await Deno.chmod(`${dir}/package/bin/spawn-helper`, 0o755);
    await Deno.writeTextFile(`${dir}/package/x.pdb`, "symbols");
    const made = await new Deno.Command("tar", { args: ["czf", "p.tgz", "package"], cwd: dir })
      .output();
    assertEquals(made.code, 0);
    const written = await unpackTgz(
      await Deno.readFile(`${dir}/p.tgz`),
      `${dir}/out`,
      (p) => !p.endsWith(".pdb"),
    );
    assertEquals(written.sort(), ["bin/spawn-helper", "package.json"]);
    assertEquals((await Deno.stat(`${dir}/out/bin/spawn-helper`)).mode! & 0o777, 0o755);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
