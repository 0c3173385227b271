import { assert, assertEquals, assertMatch } from "../../tests/_util/assert.ts";
import { clientCacheDir, remoteClient } from "./remote_client.ts";

const ROOT = new URL("https://host.example/viewport/v0.1.0/");

Deno.test("remote client: cached per version and URL under XDG_CACHE_HOME, ~/.cache or LOCALAPPDATA", async () => {
  const xdg = await clientCacheDir(ROOT, "0.1.0", { XDG_CACHE_HOME: "/x", HOME: "/h" });
  assertMatch(xdg, /^\/x\/viewport\/0\.1\.0\/[0-9a-f]{16}$/);
  const home = await clientCacheDir(ROOT, "0.1.0", { HOME: "/h", LOCALAPPDATA: "C:/l" });
  assertEquals(home, xdg.replace("/x/", "/h/.cache/"));
  const win = await clientCacheDir(ROOT, "0.1.0", { LOCALAPPDATA: "C:/l" });
  assertEquals(win, xdg.replace("/x/", "C:/l/"));
  const other = await clientCacheDir(new URL("https://host.example/viewport/v0.2.0/"), "0.1.0", {
    HOME: "/h",
  });
  assert(other !== home, "another URL has its own folder");
  let err: unknown;
  await clientCacheDir(ROOT, "0.1.0", {}).catch((e) => err = e);
  assertMatch(String(err), /set XDG_CACHE_HOME or HOME/);
});

Deno.test("remote client: an unreachable host is an error naming the URL and the ways around it; nothing is cached", async () => {
  const cache = await Deno.makeTempDir({ prefix: "vp-client-cache-" });
  // A port nothing listens on: taken, then released.
  const probe = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (probe.addr as Deno.NetAddr).port;
  probe.close();
  try {
    const root = new URL(`http://user:secret@127.0.0.1:${port}/repo/`);
    let err: unknown;
    await remoteClient(root, {
      version: "0.1.0",
      env: { XDG_CACHE_HOME: cache },
      timeoutMs: 10_000,
    })
      .catch((e) => err = e);
    const text = String(err);
    assertMatch(
      text,
      new RegExp(`could not be built from http://127\\.0\\.0\\.1:${port}/repo/viewer/web/client/`),
    );
    assertMatch(text, /checkout install, a bundle or a compiled binary/);
    assert(!text.includes("secret"), "credentials are not shown");
    const dir = await clientCacheDir(root, "0.1.0", { XDG_CACHE_HOME: cache });
    const left = [...Deno.readDirSync(dir)].map((e) => e.name);
    assertEquals(left, []);
  } finally {
    await Deno.remove(cache, { recursive: true });
  }
});
