/** systemd:// pieces that need no systemd: fd selection, paths, refusals. */
import {
  activatedFds,
  conventionalSocketPath,
  listenSystemd,
} from "../../src/transport/schemes/systemd.ts";
import { assertEquals, assertRejectsViewportError, assertViewportError } from "../_util/assert.ts";

Deno.test("systemd: activated fds are picked by LISTEN_PID, LISTEN_FDS and names", () => {
  const pid = 4242;
  const env = (fds: string, names?: string) => ({
    LISTEN_PID: String(pid),
    LISTEN_FDS: fds,
    LISTEN_FDNAMES: names,
  });
  assertEquals(activatedFds("viewport.socket", env("1"), pid), [3]);
  assertEquals(activatedFds("viewport.socket", env("1", "viewport.socket"), pid), [3]);
  assertEquals(activatedFds("viewport.socket", env("3", "a:viewport:b"), pid), [4]);
  assertEquals(activatedFds("viewport.socket", env("2"), pid), []); // ambiguous without names
  assertEquals(activatedFds("viewport.socket", env("1"), pid + 1), []); // someone else's
  assertEquals(activatedFds("viewport.socket", env("0"), pid), []);
  assertEquals(activatedFds("viewport.socket", env("x"), pid), []);
  assertViewportError(
    () => activatedFds("viewport.socket", env("2", "a:b"), pid),
    "bad_uri",
    /no fd is named 'viewport\.socket' \(names: a, b\)/,
  );
});

Deno.test("systemd: the conventional path is %t/STEM.sock", () => {
  assertEquals(
    conventionalSocketPath("viewport.socket", { XDG_RUNTIME_DIR: "/run/user/1000/" }),
    "/run/user/1000/viewport.sock",
  );
  assertEquals(conventionalSocketPath("viewport.socket", {}), "/run/viewport.sock");
  assertEquals(conventionalSocketPath("viewport@a", {}), "/run/viewport@a.sock");
});

Deno.test("systemd: listening without activation is a clear error", async () => {
  await assertRejectsViewportError(
    () => listenSystemd({ scheme: "systemd", name: "viewport.socket" }),
    "unsupported",
    /was not socket-activated/,
  );
});
