import { assertEquals, assertMatch, assertThrows } from "../../tests/_util/assert.ts";
import { SessionHost } from "../shared/session_host.ts";
import { parseWebAddress, WebFrontEnd } from "./front_end.ts";

Deno.test("parseWebAddress: HOST:PORT, HOST, PORT, :PORT, [IPv6]:PORT", () => {
  assertEquals(parseWebAddress("127.0.0.1:9401"), { hostname: "127.0.0.1", port: 9401 });
  assertEquals(parseWebAddress("localhost"), { hostname: "localhost", port: undefined });
  assertEquals(parseWebAddress("8080"), { port: 8080 });
  assertEquals(parseWebAddress(":0"), { hostname: undefined, port: 0 });
  assertEquals(parseWebAddress("[::1]:9400"), { hostname: "::1", port: 9400 });
  for (const bad of ["", "a:b", "1.2.3.4:99999", "[::1", "::1:80"]) {
    assertThrows(() => parseWebAddress(bad), TypeError);
  }
});

Deno.test("WebFrontEnd: serves the host's sessions and prints the URL once", async () => {
  const lines: string[] = [];
  const web = new WebFrontEnd({ port: 0, log: (l) => lines.push(l) });
  const host = new SessionHost({ display: web.display });
  await web.attach(host);
  assertEquals(lines.length, 1);
  assertMatch(
    lines[0],
    /^viewport: browser viewer at http:\/\/127\.0\.0\.1:\d+\/\?token=[\w-]{32}$/,
  );
  const res = await fetch(web.server!.url);
  assertEquals(res.status, 200);
  await res.body?.cancel();
  await web.close();
  await host.close();
  assertEquals(web.server, null);
});
