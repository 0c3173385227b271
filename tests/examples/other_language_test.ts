/**
 * Any language: a Python script that speaks the protocol through `viewport
 * emit` runs under the same driver as the TypeScript examples, and a crash is
 * reported with its stderr.
 */
import { assert, assertEquals, assertMatch, assertRejects } from "../_util/assert.ts";
import { AppCrashedError, AppStartError, openProcess } from "../../src/testing/mod.ts";
import { ROOT, VIEWPORT_CLI } from "./_examples.ts";

const PING = ["python3", `${ROOT}tests/examples/fixtures/ping.py`];
const env = (extra: Record<string, string> = {}) => ({
  VIEWPORT_CLI: VIEWPORT_CLI.map((w) => JSON.stringify(w)).join(" "),
  ...extra,
});

Deno.test("python app via viewport emit: rows, text, screen and its exit", async () => {
  await using app = await openProcess(PING, { env: env() });
  await app.waitFor("Ping results (from Python)");
  assertEquals(await app.rows(), [
    { host: "alpha", ms: 1.5 },
    { host: "beta", ms: 20.25 },
    { host: "gamma", ms: 7.125 },
  ]);
  assertEquals(await app.getByRole("row", { name: /^beta/ }).textContent(), "beta\t20.25");
  assert(app.screen().cell(0, 0).bold, "the title is bold");
  await app.assertScreen("python-ping");
  await app.waitUntil(() => app.exit);
  assertEquals(app.exit?.code, 0);
});

Deno.test("python app: failing before it connects is reported with its traceback", async () => {
  const err = await assertRejects(
    () => openProcess(PING, { env: env({ PING_FAIL: "early" }) }),
    AppStartError,
  );
  assertMatch(err.message, /exited with status 1 before it connected; its stderr:/);
  assertMatch(err.message, /RuntimeError: no hosts to ping \(PING_FAIL=early\)/);
});

Deno.test("python app: a crash after it drew is reported by waitFor and by close", async () => {
  const app = await openProcess(PING, { env: env({ PING_FAIL: "late" }) });
  const waited = await assertRejects(() => app.waitFor("Ping results"), AppCrashedError);
  assertMatch(
    waited.message,
    /the app ended \(exited, status 1\) while waiting for "Ping results"/,
  );
  assertMatch(waited.message, /RuntimeError: lost the network/);
  assertMatch(waited.message, /│Pinging 3 hosts\.\.\./); // the screen as it was
  const closed = await assertRejects(() => app.close(), AppCrashedError);
  assertMatch(closed.message, /crashed \(status 1\); its stderr:\n[^]*lost the network/);
});
