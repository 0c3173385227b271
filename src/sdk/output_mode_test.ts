import assert from "node:assert/strict";
import { isViewportError } from "../protocol/errors.ts";
import { buildAppEnv } from "../transport/mod.ts";
import {
  type EnvSource,
  newSessionId,
  resolveConnection,
  resolveOutputMode,
} from "./output_mode.ts";

Deno.test("auto-detect: unset, empty or blank VIEWPORT follows the terminal", () => {
  const table: [EnvSource, boolean, unknown][] = [
    [{}, true, { type: "ansi", altScreen: true, fps: 30 }],
    [{}, false, { type: "text" }],
    [{ VIEWPORT: undefined }, true, { type: "ansi", altScreen: true, fps: 30 }],
    [{ VIEWPORT: "" }, true, { type: "ansi", altScreen: true, fps: 30 }],
    [{ VIEWPORT: "" }, false, { type: "text" }],
    [{ VIEWPORT: "  " }, false, { type: "text" }],
    [() => undefined, true, { type: "ansi", altScreen: true, fps: 30 }],
    [() => undefined, false, { type: "text" }],
  ];
  for (const [env, tty, expected] of table) {
    assert.deepEqual(resolveOutputMode(env, tty), expected, `${JSON.stringify(env)} tty=${tty}`);
  }
  const auto = resolveConnection({ VIEWPORT: "" }, false);
  assert.equal(auto.uri, undefined);
  assert.deepEqual(auto.warnings, []);
  assert.deepEqual(resolveConnection({ VIEWPORT: " " }, false).warnings, [
    "VIEWPORT holds only whitespace; treated as unset",
  ]);
});

Deno.test("explicit self-rendering modes ignore the terminal", () => {
  for (const tty of [true, false]) {
    assert.deepEqual(resolveOutputMode({ VIEWPORT: "text:" }, tty), { type: "text" });
    assert.deepEqual(resolveOutputMode({ VIEWPORT: "headless:" }, tty), { type: "headless" });
    assert.deepEqual(resolveOutputMode({ VIEWPORT: "ansi:" }, tty), {
      type: "ansi",
      altScreen: true,
      fps: 30,
    });
    assert.deepEqual(resolveOutputMode({ VIEWPORT: "ansi:?alt=false&fps=60" }, tty), {
      type: "ansi",
      altScreen: false,
      fps: 60,
    });
  }
  assert.deepEqual(resolveConnection({ VIEWPORT: "text:" }, true).uri, { scheme: "text" });
});

Deno.test("transport schemes give viewer mode with TransportInfo", () => {
  const c = resolveConnection({ VIEWPORT: "unix:///run/user/1000/viewport/sess-a3f2.sock" }, false);
  assert.deepEqual(c.mode, {
    type: "viewer",
    transport: {
      scheme: "unix",
      uri: "unix:///run/user/1000/viewport/sess-a3f2.sock",
      features: [],
      version: 1,
    },
  });
  assert.deepEqual(c.uri, { scheme: "unix", path: "/run/user/1000/viewport/sess-a3f2.sock" });
  for (const uri of ["stdio:", "fd://3", "pipe://3", "tcp://localhost:9400", "vsock://2:5000"]) {
    const mode = resolveOutputMode({ VIEWPORT: uri }, true);
    assert.equal(mode.type, "viewer", uri);
  }
  const pipe = resolveOutputMode({ VIEWPORT: "pipe://3" }, true);
  assert.ok(pipe.type === "viewer" && pipe.transport.scheme === "pipe");
});

Deno.test("the public mode is sanitized; the secret stays in uri", () => {
  const env = { VIEWPORT: "wss://ide.example.com/viewport?token=abc123" };
  const c = resolveConnection(env, false);
  assert.ok(c.mode.type === "viewer");
  assert.equal(c.mode.transport.uri, "wss://ide.example.com/viewport?token=***");
  assert.ok(!JSON.stringify(c.mode).includes("abc123"));
  assert.ok(!JSON.stringify(c.warnings).includes("abc123"));
  assert.equal(c.uri?.scheme === "wss" ? c.uri.token : undefined, "abc123");
});

Deno.test("features: trimmed, lower-cased, deduplicated, empty entries dropped", () => {
  const c = resolveConnection({
    VIEWPORT: "tcp://localhost:9400",
    VIEWPORT_FEATURES: " GPU, audio,,canvas ,gpu, ,Audio",
  }, false);
  assert.ok(c.mode.type === "viewer");
  assert.deepEqual(c.mode.transport.features, ["gpu", "audio", "canvas"]);
  assert.deepEqual(c.warnings, []);

  const bad = resolveConnection({
    VIEWPORT: "tcp://localhost:9400",
    VIEWPORT_FEATURES: "gpu audio,canvas",
  }, false);
  assert.ok(bad.mode.type === "viewer");
  assert.deepEqual(bad.mode.transport.features, ["canvas"]);
  assert.equal(bad.warnings.length, 1);
  assert.match(bad.warnings[0], /VIEWPORT_FEATURES entry "gpu audio"/);
});

Deno.test("version: default 1, viewer's value kept, garbage warned and ignored", () => {
  const version = (v: string | undefined) => {
    const c = resolveConnection({ VIEWPORT: "fd://3", VIEWPORT_VERSION: v }, false);
    assert.ok(c.mode.type === "viewer");
    return [c.mode.transport.version, c.warnings.length];
  };
  assert.deepEqual(version(undefined), [1, 0]);
  assert.deepEqual(version(""), [1, 0]);
  assert.deepEqual(version("1"), [1, 0]);
  assert.deepEqual(version(" 2 "), [2, 0]);
  for (const garbage of ["0", "-1", "1.5", "abc", "01", "v1"]) {
    assert.deepEqual(version(garbage), [1, 1], garbage);
  }
  const c = resolveConnection({ VIEWPORT: "fd://3", VIEWPORT_VERSION: "abc" }, false);
  assert.deepEqual(c.warnings, [
    'ignoring VIEWPORT_VERSION="abc" (expected a positive integer); assuming 1',
  ]);
});

Deno.test("features and version are not read outside viewer mode", () => {
  const c = resolveConnection(
    { VIEWPORT: "text:", VIEWPORT_VERSION: "x", VIEWPORT_FEATURES: "a b" },
    false,
  );
  assert.deepEqual(c.warnings, []);
});

Deno.test("legacy VIEWPORT=1: stdio on a terminal, text otherwise, with a warning", () => {
  const tty = resolveConnection({ VIEWPORT: "1" }, true);
  assert.deepEqual(tty.uri, { scheme: "stdio", magic: true });
  assert.ok(tty.mode.type === "viewer" && tty.mode.transport.uri === "stdio:");
  assert.match(tty.warnings[0], /VIEWPORT=1 is the draft's legacy form/);
  const pipe = resolveConnection({ VIEWPORT: "1" }, false);
  assert.deepEqual(pipe.mode, { type: "text" });
  assert.equal(pipe.warnings.length, 1);
});

Deno.test("session, text path and the obsolete VIEWPORT_SOCKET", () => {
  const c = resolveConnection({
    VIEWPORT: "unix:///tmp/v.sock",
    VIEWPORT_SESSION: "sess-a3f2",
    VIEWPORT_TEXT: "/proc/self/fd/3",
    VIEWPORT_SOCKET: "/tmp/old.sock",
  }, false);
  assert.equal(c.session, "sess-a3f2");
  assert.equal(c.textPath, "/proc/self/fd/3");
  assert.deepEqual(c.warnings, [
    "VIEWPORT_SOCKET is obsolete and ignored; set VIEWPORT=unix:///PATH instead",
  ]);
  const empty = resolveConnection({ VIEWPORT_SESSION: "", VIEWPORT_TEXT: "" }, false);
  assert.ok(!("session" in empty) && !("textPath" in empty));
  const bad = resolveConnection({ VIEWPORT_SESSION: "a b" }, false);
  assert.equal(bad.session, undefined);
  assert.equal(bad.warnings.length, 1);
});

Deno.test("a malformed VIEWPORT is fatal and names the problem", () => {
  assert.throws(
    () => resolveOutputMode({ VIEWPORT: "tcp://localhost" }, true),
    (e) => isViewportError(e, "bad_uri") && e.message.startsWith("missing port"),
  );
  assert.throws(
    () => resolveOutputMode({ VIEWPORT: "tcp://h:0?token=abc123" }, true),
    (e) => isViewportError(e, "bad_uri") && !e.message.includes("abc123"),
  );
  assert.throws(() => resolveOutputMode({ VIEWPORT: "0" }, true), (e) => isViewportError(e));
  assert.throws(() => resolveOutputMode({ VIEWPORT: " text:" }, true), (e) => isViewportError(e));
});

Deno.test("an env lookup function is called by name", () => {
  const asked: string[] = [];
  const env = (name: string) => {
    asked.push(name);
    return name === "VIEWPORT" ? "headless:" : undefined;
  };
  assert.deepEqual(resolveOutputMode(env, false), { type: "headless" });
  assert.ok(asked.includes("VIEWPORT"));
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

Deno.test("newSessionId: sess- and six hex digits", () => {
  for (let i = 0; i < 50; i++) assert.match(newSessionId(), /^sess-[0-9a-f]{6}$/);
  assert.equal(newSessionId(() => 0), "sess-000000");
  assert.equal(newSessionId(() => 0.999999), "sess-ffffff");
  const seq = [0.1, 0.2, 0.3, 0.4, 0.5, 0.6];
  assert.equal(newSessionId(() => seq.shift()!), "sess-134689");
  assert.throws(() => newSessionId(() => 1), RangeError);
  assert.throws(() => newSessionId(() => NaN), RangeError);
});
