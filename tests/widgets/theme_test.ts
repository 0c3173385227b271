/**
 * Themes across processes: `viewport --theme light` gives a connecting app
 * (and every front end) the light theme's standard slots; the flag is checked.
 */
import { assertEquals, assertThrows } from "../_util/assert.ts";
import { parseArgs, UsageError } from "../../cli/args.ts";
import { connect } from "../../src/sdk/connect.ts";
import { lightTheme } from "../../src/widgets/theme.ts";
import { viewer } from "../viewer/_cli.ts";

Deno.test("viewport --theme: dark or light, anything else is a usage error", () => {
  const cmd = parseArgs(["--theme", "light", "--headless", "--listen", "unix:///tmp/x.sock"]);
  assertEquals(cmd.kind === "run" && cmd.options.theme, "light");
  assertThrows(() => parseArgs(["--theme", "blue"]), UsageError, /expected dark or light/);
});

Deno.test("viewport --theme light: an app gets the light theme's colour slots", async () => {
  const dir = await Deno.makeTempDir();
  const uri = `unix://${dir}/vp.sock`;
  const v = viewer(["--headless", "--theme", "light", "--listen", uri]);
  try {
    let conn;
    for (let i = 0; i < 400 && !conn; i++) {
      try {
        conn = await connect({ env: { VIEWPORT: uri }, reconnect: false });
      } catch {
        await new Promise((r) => setTimeout(r, 25));
      }
    }
    for (let i = 0; i < 200 && !conn!.model.slots.get(5); i++) {
      await new Promise((r) => setTimeout(r, 10));
    }
    for (const [slot, value] of lightTheme) {
      assertEquals(conn!.model.slots.get(slot)?.value, value.value, `slot ${slot}`);
    }
    await conn!.close();
  } finally {
    v.kill("SIGTERM");
    await v.status();
    await Deno.remove(dir, { recursive: true });
  }
});
