/** Schemes of other platforms fail here with "unsupported on this platform". */
import { connect, listen } from "../../src/transport/mod.ts";
import { activateLaunchdSockets } from "../../src/transport/native/mod.ts";
import { assertRejectsViewportError, assertViewportError } from "../_util/assert.ts";

Deno.test({
  name: "windows:// and launchd:// are unsupported on Linux, at connect and listen time",
  ignore: Deno.build.os !== "linux",
  async fn() {
    for (const uri of ["windows://viewport-session-a3f2", "launchd://com.example.viewport"]) {
      const scheme = uri.slice(0, uri.indexOf(":"));
      const re = new RegExp(`^${scheme}:// is unsupported on this platform \\(linux\\): `);
      await assertRejectsViewportError(() => connect(uri), "unsupported", re);
      await assertRejectsViewportError(() => listen(uri), "unsupported", re);
    }
    assertViewportError(() => activateLaunchdSockets("x"), "unsupported", /macOS only/);
  },
});

Deno.test({
  name: "unix-abstract:// works on Linux (and is refused elsewhere)",
  ignore: Deno.build.os !== "linux",
  async fn() {
    const l = await listen(`unix-abstract://vp-platform-${crypto.randomUUID()}`);
    await l.close();
  },
});
