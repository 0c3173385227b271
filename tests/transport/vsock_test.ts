/**
 * vsock:// on this machine: the kernel has vsock but no loopback, so the
 * listening side is checked for real and the connecting side for its errors.
 */
import { connect, listen } from "../../src/transport/mod.ts";
import { vsockEnabled } from "../../src/transport/schemes/vsock.ts";
import { assert, assertEquals, assertRejectsViewportError } from "../_util/assert.ts";

const PROBE = new URL("./fixtures/vsock_probe.ts", import.meta.url).pathname;
const hasVsock = (() => {
  try {
    Deno.statSync("/dev/vsock");
    return Deno.build.os === "linux";
  } catch {
    return false;
  }
})();

Deno.test({
  name: "vsock: without --unstable-vsock, connect and listen reject instead of exiting",
  ignore: vsockEnabled(),
}, async () => {
  await assertRejectsViewportError(
    () => connect("vsock://2:5000"),
    "unsupported",
    /--unstable-vsock/,
  );
  await assertRejectsViewportError(
    () => listen("vsock://-1:5000"),
    "unsupported",
    /--unstable-vsock/,
  );
});

Deno.test({
  name:
    "vsock: with --unstable-vsock the listener binds any CID and closes; connect errors are clean",
  ignore: !hasVsock,
  async fn() {
    const port = 20000 + Math.floor(Math.random() * 20000);
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["run", "-A", "--unstable-vsock", PROBE, String(port)],
      stdout: "piped",
      stderr: "inherit",
    }).output();
    assert(out.success, "probe failed");
    const lines = new TextDecoder().decode(out.stdout).trim().split("\n").map((l) => JSON.parse(l));
    assertEquals(lines[0], {
      uri: `vsock://-1:${port}`,
      info: { scheme: "vsock", local: `-1:${port}` },
    });
    // No host side here: connecting must fail with a closed error, not hang or crash.
    assertEquals(lines[1].connectError, "closed");
    assert(/cannot connect to vsock:\/\/2:\d+: /.test(lines[1].message), lines[1].message);
    assertEquals(lines[2], { closed: true });
  },
});
