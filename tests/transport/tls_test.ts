/** tls:// verification failures, mutual TLS refusals and listener checks. */
import { isViewportError } from "../../src/protocol/errors.ts";
import { acceptedNoDelay } from "../../src/transport/native/mod.ts";
import { connect, listen, type Transport } from "../../src/transport/mod.ts";
import { assert, assertEquals, assertRejectsViewportError } from "../_util/assert.ts";
import { makeTestCerts, query } from "./certs.ts";

Deno.test("tls: verification, mutual TLS and listener rules", async (t) => {
  const c = await makeTestCerts();
  try {
    await t.step("a server certificate from another CA is rejected at connect", async () => {
      const listener = await listen(
        `tls://127.0.0.1:0${query({ cert: c.serverCert, key: c.serverKey })}`,
      );
      const err = await assertRejectsViewportError(
        () => connect(`${listener.uri}${query({ ca: c.otherCa })}`),
        "closed",
        /cannot connect to tls:\/\/127\.0\.0\.1:\d+: /,
      );
      assert(/certificate|issuer|UnknownIssuer/i.test(err.message), err.message);
      await listener.close();
    });

    await t.step("mutual TLS: a client without a certificate gets no transport", async () => {
      const rejected: Error[] = [];
      const listener = await listen(
        `tls://127.0.0.1:0${query({ cert: c.serverCert, key: c.serverKey, ca: c.ca })}`,
        { onRejected: (e) => rejected.push(e) },
      );
      // TLS 1.3 finishes the client's handshake before the server checks the
      // client certificate, so the refusal shows either at connect or as the
      // connection ending with an error.
      let app: Transport | null = null;
      try {
        app = await connect(`${listener.uri}${query({ ca: c.ca })}`);
      } catch (err) {
        assert(isViewportError(err, "closed"), String(err));
      }
      if (app) {
        const r = await app.frames().next().then((r) => r, (e) => e);
        assert(r instanceof Error || r.done, `expected the connection to end, got ${r}`);
        await app.close();
      }
      await waitFor(() => rejected.length > 0);
      await listener.close();
    });

    await t.step("mutual TLS: a client certificate from another CA is refused", async () => {
      const other = await makeTestCerts(); // its "client" is signed by a different CA
      try {
        const rejected: Error[] = [];
        const listener = await listen(
          `tls://127.0.0.1:0${query({ cert: c.serverCert, key: c.serverKey, ca: c.ca })}`,
          { onRejected: (e) => rejected.push(e) },
        );
        const uri = `${listener.uri}${
          query({ ca: c.ca, cert: other.clientCert, key: other.clientKey })
        }`;
        const app = await connect(uri).catch(() => null);
        if (app) {
          await app.frames().next().catch(() => {});
          await app.close();
        }
        await waitFor(() => rejected.length > 0);
        await listener.close();
      } finally {
        other.remove();
      }
    });

    await t.step("a server that never answers the handshake: connect times out", async () => {
      const silent = Deno.listen({ hostname: "127.0.0.1", port: 0 });
      const held: Deno.Conn[] = [];
      const accepting = (async () => {
        for await (const conn of silent) held.push(conn);
      })();
      const uri = `tls://127.0.0.1:${silent.addr.port}`;
      for (const target of [`${uri}${query({ ca: c.ca })}`, `${uri}?insecure=true`]) {
        await assertRejectsViewportError(
          () => connect(target, { connectTimeout: 200 }),
          "closed",
          /cannot connect to tls:\/\/127\.0\.0\.1:\d+: timed out after 200 ms/,
        );
      }
      silent.close();
      await accepting;
      for (const conn of held) conn.close();
    });

    await t.step("a tls listener needs its certificate", async () => {
      await assertRejectsViewportError(() => listen("tls://127.0.0.1:0"), "bad_uri", /\?cert=/);
      await assertRejectsViewportError(
        () =>
          listen(`tls://127.0.0.1:0${query({ cert: `${c.dir}/missing.pem`, key: c.serverKey })}`),
        "bad_uri",
        /cannot read the 'cert' file .*missing\.pem/,
      );
    });

    await t.step("beyond loopback: a token or client certificates are required", async () => {
      const base = query({ cert: c.serverCert, key: c.serverKey });
      await assertRejectsViewportError(
        () => listen(`tls://0.0.0.0:0${base}`),
        "unauthorized",
        /beyond loopback without a token .* or client certificates/,
      );
      const mutual = await listen(
        `tls://0.0.0.0:0${query({ cert: c.serverCert, key: c.serverKey, ca: c.ca })}`,
      );
      assert(!mutual.uri.includes("key="), "the listener's key path is not part of its URI");
      assertEquals(new URL(mutual.uri.replace("tls:", "http:")).search, "");
      await mutual.close();
    });

    for (const server of ["deno", "node"] as const) {
      await t.step(`${server} TLS server: accepted connections have TCP_NODELAY`, async () => {
        const listener = await listen(
          `tls://127.0.0.1:0${query({ cert: c.serverCert, key: c.serverKey })}`,
          { tlsServer: server },
        );
        const accepted = listener[Symbol.asyncIterator]().next();
        const app = await connect(`${listener.uri}${query({ ca: c.ca })}`);
        const viewer = (await accepted).value as Transport;
        const port = Number(new URL(listener.uri.replace("tls:", "http:")).port);
        // Without it, a small frame waits for the ACK of the one before (40 ms).
        assertEquals(acceptedNoDelay(port), [true]);
        await app.close();
        await viewer.close();
        await listener.close();
      });
    }

    await t.step(
      "Deno TLS server: a client that never starts the handshake is dropped",
      async () => {
        const rejected: Error[] = [];
        const listener = await listen(
          `tls://127.0.0.1:0${query({ cert: c.serverCert, key: c.serverKey })}`,
          { tlsServer: "deno", authTimeout: 150, onRejected: (e) => rejected.push(e) },
        );
        const port = Number(new URL(listener.uri.replace("tls:", "http:")).port);
        const mute = await Deno.connect({ hostname: "127.0.0.1", port });
        const garbage = await Deno.connect({ hostname: "127.0.0.1", port });
        await garbage.write(new TextEncoder().encode("GET / HTTP/1.1\r\n\r\n"));
        await waitFor(() => rejected.length === 2);
        const text = rejected.map((e) => e.message).sort().join("\n");
        assert(
          /TLS handshake with 127\.0\.0\.1:\d+ failed: timed out after 150 ms/.test(text),
          text,
        );
        assert(/TLS handshake with 127\.0\.0\.1:\d+ failed: (?!timed out)/.test(text), text);
        // The listener ended both connections (a plain close() would leave a
        // socket whose handshake never finished open until its peer closes).
        for (const conn of [mute, garbage]) await readToEnd(conn);
        // A good client still gets through.
        const accepted = listener[Symbol.asyncIterator]().next();
        const app = await connect(`${listener.uri}${query({ ca: c.ca })}`);
        const viewer = (await accepted).value as Transport;
        await app.close();
        await viewer.close();
        // Closing the listener ends handshakes in flight the same way.
        const late = await Deno.connect({ hostname: "127.0.0.1", port });
        await waitFor(() => acceptedNoDelay(port).length === 1);
        await listener.close();
        await readToEnd(late);
        await waitFor(() => acceptedNoDelay(port).length === 0);
      },
    );

    await t.step("tlsServer 'deno' cannot do mutual TLS", async () => {
      await assertRejectsViewportError(
        () =>
          listen(
            `tls://127.0.0.1:0${query({ cert: c.serverCert, key: c.serverKey, ca: c.ca })}`,
            { tlsServer: "deno" },
          ),
        "unsupported",
        /cannot ask for client certificates/,
      );
    });

    await t.step("the listener URI carries the token but not the server's files", async () => {
      const listener = await listen(
        `tls://127.0.0.1:0${query({ cert: c.serverCert, key: c.serverKey })}`,
        { token: "tls-token-abc" },
      );
      assert(/^tls:\/\/127\.0\.0\.1:\d+\?token=tls-token-abc$/.test(listener.uri), listener.uri);
      await listener.close();
    });
  } finally {
    c.remove();
  }
});

// Reads until the peer's end (skipping a TLS alert), or fails after 3 s.
async function readToEnd(conn: Deno.Conn): Promise<void> {
  const buf = new Uint8Array(256);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error("the connection was not ended")), 3000);
  });
  try {
    while (await Promise.race([conn.read(buf).catch(() => null), deadline]) !== null) {
      // an alert or a close_notify: keep reading to the end
    }
  } finally {
    clearTimeout(timer);
    conn.close();
  }
}

async function waitFor(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 10));
  }
}
