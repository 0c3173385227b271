import { assertEquals } from "../../tests/_util/assert.ts";
import { isLoopbackHost, WebAuth } from "./auth.ts";

const TOKEN = "tok_0123456789abcdefXYZ";

function req(path: string, headers: Record<string, string> = {}): Request {
  return new Request(`http://127.0.0.1:9400${path}`, {
    headers: { host: "127.0.0.1:9400", ...headers },
  });
}

Deno.test("WebAuth: token from the query or a bearer header, nothing else", () => {
  const auth = new WebAuth({ token: TOKEN, scheme: "http", loopbackOnly: true });
  assertEquals(auth.check(req(`/?token=${TOKEN}`), false), null);
  assertEquals(auth.check(req("/", { authorization: `Bearer ${TOKEN}` }), false), null);
  for (const bad of ["/", "/?token=", `/?token=${TOKEN}x`, `/?token=${TOKEN.slice(1)}`]) {
    assertEquals(auth.check(req(bad), false)?.status, 401, bad);
  }
  assertEquals(auth.check(req("/", { authorization: `Basic ${TOKEN}` }), false)?.status, 401);
  assertEquals(auth.check(req("/", { cookie: `token=${TOKEN}` }), false)?.status, 401);
  // A wrong query token is not rescued by a right header.
  const both = req("/?token=nope", { authorization: `Bearer ${TOKEN}` });
  assertEquals(auth.check(both, false)?.status, 401);
});

Deno.test("WebAuth: Origin must be this server's (or an allowed one) on upgrades", () => {
  const auth = new WebAuth({
    token: TOKEN,
    scheme: "http",
    loopbackOnly: true,
    allowedOrigins: ["https://IDE.example:8443"],
  });
  const up = (origin?: string, host = "127.0.0.1:9400") =>
    auth.check(req(`/ws?token=${TOKEN}`, { host, ...(origin ? { origin } : {}) }), true);
  assertEquals(up("http://127.0.0.1:9400"), null);
  assertEquals(up("http://localhost:9400", "localhost:9400"), null);
  assertEquals(up("https://ide.example:8443"), null);
  assertEquals(up(), null);
  for (
    const o of ["http://evil.example", "http://127.0.0.1:9401", "https://127.0.0.1:9400", "null"]
  ) {
    assertEquals(up(o)?.status, 403, o);
  }
  // Origin is not checked on plain page loads (browsers send none for navigation).
  assertEquals(auth.check(req(`/?token=${TOKEN}`, { origin: "http://evil.example" }), false), null);
});

Deno.test("WebAuth: loopback servers refuse other Host names (DNS rebinding)", () => {
  const loop = new WebAuth({ token: TOKEN, scheme: "http", loopbackOnly: true });
  const open = new WebAuth({ token: TOKEN, scheme: "http", loopbackOnly: false });
  const r = req(`/?token=${TOKEN}`, { host: "rebind.example:9400" });
  assertEquals(loop.check(r, false)?.status, 403);
  assertEquals(open.check(r, false), null);
  for (const h of ["localhost:1", "127.0.0.1", "127.3.4.5:80", "[::1]:9400", "LOCALHOST:2"]) {
    assertEquals(isLoopbackHost(h.toLowerCase()), true, h);
  }
  for (const h of ["localhost.evil:1", "128.0.0.1", "[::2]:1", "", "1.127.0.0.1"]) {
    assertEquals(isLoopbackHost(h), false, h);
  }
});
