import { assertEquals, assertMatch, assertThrows } from "../../tests/_util/assert.ts";
import { SessionHost } from "../shared/session_host.ts";
import { parseWebAddress, WebFrontEnd } from "./front_end.ts";
import { parseArgs } from "../../cli/args.ts";
import { FRONT_ENDS } from "../../cli/front_ends.ts";

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

Deno.test("viewport CLI: --web [ADDR], --cert, --key and --allow-origin reach the front end", () => {
  const run = (...argv: string[]) => {
    const c = parseArgs(argv);
    if (c.kind !== "run") throw new Error(c.kind);
    return c.options;
  };
  assertEquals(run("--web", "--", "app").settings, {});
  assertEquals(run("--web=127.0.0.1:9401", "--", "app").settings, { address: "127.0.0.1:9401" });
  const o = run("--web", "[::1]:8443", "--cert", "c.pem", "--key", "k.pem", "--", "app");
  assertEquals(o.frontEnd, "web");
  assertEquals(o.settings, { address: "[::1]:8443", cert: "c.pem", key: "k.pem" });
  assertEquals(o.command, ["app"]);
  assertEquals(
    run("--web", "9400", "--allow-origin", "https://ide.example", "--listen", "unix:///tmp/v.sock")
      .settings,
    { address: "9400", allow_origin: "https://ide.example" },
  );
  assertEquals(FRONT_ENDS.web !== undefined, true);
});
