/** `viewport mcp` and `--allow-control` on the command line: help that documents every tool, and misuse. */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { tools } from "../../cli/mcp/tools.ts";
import { Sessions } from "../../cli/mcp/sessions.ts";
import { viewer } from "../viewer/_cli.ts";

Deno.test("viewport mcp --help documents every tool and how to register the server", async () => {
  const p = viewer(["mcp", "--help"]);
  assertEquals(await p.status(), 0, p.stderr);
  for (const t of tools(new Sessions(null, () => {}))) {
    assert(p.stdout.includes(`\n  ${t.name}`), `--help lists ${t.name}`);
    for (const arg of Object.keys(t.input)) assert(p.stdout.includes(arg), `${t.name} ${arg}`);
  }
  assertMatch(p.stdout, /"mcpServers": \{"viewport"/);
});

Deno.test("misuse of viewport mcp and --allow-control exits 2 with one line", async () => {
  const bad = viewer(["mcp", "--bogus"]);
  assertEquals(await bad.status(), 2);
  assertEquals(
    bad.stderr,
    `viewport mcp: unexpected argument "--bogus"\nTry 'viewport mcp --help'.\n`,
  );
  const lone = viewer(["--allow-control", "--", "true"]);
  assertEquals(await lone.status(), 2);
  assertMatch(lone.stderr, /^viewport: --allow-control needs --listen URI/);
  const gone = viewer(["mcp", "--viewer", "unix:///nonexistent/viewport.sock"]);
  assertEquals(await gone.status(), 1);
  assertMatch(
    gone.stderr,
    /^viewport mcp: cannot join the viewer at unix:\/\/\/nonexistent\/viewport\.sock: /,
  );
});
