import { assertEquals, assertMatch, assertRejects } from "../../tests/_util/assert.ts";
import { loadTokenFile } from "./token_file.ts";

Deno.test("token file: made 0600 when missing, kept after; unsafe files refused", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/token`;
    const token = await loadTokenFile(path);
    assertMatch(token, /^[A-Za-z0-9_-]{32}$/);
    assertEquals((await Deno.stat(path)).mode! & 0o777, 0o600);
    assertEquals(await loadTokenFile(path), token);

    await Deno.chmod(path, 0o644);
    await assertRejects(
      () => loadTokenFile(path),
      Error,
      /can be read by others \(mode 644\); run chmod 600/,
    );
    await Deno.chmod(path, 0o600);

    await Deno.symlink(path, `${dir}/link`);
    await assertRejects(() => loadTokenFile(`${dir}/link`), Error, /is a symlink; refusing it/);

    await Deno.writeTextFile(`${dir}/bad`, "short\n", { mode: 0o600 });
    await assertRejects(() => loadTokenFile(`${dir}/bad`), Error, /holds no token/);

    await Deno.mkdir(`${dir}/sub`);
    await assertRejects(() => loadTokenFile(`${dir}/sub`), Error, /not a regular file/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
