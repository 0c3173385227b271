import { assert, assertEquals, assertMatch, assertRejects } from "../../tests/_util/assert.ts";
import { matchesIntegrity, obtainPackage } from "./native.ts";

async function tgz(dir: string, files: Record<string, string>): Promise<Uint8Array> {
  const src = `${dir}/src`;
  for (const [name, body] of Object.entries(files)) {
    const path = `${src}/package/${name}`;
    await Deno.mkdir(path.slice(0, path.lastIndexOf("/")), { recursive: true });
    await Deno.writeTextFile(path, body);
  }
  const out = await new Deno.Command("tar", { args: ["czf", "../p.tgz", "package"], cwd: src })
    .output();
  assert(out.success);
  return await Deno.readFile(`${dir}/p.tgz`);
}

async function sri(bytes: Uint8Array): Promise<string> {
  const d = new Uint8Array(await crypto.subtle.digest("SHA-512", bytes as Uint8Array<ArrayBuffer>));
  return `sha512-${btoa(String.fromCharCode(...d))}`;
}

Deno.test("native: a cached tarball is checked against deno.lock's integrity and unpacked", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bytes = await tgz(dir, { "package.json": "{}", "pty.node": "bin", "conpty.pdb": "x" });
    const cacheDir = `${dir}/cache`;
    await Deno.mkdir(cacheDir);
    await Deno.writeFile(`${cacheDir}/lydell-node-pty-win32-x64-1.1.0.tgz`, bytes);
    const p = {
      id: "@lydell/node-pty-win32-x64@1.1.0",
      name: "@lydell/node-pty-win32-x64",
      version: "1.1.0",
      dependencies: [],
      integrity: await sri(bytes),
    };
    assert(await matchesIntegrity(bytes, p.integrity));
    const found = await obtainPackage(p, { cacheDir, offline: true });
    assertEquals(found, {
      dir: `${cacheDir}/@lydell+node-pty-win32-x64@1.1.0`,
      source: "build cache",
    });
    assertEquals([...Deno.readDirSync(found.dir)].map((e) => e.name).sort(), [
      "package.json",
      "pty.node",
    ]);
    // Second lookup: the unpacked folder is reused.
    assertEquals((await obtainPackage(p, { cacheDir, offline: true })).dir, found.dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("native: a tarball that does not match deno.lock is deleted and reported", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const bytes = await tgz(dir, { "package.json": "{}" });
    const cacheDir = `${dir}/cache`;
    await Deno.mkdir(cacheDir);
    const file = `${cacheDir}/x-1.0.0.tgz`;
    await Deno.writeFile(file, bytes);
    const p = {
      id: "x@1.0.0",
      name: "x",
      version: "1.0.0",
      dependencies: [],
      integrity: await sri(new Uint8Array([1])),
    };
    await assertRejects(
      () => obtainPackage(p, { cacheDir, offline: true }),
      Error,
      /does not match deno.lock's integrity for x@1.0.0/,
    );
    await assertRejects(() => Deno.stat(file), Deno.errors.NotFound);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("native: installed packages and Deno's npm cache come first; offline says where it looked", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const installed = `${dir}/nm/x`;
    await Deno.mkdir(installed, { recursive: true });
    await Deno.writeTextFile(`${installed}/package.json`, "{}");
    const p = { id: "@s/x@2.0.0", name: "@s/x", version: "2.0.0", dependencies: [] };
    const src = { cacheDir: `${dir}/cache`, offline: true, denoDir: `${dir}/deno` };
    assertEquals(await obtainPackage({ ...p, localPath: installed }, src), {
      dir: installed,
      source: "node_modules",
    });
    const cached = `${dir}/deno/npm/some.registry/@s/x/2.0.0`;
    await Deno.mkdir(cached, { recursive: true });
    await Deno.writeTextFile(`${cached}/package.json`, "{}");
    assertEquals(await obtainPackage(p, src), { dir: cached, source: "deno cache" });
    const err = await assertRejects(
      () => obtainPackage({ ...p, version: "3.0.0", id: "@s/x@3.0.0" }, src),
      Error,
      /@s\/x@3.0.0 is not installed, not in Deno's npm cache/,
    );
    assertMatch(err.message, /offline: not fetched/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
