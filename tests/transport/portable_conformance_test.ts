/**
 * The transport conformance suite again, in a child with `VIEWPORT_NO_NATIVE=1`:
 * the portable paths (no libc, no runtime-private fields) must pass it too. The
 * suite's own last step checks in each file that no native path was taken.
 *
 * Left out: stdio in a PTY (the viewer side writes into the PTY through libc;
 * node-pty's own write under Deno loses what does not fit the terminal's 4 KiB
 * input queue, see docs/transports.md "Native paths").
 */
import assert from "node:assert/strict";
import { NO_NATIVE_ENV } from "../../src/transport/native/mod.ts";

const FILES = [
  "local_conformance_test.ts",
  "tls_conformance_test.ts",
  "ws_conformance_test.ts",
  "fd_conformance_test.ts",
  "systemd_conformance_test.ts",
];

Deno.test({
  name: "conformance with VIEWPORT_NO_NATIVE=1: the portable paths pass",
  // Already the portable run (a child of this test, or CI run that way).
  ignore: (Deno.env.get(NO_NATIVE_ENV) ?? "") !== "",
  async fn() {
    const dir = new URL(".", import.meta.url).pathname;
    const out = await new Deno.Command(Deno.execPath(), {
      args: ["test", "-A", ...FILES.map((f) => dir + f)],
      env: { [NO_NATIVE_ENV]: "1", NO_COLOR: "1" },
      stdout: "piped",
      stderr: "piped",
    }).output();
    const text = new TextDecoder().decode(out.stdout) + new TextDecoder().decode(out.stderr);
    assert.ok(out.success, `the portable conformance run failed:\n${text.slice(-6000)}`);
    const checked = text.match(/VIEWPORT_NO_NATIVE: no native path was taken \.\.\. ok/g) ?? [];
    const suites = text.match(/^conformance: .* \.\.\. ok/gm) ?? [];
    assert.ok(suites.length >= 8, `expected the conformance suites to run:\n${text.slice(-3000)}`);
    assert.equal(checked.length, suites.length, "every suite checks that no native path ran");
  },
});
