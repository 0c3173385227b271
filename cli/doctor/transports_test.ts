import { assert, assertEquals, assertMatch } from "../../tests/_util/assert.ts";
import { checkTransports, opensslCert, type TransportCheck } from "./transports.ts";

const byScheme = (checks: TransportCheck[]) => Object.fromEntries(checks.map((c) => [c.scheme, c]));

const exists = (path: string): Promise<boolean> => Deno.stat(path).then(() => true, () => false);

Deno.test({
  name: "checkTransports: unix, unix-abstract, tcp, ws, tls and wss each carry a frame here",
  ignore: Deno.build.os !== "linux",
  async fn() {
    // A generous limit: on a loaded machine a loopback round trip can take seconds.
    const checks = byScheme(
      await checkTransports({ env: { LISTEN_FDS: "1" }, timeout: 60_000 }),
    );
    for (const scheme of ["unix", "unix-abstract", "tcp", "ws", "tls", "wss"]) {
      assertEquals(checks[scheme].status, "ok", JSON.stringify(checks[scheme]));
      assert(typeof checks[scheme].ms === "number");
    }
    assertEquals(checks.systemd, {
      scheme: "systemd",
      status: "available",
      detail: "socket activation; LISTEN_FDS is set here",
    });
    assertEquals(checks.vsock.status, (await exists("/dev/vsock")) ? "available" : "unsupported");
    assertEquals([checks.windows.status, checks.launchd.status], ["unsupported", "unsupported"]);
    assertEquals([checks.fd.status, checks.stdio.status], ["available", "available"]);
    assertEquals(Object.keys(checks).length, 12);
  },
});

Deno.test("checkTransports: no certificate means tls and wss are reported untried, not failed", async () => {
  const checks = byScheme(
    await checkTransports({ makeCert: () => Promise.resolve(undefined), timeout: 60_000 }),
  );
  for (const scheme of ["tls", "wss"]) {
    assertEquals(checks[scheme], {
      scheme,
      status: "available",
      detail: "not tried: openssl could not make a test certificate",
    });
  }
  assertEquals(checks.tcp.status, "ok");
});

Deno.test("checkTransports: a failing check is one clean line, and the temporary directory goes", async () => {
  let dir = "";
  const checks = byScheme(
    await checkTransports({
      makeCert: (d) => {
        dir = d;
        // Files that are not PEM: the TLS listener refuses them.
        Deno.writeTextFileSync(`${d}/c.pem`, "not a certificate");
        return Promise.resolve({ cert: `${d}/c.pem`, key: `${d}/c.pem` });
      },
    }),
  );
  for (const scheme of ["tls", "wss"]) {
    assertEquals(checks[scheme].status, "fail", JSON.stringify(checks[scheme]));
    assert(checks[scheme].detail.length > 0 && !checks[scheme].detail.includes("\n"));
    assert(!checks[scheme].detail.includes("\x1b["), checks[scheme].detail);
  }
  assert(dir !== "" && !(await exists(dir)), "the temporary directory is removed");
});

Deno.test("checkTransports: other platforms are described, not tried", async () => {
  const mac = byScheme(
    await checkTransports({ os: "darwin", makeCert: () => Promise.resolve(undefined) }),
  );
  assertEquals(mac["unix-abstract"].status, "unsupported");
  assertMatch(mac["unix-abstract"].detail, /Linux only \(this is darwin\)/);
  assertEquals([mac.launchd.status, mac.systemd.status, mac.vsock.status], [
    "available",
    "unsupported",
    "unsupported",
  ]);
  const win = byScheme(
    await checkTransports({ os: "windows", makeCert: () => Promise.resolve(undefined) }),
  );
  assertEquals([win.unix.status, win.fd.status, win.windows.status], [
    "unsupported",
    "unsupported",
    "available",
  ]);
  assertEquals(win.tcp.status, "ok", "loopback TCP is tried everywhere");
});

Deno.test("opensslCert: an EC certificate with a SAN and CA:FALSE, or undefined", async () => {
  const dir = await Deno.makeTempDir({ prefix: "vp-doctor-test-" });
  try {
    const pair = await opensslCert(dir);
    if (pair === undefined) {
      // Only acceptable when openssl cannot run at all.
      const ran = await new Deno.Command("openssl", { args: ["version"] }).output().catch(() =>
        null
      );
      assert(ran === null || !ran.success, "openssl runs, yet no certificate was made");
      return;
    }
    const pem = await Deno.readTextFile(pair.cert);
    assertMatch(pem, /^-----BEGIN CERTIFICATE-----/);
    assertMatch(await Deno.readTextFile(pair.key), /PRIVATE KEY-----/);
    const text = await new Deno.Command("openssl", {
      args: ["x509", "-noout", "-text", "-in", pair.cert],
    }).output();
    const out = new TextDecoder().decode(text.stdout);
    assertMatch(out, /CA:FALSE/);
    assertMatch(out, /IP Address:127\.0\.0\.1/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
