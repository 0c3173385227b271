/** examples/files.ts under the test driver: a directory as typed rows. */
import { assertEquals } from "../_util/assert.ts";
import { openApp, openProcess } from "../../src/testing/mod.ts";
import files from "../../examples/files.ts";
import { exampleCommand } from "./_examples.ts";

Deno.test("files: in this process it lists the working directory, one row per entry", async () => {
  await using app = await openApp(files);
  await app.waitUntil(() => app.exit);
  const names: string[] = [];
  for await (const e of Deno.readDir(".")) names.push(e.name + (e.isDirectory ? "/" : ""));
  const rows = await app.rows();
  assertEquals(rows.map((r) => r.name).sort(), names.sort());
  assertEquals(await app.getByRole("heading").textContent(), "Files in .");
});

Deno.test("files: as its own process on a fixed folder; the screen at 80x24", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/notes.txt`, "x".repeat(892));
    await Deno.writeFile(`${dir}/photo.jpg`, new Uint8Array(48231));
    await Deno.writeFile(`${dir}/empty`, new Uint8Array(0));
    const old = new Date(Date.now() - 3 * 86_400_000);
    for (const f of ["notes.txt", "photo.jpg", "empty"]) await Deno.utime(`${dir}/${f}`, old, old);
    await using app = await openProcess(exampleCommand("files", "."), { cwd: dir });
    await app.waitUntil(() => app.exit);
    assertEquals(app.exit?.code, 0);
    assertEquals(await app.rows(undefined, { formatted: true }), [
      { name: "empty", size: "0 B", modified: "3d ago" },
      { name: "notes.txt", size: "892 B", modified: "3d ago" },
      { name: "photo.jpg", size: "47.1 KiB", modified: "3d ago" },
    ]);
    assertEquals((await app.rows())[1], {
      name: "notes.txt",
      size: 892,
      modified: (await app.rows())[1].modified,
    });
    await app.assertScreen("files");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
