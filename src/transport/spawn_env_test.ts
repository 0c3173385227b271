import assert from "node:assert/strict";
import { isViewportError } from "../protocol/errors.ts";
import { resolveConnection } from "./output_mode.ts";
import { buildAppEnv, newSessionId, VIEWPORT_ENV_NAMES } from "./spawn_env.ts";

Deno.test("buildAppEnv sets every variable, empty when not given", () => {
  assert.deepEqual(buildAppEnv({ uri: "fd://3" }), {
    VIEWPORT: "fd://3",
    VIEWPORT_VERSION: "1",
    VIEWPORT_FEATURES: "",
    VIEWPORT_TEXT: "",
    VIEWPORT_SESSION: "",
  });
  assert.deepEqual(Object.keys(buildAppEnv({ uri: "text:" })), [...VIEWPORT_ENV_NAMES]);
});

Deno.test("buildAppEnv fills the options in", () => {
  const env = buildAppEnv({
    uri: {
      scheme: "wss",
      host: "ide.example.com",
      port: 443,
      path: "/viewport",
      insecure: false,
      token: "abc123",
    },
    session: "sess-a3f2c9",
    features: ["GPU", " audio ", "gpu", "canvas"],
    textPath: "/run/user/1000/viewport/sess-a3f2c9.txt",
    version: 2,
  });
  assert.deepEqual(env, {
    VIEWPORT: "wss://ide.example.com/viewport?token=abc123",
    VIEWPORT_VERSION: "2",
    VIEWPORT_FEATURES: "gpu,audio,canvas",
    VIEWPORT_TEXT: "/run/user/1000/viewport/sess-a3f2c9.txt",
    VIEWPORT_SESSION: "sess-a3f2c9",
  });
});

Deno.test("buildAppEnv writes the canonical URI", () => {
  assert.equal(buildAppEnv({ uri: "unix://%2Ftmp%2Fv.sock" }).VIEWPORT, "unix:///tmp/v.sock");
  assert.equal(buildAppEnv({ uri: "ANSI:?fps=30" }).VIEWPORT, "ansi:");
});

Deno.test("what buildAppEnv writes, resolveConnection reads back", () => {
  const env = buildAppEnv({
    uri: "tcp://[::1]:9400?token=t0k",
    session: newSessionId(),
    features: ["canvas"],
    textPath: "/tmp/t.txt",
  });
  const c = resolveConnection(env, false);
  assert.deepEqual(c.uri, { scheme: "tcp", host: "::1", port: 9400, token: "t0k" });
  assert.deepEqual(c.mode, {
    type: "viewer",
    transport: {
      scheme: "tcp",
      uri: "tcp://[::1]:9400?token=***",
      features: ["canvas"],
      version: 1,
    },
  });
  assert.equal(c.session, env.VIEWPORT_SESSION);
  assert.equal(c.textPath, "/tmp/t.txt");
  assert.deepEqual(c.warnings, []);
  // Empty values read as unset.
  const bare = resolveConnection(buildAppEnv({ uri: "fd://3" }), false);
  assert.ok(!("session" in bare) && !("textPath" in bare));
});

Deno.test("buildAppEnv rejects bad options", () => {
  const bad = [
    { uri: "tcp://localhost" },
    { uri: { scheme: "tcp", host: "h", port: 0 } as const },
    { uri: "fd://3", version: 0 },
    { uri: "fd://3", version: 1.5 },
    { uri: "fd://3", session: "" },
    { uri: "fd://3", session: "a b" },
    { uri: "fd://3", textPath: "" },
    { uri: "fd://3", features: ["a,b"] },
    { uri: "fd://3", features: [""] },
  ];
  for (const options of bad) {
    assert.throws(
      () => buildAppEnv(options),
      (e) => isViewportError(e, "bad_uri"),
      JSON.stringify(options),
    );
  }
});

Deno.test("newSessionId: sess- and six hex digits", () => {
  for (let i = 0; i < 50; i++) assert.match(newSessionId(), /^sess-[0-9a-f]{6}$/);
  assert.equal(newSessionId(() => 0), "sess-000000");
  assert.equal(newSessionId(() => 0.999999), "sess-ffffff");
  const seq = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
  assert.equal(newSessionId(() => seq.shift()!), "sess-134689");
  assert.throws(() => newSessionId(() => 1), RangeError);
  assert.throws(() => newSessionId(() => NaN), RangeError);
});
