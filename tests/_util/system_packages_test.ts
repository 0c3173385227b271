/**
 * System packages are installed once, however many test files ask at the same
 * time (the browser tests once raced for the dpkg lock), and a failed install
 * says how to install by hand.
 */
import { assertEquals, assertRejects } from "./assert.ts";
import { ensurePackage } from "./system_packages.ts";

Deno.test("ensurePackage: concurrent callers install once, under the lock", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vp-pkg-" });
  try {
    const p = { path: `${dir}/tool`, pkg: "tool", purpose: "the tool tests" };
    let installs = 0, running = 0, overlapped = false;
    const install = async () => {
      installs++;
      overlapped ||= running++ > 0;
      await new Promise((r) => setTimeout(r, 50));
      await Deno.writeTextFile(p.path, "#!/bin/sh\n");
      running--;
      return { ok: true, err: "" };
    };
    const said: string[] = [];
    const got = await Promise.all(
      Array.from(
        { length: 4 },
        () => ensurePackage(p, (l) => said.push(l), { install, root: true }),
      ),
    );
    assertEquals(got, Array(4).fill(p.path));
    assertEquals([installs, overlapped], [1, false]);
    assertEquals(said, ["installing tool from Debian for the tool tests (once)..."]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("ensurePackage: a failed install or no root names the command to run", async () => {
  const p = { path: "/nonexistent/vp-tool", pkg: "vp-tool", purpose: "the tool tests" };
  const install = () => Promise.resolve({ ok: false, err: "E: Unable to locate package vp-tool" });
  await assertRejects(
    () => ensurePackage(p, () => {}, { install, root: true }),
    Error,
    /^the tool tests need vp-tool at \/nonexistent\/vp-tool \(apt-get failed: E: Unable to locate package vp-tool\); install it with `sudo apt-get install -y vp-tool`/,
  );
  await assertRejects(
    () => ensurePackage(p, () => {}, { install, root: false }),
    Error,
    /not running as root/,
  );
});
