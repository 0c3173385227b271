/**
 * Fails loudly when the runtime no longer is what `src/transport/native/` was
 * written for: another Deno release, or a release without the private fields
 * or libc symbols it reads. The fix is to re-check each use in native/ against
 * the new runtime (the conformance suite runs both ways:
 * portable_conformance_test.ts) and then move WRITTEN_FOR.
 */
import assert from "node:assert/strict";
import tls from "node:tls";
import {
  canAdoptUserBuffer,
  nativeSupport,
  probeSocketInternals,
  tlsTcpReads,
  WRITTEN_FOR,
} from "../../src/transport/native/mod.ts";
import { makeTestCerts } from "./certs.ts";
import { nodeTlsPair } from "./tls_pair.ts";

const native = !nativeSupport().switchedOff;

Deno.test("native probe: this is the Deno release native/ was written for", () => {
  assert.equal(
    Deno.version.deno,
    WRITTEN_FOR,
    `src/transport/native/ reads Deno ${WRITTEN_FOR}'s internals (kBuffer*, ` +
      `_handle._nativeTcpHandle) and libc; this is Deno ${Deno.version.deno}. ` +
      "Re-check each use there, run the conformance suite both ways, then update WRITTEN_FOR.",
  );
});

Deno.test({
  name: "native probe: node:net still keeps kBuffer, kBufferGen, kBufferCb and useUserBuffer",
  ignore: !native,
  async fn() {
    assert.deepEqual(await probeSocketInternals(), [], "missing runtime fields");
    assert.ok(nativeSupport().internals, "internals are turned off for this runtime");
  },
});

Deno.test({
  name: "native probe: libc opens with every symbol native/ uses",
  ignore: !native || !["linux", "darwin"].includes(Deno.build.os),
  fn() {
    const s = nativeSupport();
    assert.ok(s.libc && s.libcOpened, `libc did not open: ${JSON.stringify(s)}`);
  },
});

Deno.test({
  name: "native probe: a node:tls socket has the TCP handle and the user-buffer hooks",
  ignore: !native,
  async fn() {
    const certs = await makeTestCerts();
    const { socket, stop } = await nodeTlsPair(certs);
    try {
      assert.ok(socket instanceof tls.TLSSocket);
      assert.ok(tlsTcpReads(socket) !== null, "_handle._nativeTcpHandle.readStop/readStart");
      assert.ok(canAdoptUserBuffer(socket), "kBuffer* symbols or _handle.useUserBuffer");
    } finally {
      await stop();
      certs.remove();
    }
  },
});
