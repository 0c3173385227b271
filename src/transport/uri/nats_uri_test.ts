import assert from "node:assert/strict";
import { formatViewportUri, parseViewportUri, sanitizeViewportUri } from "./mod.ts";

Deno.test("nats URIs: defaults, prefix, credentials and the TLS form", () => {
  assert.deepEqual(parseViewportUri("nats://localhost"), {
    scheme: "nats",
    host: "localhost",
    port: 4222,
    prefix: "viewport",
    insecure: false,
  });
  const u = parseViewportUri("nats://10.0.0.5:4333/team-a/ci?token=t0k");
  assert.ok(u.scheme === "nats" && u.prefix === "team-a.ci" && u.token === "t0k");
  assert.equal(formatViewportUri(u), "nats://10.0.0.5:4333/team-a.ci?token=t0k");
  const t = parseViewportUri("nats+tls://h/x?ca=/c.pem&cert=/a.pem&key=/k.pem&user=u&password=p");
  assert.ok(t.scheme === "nats+tls" && t.ca === "/c.pem" && t.user === "u" && t.password === "p");
  assert.equal(
    sanitizeViewportUri("nats+tls://h/x?ca=/c.pem&user=u&password=p4ss"),
    "nats+tls://h/x?ca=/c.pem&user=***&password=***",
  );
  assert.equal(formatViewportUri(parseViewportUri("nats://h?nkey=/s.nk")), "nats://h?nkey=/s.nk");
});

Deno.test("nats URIs: bad ones name the problem and never the secret", () => {
  const cases: [string, RegExp][] = [
    ["nats://h/a..b", /bad subject prefix/],
    ["nats://h/a*b", /bad subject prefix/],
    ["nats://h/a>", /bad subject prefix/],
    ["nats://h?user=u", /'user' without 'password'/],
    ["nats://h?password=s3cret", /'password' without 'user'/],
    ["nats://h?token=s3cret&nkey=/f", /more than one NATS credential/],
    ["nats://h?ca=/c.pem", /unknown query parameter/],
    ["nats://u:s3cret@h", /credentials before '@'/],
    ["nats://h:0", /bad port/],
  ];
  for (const [text, pattern] of cases) {
    assert.throws(() => parseViewportUri(text, { listening: true }), (err: Error) => {
      assert.match(err.message, pattern);
      assert.ok(!err.message.includes("s3cret"), err.message);
      return true;
    });
  }
});
