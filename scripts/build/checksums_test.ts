import { assertEquals, assertThrows } from "../../tests/_util/assert.ts";
import { formatChecksums, parseChecksums, sha256File, writeChecksums } from "./checksums.ts";

Deno.test("checksums: SHA256SUMS round-trips and sha256sum -c accepts it", async () => {
  const dir = await Deno.makeTempDir();
  try {
    await Deno.writeTextFile(`${dir}/b.js`, "console.log(1)\n");
    await Deno.writeFile(`${dir}/a-x86_64-pc-windows-msvc.exe`, new Uint8Array(70_000).fill(7));
    const sums = await writeChecksums(dir, ["b.js", "a-x86_64-pc-windows-msvc.exe"]);
    const text = await Deno.readTextFile(`${dir}/SHA256SUMS`);
    assertEquals(parseChecksums(text), sums);
    assertEquals(text.split("\n")[0].endsWith("  a-x86_64-pc-windows-msvc.exe"), true);
    assertEquals(sums["b.js"], await sha256File(`${dir}/b.js`));
    const check = await new Deno.Command("sha256sum", { args: ["-c", "SHA256SUMS"], cwd: dir })
      .output().catch(() => undefined);
    if (check) assertEquals(check.code, 0, new TextDecoder().decode(check.stdout));
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("checksums: known digest, binary-mode lines, and bad lines", async () => {
  const f = await Deno.makeTempFile();
  await Deno.writeTextFile(f, "");
  assertEquals(
    await sha256File(f),
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
  );
  await Deno.remove(f);
  assertEquals(parseChecksums(`${"0".repeat(64)} *x.bin\n`), { "x.bin": "0".repeat(64) });
  assertThrows(() => parseChecksums("nothex  x\n"), SyntaxError, /line 1/);
  assertThrows(() => formatChecksums({ "a\nb": "00" }), RangeError, /cannot be listed/);
});
