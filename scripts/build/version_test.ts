import { assertEquals, assertMatch, assertThrows } from "../../tests/_util/assert.ts";
import { formatStamp, readVersionStamp } from "./version.ts";

Deno.test("version stamp: semver build metadata from the commit", () => {
  assertEquals(formatStamp("0.1.0", undefined, false), "0.1.0");
  assertEquals(formatStamp("1.2.3-rc.1", "abcdef0123456789", false), "1.2.3-rc.1+abcdef012345");
  assertEquals(formatStamp("1.2.3", "abcdef0123456789", true), "1.2.3+abcdef012345.dirty");
  assertThrows(() => formatStamp("v1", "x", false), RangeError, /not semver/);
});

Deno.test("version stamp: this checkout's deno.json version and HEAD", async () => {
  const root = new URL("../../", import.meta.url).pathname;
  const v = await readVersionStamp(root);
  const config = JSON.parse(await Deno.readTextFile(`${root}/deno.json`));
  assertEquals(v.version, config.version);
  const head = await new Deno.Command("git", { args: ["rev-parse", "HEAD"], cwd: root }).output();
  assertEquals(v.commit, new TextDecoder().decode(head.stdout).trim());
  assertMatch(v.stamp, new RegExp(`^${config.version.replaceAll(".", "\\.")}\\+[0-9a-f]{12}`));
});
