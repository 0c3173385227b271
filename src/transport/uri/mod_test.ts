import assert from "node:assert/strict";
import fc from "fast-check";
import { isViewportError } from "../../protocol/errors.ts";
import {
  formatViewportUri,
  isLoopbackHost,
  parseViewportUri,
  sanitizeViewportUri,
  SCHEMES,
  type ViewportUri,
  VMADDR_CID_ANY,
} from "./mod.ts";

/** Every `VIEWPORT=` example in transport-spec.md, in document order (line numbers). */
const SPEC_EXAMPLES: [line: number, text: string, expected: ViewportUri][] = [
  [16, "unix:///run/user/1000/viewport/sess-a3f2.sock", {
    scheme: "unix",
    path: "/run/user/1000/viewport/sess-a3f2.sock",
  }],
  [17, "tcp://localhost:9400", { scheme: "tcp", host: "localhost", port: 9400 }],
  [18, "ansi:", { scheme: "ansi", alt: true, fps: 30 }],
  [19, "text:", { scheme: "text" }],
  [51, "text:", { scheme: "text" }],
  [51, "ansi:", { scheme: "ansi", alt: true, fps: 30 }],
  [71, "text:", { scheme: "text" }],
  [84, "ansi:", { scheme: "ansi", alt: true, fps: 30 }],
  [85, "ansi:?alt=true", { scheme: "ansi", alt: true, fps: 30 }],
  [86, "ansi:?fps=30", { scheme: "ansi", alt: true, fps: 30 }],
  [104, "headless:", { scheme: "headless" }],
  [117, "unix:///run/user/1000/viewport/sess-a3f2.sock", {
    scheme: "unix",
    path: "/run/user/1000/viewport/sess-a3f2.sock",
  }],
  [118, "unix:///tmp/viewport.sock", { scheme: "unix", path: "/tmp/viewport.sock" }],
  [119, "unix://%2Frun%2Fuser%2F1000%2Fviewport%2Fsock", {
    scheme: "unix",
    path: "/run/user/1000/viewport/sock",
  }],
  [134, "unix-abstract://viewport-session-a3f2", {
    scheme: "unix-abstract",
    name: "viewport-session-a3f2",
  }],
  // ${USER}=alice, ${DISPLAY}=:0; the colon must not be read as a port.
  [135, "unix-abstract://viewport-alice-:0", {
    scheme: "unix-abstract",
    name: "viewport-alice-:0",
  }],
  [149, "fd://3", { scheme: "fd", fd: 3, duplex: false }],
  [150, "fd://3?duplex=true", { scheme: "fd", fd: 3, duplex: true }],
  [151, "pipe://3", { scheme: "pipe", fd: 3, duplex: false }],
  [168, "windows://viewport-session-a3f2", {
    scheme: "windows",
    name: "viewport-session-a3f2",
    path: "\\\\.\\pipe\\viewport-session-a3f2",
  }],
  // ${USERNAME}=alice
  [169, "windows://viewport-alice", {
    scheme: "windows",
    name: "viewport-alice",
    path: "\\\\.\\pipe\\viewport-alice",
  }],
  [183, "stdio:", { scheme: "stdio", magic: true }],
  [184, "stdio:?magic=true", { scheme: "stdio", magic: true }],
  [206, "tcp://localhost:9400", { scheme: "tcp", host: "localhost", port: 9400 }],
  [207, "tcp://192.168.1.50:9400", { scheme: "tcp", host: "192.168.1.50", port: 9400 }],
  [208, "tcp://[::1]:9400", { scheme: "tcp", host: "::1", port: 9400 }],
  [223, "tls://viewer.example.com:9400", {
    scheme: "tls",
    host: "viewer.example.com",
    port: 9400,
    insecure: false,
  }],
  [224, "tls://viewer.local:9400?ca=/path/to/ca.pem", {
    scheme: "tls",
    host: "viewer.local",
    port: 9400,
    ca: "/path/to/ca.pem",
    insecure: false,
  }],
  [225, "tls://viewer.local:9400?insecure=true", {
    scheme: "tls",
    host: "viewer.local",
    port: 9400,
    insecure: true,
  }],
  [244, "ws://localhost:9400/viewport", {
    scheme: "ws",
    host: "localhost",
    port: 9400,
    path: "/viewport",
  }],
  [245, "ws://192.168.1.50:9400/v1/session/abc123", {
    scheme: "ws",
    host: "192.168.1.50",
    port: 9400,
    path: "/v1/session/abc123",
  }],
  [262, "wss://viewer.example.com/viewport", {
    scheme: "wss",
    host: "viewer.example.com",
    port: 443,
    path: "/viewport",
    insecure: false,
  }],
  [263, "wss://viewer.example.com/viewport?token=abc123", {
    scheme: "wss",
    host: "viewer.example.com",
    port: 443,
    path: "/viewport",
    insecure: false,
    token: "abc123",
  }],
  [282, "vsock://2:5000", { scheme: "vsock", cid: 2, port: 5000 }],
  [283, "vsock://-1:5000", { scheme: "vsock", cid: VMADDR_CID_ANY, port: 5000 }],
  [296, "launchd://com.example.viewport", { scheme: "launchd", label: "com.example.viewport" }],
  [307, "systemd://viewport.socket", { scheme: "systemd", name: "viewport.socket" }],
  [499, "text:", { scheme: "text" }],
  [502, "ansi:", { scheme: "ansi", alt: true, fps: 30 }],
  [505, "unix:///run/user/1000/viewport/sess.sock", {
    scheme: "unix",
    path: "/run/user/1000/viewport/sess.sock",
  }],
  [508, "unix-abstract://viewport-session-1234", {
    scheme: "unix-abstract",
    name: "viewport-session-1234",
  }],
  [511, "fd://3", { scheme: "fd", fd: 3, duplex: false }],
  [514, "tls://devbox.example.com:9400", {
    scheme: "tls",
    host: "devbox.example.com",
    port: 9400,
    insecure: false,
  }],
  [517, "wss://ide.example.com/viewport?token=abc123", {
    scheme: "wss",
    host: "ide.example.com",
    port: 443,
    path: "/viewport",
    insecure: false,
    token: "abc123",
  }],
  [520, "vsock://2:5000", { scheme: "vsock", cid: 2, port: 5000 }],
  [523, "headless:", { scheme: "headless" }],
];

/** Forms beyond the spec's examples that are accepted. */
const EXTRA_VALID: [string, ViewportUri][] = [
  ["ansi:?alt=false&fps=60", { scheme: "ansi", alt: false, fps: 60 }],
  ["ansi:?alt=0&fps=1000", { scheme: "ansi", alt: false, fps: 1000 }],
  ["ANSI:?alt=1", { scheme: "ansi", alt: true, fps: 30 }],
  ["ansi:?", { scheme: "ansi", alt: true, fps: 30 }],
  ["stdio:?magic=0", { scheme: "stdio", magic: false }],
  ["unix:/tmp/x.sock", { scheme: "unix", path: "/tmp/x.sock" }],
  ["unix:///tmp/my%20sock%3F", { scheme: "unix", path: "/tmp/my sock?" }],
  ["unix:///tmp/a@b.sock", { scheme: "unix", path: "/tmp/a@b.sock" }],
  ["unix-abstract:viewport-1", { scheme: "unix-abstract", name: "viewport-1" }],
  ["pipe://0?duplex=1", { scheme: "pipe", fd: 0, duplex: true }],
  ["fd://2147483647", { scheme: "fd", fd: 2147483647, duplex: false }],
  ["tcp://127.0.0.1:1?token=abc%26def", {
    scheme: "tcp",
    host: "127.0.0.1",
    port: 1,
    token: "abc&def",
  }],
  ["tcp://Viewer.Example.COM:65535", { scheme: "tcp", host: "viewer.example.com", port: 65535 }],
  ["tcp://[2001:DB8::1]:9400", { scheme: "tcp", host: "2001:db8::1", port: 9400 }],
  ["tcp://[::ffff:192.168.1.50]:9400", { scheme: "tcp", host: "::ffff:192.168.1.50", port: 9400 }],
  ["tcp://[fe80::1%25eth0]:9400", { scheme: "tcp", host: "fe80::1%eth0", port: 9400 }],
  ["tcp://my_viewer:9400", { scheme: "tcp", host: "my_viewer", port: 9400 }],
  ["tls://v.local:9400?cert=/c.pem&key=/k.pem&ca=/ca.pem&insecure=0&token=t", {
    scheme: "tls",
    host: "v.local",
    port: 9400,
    ca: "/ca.pem",
    cert: "/c.pem",
    key: "/k.pem",
    insecure: false,
    token: "t",
  }],
  ["ws://localhost", { scheme: "ws", host: "localhost", port: 80, path: "/" }],
  ["ws://[::1]:8080/a%20b?token=x", {
    scheme: "ws",
    host: "::1",
    port: 8080,
    path: "/a%20b",
    token: "x",
  }],
  ["wss://h:8443/?insecure=true", {
    scheme: "wss",
    host: "h",
    port: 8443,
    path: "/",
    insecure: true,
  }],
  ["vsock:2:5000", { scheme: "vsock", cid: 2, port: 5000 }],
  ["vsock://4294967295:0", { scheme: "vsock", cid: VMADDR_CID_ANY, port: 0 }],
  ["systemd://viewport@1.socket", { scheme: "systemd", name: "viewport@1.socket" }],
];

Deno.test("parses every example URI in transport-spec.md", () => {
  for (const [line, text, expected] of SPEC_EXAMPLES) {
    assert.deepEqual(parseViewportUri(text), expected, `line ${line}: ${text}`);
  }
});

Deno.test("the spec examples cover every scheme", () => {
  const seen = new Set<string>(SPEC_EXAMPLES.map(([, , uri]) => uri.scheme));
  // Schemes beyond the spec's, documented in docs/transports.md (and tested in nats_uri_test.ts).
  for (const s of ["nats", "nats+tls"]) seen.add(s);
  assert.deepEqual([...SCHEMES].filter((s) => !seen.has(s)), []);
});

Deno.test("parses the accepted extra forms", () => {
  for (const [text, expected] of EXTRA_VALID) {
    assert.deepEqual(parseViewportUri(text), expected, text);
  }
});

Deno.test("round trip: parse(format(x)) deep-equals x", () => {
  for (const [, , uri] of SPEC_EXAMPLES) {
    assert.deepEqual(parseViewportUri(formatViewportUri(uri)), uri);
  }
  for (const [, uri] of EXTRA_VALID) {
    assert.deepEqual(parseViewportUri(formatViewportUri(uri)), uri);
  }
});

Deno.test("format gives canonical strings", () => {
  const canonical: [string, string][] = [
    ["ansi:?alt=true&fps=30", "ansi:"],
    ["ANSI:?fps=60&alt=0", "ansi:?alt=false&fps=60"],
    ["unix://%2Frun%2Fuser%2F1000%2Fviewport%2Fsock", "unix:///run/user/1000/viewport/sock"],
    ["unix:/tmp/x", "unix:///tmp/x"],
    ["ws://h:80/", "ws://h/"],
    ["wss://h:443/x?token=a%2Fb", "wss://h/x?token=a/b"],
    ["vsock:4294967295:5", "vsock://-1:5"],
    ["tcp://[FE80::1%25eth0]:1", "tcp://[fe80::1%25eth0]:1"],
    ["unix-abstract:viewport-alice-:0", "unix-abstract://viewport-alice-:0"],
  ];
  for (const [input, expected] of canonical) {
    assert.equal(formatViewportUri(parseViewportUri(input)), expected);
  }
});

Deno.test("round trip holds for generated unix paths, names and tokens", () => {
  const text = fc.string({ unit: "grapheme", minLength: 1, maxLength: 20 })
    .filter((s) => ![...s].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f));
  const token = fc.string({
    unit: fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
    minLength: 1,
  });
  fc.assert(fc.property(text, token, (s, t) => {
    const uris: ViewportUri[] = [
      { scheme: "unix", path: `/${s}` },
      { scheme: "unix-abstract", name: s },
      { scheme: "launchd", label: s },
      { scheme: "tcp", host: "localhost", port: 9400, token: t },
      { scheme: "tls", host: "h", port: 1, ca: s, insecure: false, token: t },
    ];
    for (const uri of uris) assert.deepEqual(parseViewportUri(formatViewportUri(uri)), uri);
  }));
});

function rejects(text: string, ...parts: string[]): string {
  try {
    parseViewportUri(text);
  } catch (e) {
    assert.ok(isViewportError(e, "bad_uri"), `${text}: ${e}`);
    for (const part of parts) {
      assert.ok(e.message.includes(part), `${text}: '${e.message}' lacks '${part}'`);
    }
    return e.message;
  }
  assert.fail(`${text} parsed`);
}

Deno.test("rejects malformed URIs with messages that name the problem", () => {
  rejects("", "VIEWPORT is empty");
  rejects(" tcp://localhost:1", "whitespace");
  rejects("tcp://localhost:1\n", "whitespace");
  rejects("unix:///tmp/a b", "a space at offset 13");
  rejects(
    "unx://x",
    "unknown scheme 'unx' (known: text, ansi, headless, unix, unix-abstract, fd, pipe, windows, " +
      "stdio, tcp, tls, ws, wss, vsock, launchd, systemd, nats, nats+tls)",
  );
  rejects("ansi", "missing ':'", "(expected ansi:)");
  rejects("/tmp/x.sock", "is not a VIEWPORT URI", "unix:///tmp/x.sock");
  rejects("localhost9400", "is not a VIEWPORT URI");
  rejects("text://", "'text:' takes no authority or path");
  rejects("headless:x", "takes no authority or path");
  rejects("text:#frag", "fragment");
  rejects("tcp://localhost", "missing port in 'tcp://localhost' (expected tcp://HOST:PORT)");
  rejects("tcp://localhost:", "missing port");
  rejects("tcp://[::1]", "missing port");
  rejects("tcp://:9400", "missing host");
  rejects("tcp://localhost:0", "bad port '0'", "1..65535");
  rejects("tcp://localhost:70000", "bad port '70000'", "1..65535");
  rejects("tcp://localhost:http", "bad port 'http'");
  rejects("tcp://localhost:9400/x", "unexpected path '/x'");
  rejects("tcp://::1:9400", "needs brackets", "tcp://[::1]:9400");
  rejects("tcp://[::1:9400", "unclosed '['");
  rejects("tcp://[::1]x:9400", "unexpected 'x:9400' after ']'");
  rejects("tcp://[1::2::3]:9400", "bad IPv6 address");
  rejects("tcp://[::g]:9400", "bad IPv6 address");
  rejects("tcp://[1:2:3:4:5:6:7:8:9]:1", "bad IPv6 address");
  rejects("tcp://[fe80::1%eth0]:1", "bad IPv6 zone");
  rejects("tcp://999.1.1.1:9400", "bad IPv4 address '999.1.1.1'");
  rejects("tcp://1.2.3:9400", "bad IPv4 address");
  rejects("tcp://bad-.example:1", "bad host 'bad-.example'");
  rejects("tcp://ex%41mple:1", "bad host");
  rejects("tcp:localhost:1", "missing '//' after 'tcp:'");
  rejects("fd://x", "bad fd 'x'", "expected a non-negative integer");
  rejects("fd://-1", "bad fd '-1'");
  rejects("fd://2147483648", "bad fd");
  rejects("fd://", "missing fd");
  rejects("fd:3", "missing '//'", "fd://FD");
  rejects("unix://%zz", "bad percent-encoding '%zz'");
  rejects("unix:///tmp/x%2", "bad percent-encoding '%2'");
  rejects("unix:///tmp/%FF", "not UTF-8");
  rejects("unix:///tmp/%00", "control character");
  rejects("unix://tmp/x.sock", "socket path 'tmp/x.sock' is not absolute", "unix:///ABSOLUTE/PATH");
  rejects("unix://", "missing socket path");
  rejects("unix:relative", "missing '//'");
  rejects("unix-abstract://", "missing name");
  rejects("windows://a\\b", "contains '\\'");
  rejects("ansi:?alt=maybe", "bad value 'maybe' for 'alt'", "true, false, 1 or 0");
  rejects("ansi:?alt=TRUE", "bad value 'TRUE'");
  rejects("ansi:?fps=0", "bad value '0' for 'fps'", "1..1000");
  rejects("ansi:?fps=abc", "bad value 'abc' for 'fps'");
  rejects("ansi:?fps=1001", "bad value '1001' for 'fps'");
  rejects("ansi:?fps=", "bad value '' for 'fps'");
  rejects("fd://3?duplex=2", "bad value '2' for 'duplex'");
  rejects("ansi:?alt", "'alt' has no value");
  rejects("ansi:?fps=30&fps=60", "'fps' is given twice");
  rejects("ansi:?foo=1", "unknown query parameter 'foo'", "accepted for ansi: alt, fps");
  rejects("tcp://h:1?ca=/x", "unknown query parameter 'ca'", "accepted for tcp: token");
  rejects("unix:///x?duplex=true", "unknown query parameter 'duplex'", "unix: takes no query");
  rejects("tls://h:1?cert=/c.pem", "'cert' without 'key'");
  rejects("wss://h/?key=/k.pem", "'key' without 'cert'");
  rejects("tls://h:1?ca=", "empty value for 'ca'");
  rejects("ws://h/a b", "a space");
  rejects("ws://h/é", "bad path");
  rejects("ws://h/%zz", "bad path");
  rejects("vsock://2", "missing port");
  rejects("vsock:", "missing CID and port");
  rejects("vsock://x:5000", "bad CID 'x'", "-1 for any");
  rejects("vsock://-2:5000", "bad CID '-2'");
  rejects("vsock://2:4294967296", "bad port");
  rejects("launchd://", "missing label");
  rejects("systemd://a/b.socket", "bad unit name 'a/b.socket'");
  rejects("launchd:com.example", "missing '//'");
});

Deno.test("the table's bare scheme names are rejected with the expected form", () => {
  for (const scheme of SCHEMES) {
    const text = ["text", "ansi", "headless", "stdio"].includes(scheme)
      ? `${scheme}:`
      : `${scheme}://`;
    if (text.endsWith("//")) rejects(text, "missing");
    else assert.equal(parseViewportUri(text).scheme, scheme);
  }
});

Deno.test("errors never contain the token", () => {
  const secret = "S3cr3tT0k3n";
  const bad = [
    `tcp://localhost?token=${secret}`,
    `tcp://localhost:0?token=${secret}`,
    `tcp://h:1?token=${secret}&bogus=1`,
    `tcp://h:1?token=${secret}&token=${secret}`,
    `wss://h/x?token=${secret}%zz`,
    `wss://h/x?token=${secret}%FF`,
    `wss://h/x?token=${secret}%20`,
    `wss://h/x?token=${secret}&cert=/c`,
    `wss://h/x?tokn=${secret}`,
    `wss://h/x?${secret}`,
    `wss://h/x?token=${secret}#frag`,
    `unix:///x?token=${secret}`,
    `ansi:?fps=0&token=${secret}`,
    `tcp://user:${secret}@h:1`,
    `tcp://${secret}@h:1`,
    `tcp://h:1?token=x#${secret}`,
    `unx://h?token=${secret}`,
    ` tcp://h:1?token=${secret}`,
    `tcp://h:1?token=${secret} `,
    `tcp://h:1?token=${secret}&x=a b`,
  ];
  for (const text of bad) {
    const message = rejects(text);
    assert.ok(!message.includes(secret), `leaked in: ${message}`);
  }
});

Deno.test("sanitizeViewportUri masks the token and userinfo only", () => {
  assert.equal(
    sanitizeViewportUri("wss://ide.example.com/viewport?token=abc123"),
    "wss://ide.example.com/viewport?token=***",
  );
  assert.equal(
    sanitizeViewportUri(parseViewportUri("tls://h:1?cert=/c.pem&key=/k.pem&token=t")),
    "tls://h:1?cert=/c.pem&key=/k.pem&token=***",
  );
  assert.equal(sanitizeViewportUri("unix:///tmp/x.sock"), "unix:///tmp/x.sock");
  assert.equal(
    sanitizeViewportUri("tcp://u:pw@h:1?fps=2&tokn=abc#x"),
    "tcp://***@h:1?fps=2&tokn=***#***",
  );
  assert.equal(sanitizeViewportUri("nope://h?token=abc"), "nope://h?token=***");
  assert.equal(sanitizeViewportUri("tcp://h?abc"), "tcp://h?***");
  assert.equal(sanitizeViewportUri("unix:///a@b?x=1"), "unix:///a@b?x=***");
  // Never throws, even for an object no URI can express.
  assert.equal(sanitizeViewportUri({ scheme: "unix", path: "/\ud800" }), "unix:***");
  assert.equal(
    sanitizeViewportUri({ scheme: "tcp", host: "h", port: 1, token: "\ud800" }),
    "tcp://h:1?token=***",
  );
});

Deno.test("formatViewportUri rejects values no URI can express", () => {
  const bad: ViewportUri[] = [
    { scheme: "tcp", host: "h", port: 0 },
    { scheme: "fd", fd: -1, duplex: false },
    { scheme: "unix", path: "relative" },
    { scheme: "ansi", alt: true, fps: 0 },
    { scheme: "tcp", host: "h", port: 1, token: "" },
    { scheme: "tls", host: "h", port: 1, cert: "/c", insecure: false },
    { scheme: "unix", path: "/\ud800" },
  ];
  for (const uri of bad) {
    assert.throws(() => formatViewportUri(uri), (e) => isViewportError(e, "bad_uri"));
  }
});

Deno.test("isLoopbackHost", () => {
  for (
    const h of [
      "localhost",
      "LOCALHOST",
      "localhost.",
      "127.0.0.1",
      "127.255.0.9",
      "::1",
      "[::1]",
      "0:0:0:0:0:0:0:1",
      "::ffff:127.0.0.1",
      "::1%lo",
    ]
  ) {
    assert.ok(isLoopbackHost(h), h);
  }
  for (
    const h of [
      "",
      "0.0.0.0",
      "::",
      "128.0.0.1",
      "192.168.1.50",
      "::2",
      "localhost.example.com",
      "foo.localhost",
      "127.0.0.256",
      "[::1",
      "example.com",
    ]
  ) {
    assert.ok(!isLoopbackHost(h), h);
  }
});

Deno.test("port 0 is accepted only for listening", () => {
  for (const text of ["tcp://127.0.0.1:0", "tls://localhost:0", "ws://[::1]:0/v", "wss://h:0"]) {
    let err: Error | undefined;
    try {
      parseViewportUri(text);
    } catch (e) {
      err = e as Error;
    }
    assert.ok(err && /bad port '0'.*1\.\.65535/.test(err.message), text);
    const uri = parseViewportUri(text, { listening: true });
    assert.equal((uri as { port: number }).port, 0);
  }
  assert.throws(() => parseViewportUri("tcp://h:65536", { listening: true }), /0\.\.65535/);
});
