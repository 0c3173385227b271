import assert from "node:assert/strict";
import { isViewportError } from "../../protocol/errors.ts";
import { buildAppEnv, VIEWPORT_ENV_NAMES } from "./app_env.ts";

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
