/**
 * Conformance of systemd:// with real socket activation: systemd-socket-activate
 * owns the socket and starts the viewer (fixtures/viewer_bridge.ts) on the
 * first connection; the app connects to the unit's conventional path. The
 * viewer's errors come back through the bridge (fixtures/relay.ts).
 */
import { encodeFrame } from "../../src/protocol/frame.ts";
import { connect, listen } from "../../src/transport/mod.ts";
import { conformance, type Harness } from "./conformance.ts";
import { CUT, RAW } from "./fixtures/relay.ts";
import { accept, rawConn } from "./harness.ts";
import { relayed } from "./relayed.ts";

const VIEWER_BRIDGE = new URL("./fixtures/viewer_bridge.ts", import.meta.url).pathname;
const available = (() => {
  try {
    return new Deno.Command("systemd-socket-activate", { args: ["--version"], stdout: "null" })
      .outputSync().success;
  } catch {
    return false;
  }
})();

async function systemdHarness(): Promise<Harness> {
  const dir = Deno.makeTempDirSync({ prefix: "vp-systemd-" });
  const socketPath = `${dir}/viewport.sock`;
  const bridge = await listen(`unix://${dir}/bridge.sock`);
  const it = bridge[Symbol.asyncIterator]();
  const child = new Deno.Command("systemd-socket-activate", {
    args: [
      "-l",
      socketPath,
      "--fdname=viewport.socket",
      ...["HOME", "PATH", "DENO_DIR", "XDG_CACHE_HOME"].filter((n) => Deno.env.has(n))
        .flatMap((n) => ["-E", n]),
      Deno.execPath(),
      "run",
      "-A",
      VIEWER_BRIDGE,
      "systemd://viewport.socket",
      `${dir}/bridge.sock`,
    ],
    stdin: "null",
    stdout: "inherit",
    stderr: "piped",
  }).spawn();
  // systemd-socket-activate prints its "Listening on ..." once the socket exists.
  const reader = child.stderr.getReader();
  let seen = "";
  while (!seen.includes("Listening on")) {
    const r = await reader.read();
    if (r.done) throw new Error(`systemd-socket-activate exited: ${seen}`);
    seen += new TextDecoder().decode(r.value);
  }
  const drain = (async () => {
    for (;;) {
      const r = await reader.read();
      if (r.done) return;
      seen += new TextDecoder().decode(r.value);
    }
  })();
  const oldRuntime = Deno.env.get("XDG_RUNTIME_DIR");
  Deno.env.set("XDG_RUNTIME_DIR", dir);
  return {
    name: "systemd",
    async open() {
      const accepted = accept(it);
      const app = await connect("systemd://viewport.socket");
      return { app, viewer: relayed(await accepted) };
    },
    async rawApp() {
      const accepted = accept(it);
      const conn = await Deno.connect({ transport: "unix", path: socketPath });
      return { raw: rawConn(conn), viewer: relayed(await accepted) };
    },
    async rawViewer() {
      // The activated viewer writes the test's bytes as they are, then hangs up.
      const accepted = accept(it);
      const app = await connect("systemd://viewport.socket");
      const bridge = await accepted;
      const raw = {
        write: (bytes: Uint8Array) => bridge.send(encodeFrame(RAW, bytes)),
        async kill() {
          await bridge.send(encodeFrame(CUT, new Uint8Array(0)));
          await bridge.closed;
          await bridge.close();
        },
      };
      return { raw, app };
    },
    async dispose() {
      if (oldRuntime === undefined) Deno.env.delete("XDG_RUNTIME_DIR");
      else Deno.env.set("XDG_RUNTIME_DIR", oldRuntime);
      child.kill("SIGTERM");
      await child.status;
      await drain;
      // The viewer really was the activated child, serving the inherited fd 3.
      if (!seen.includes("listening viewport.socket (fd 3)")) {
        throw new Error(`the activated viewer did not report its fd: ${seen}`);
      }
      await bridge.close();
      Deno.removeSync(dir, { recursive: true });
    },
  };
}

if (available) {
  conformance("systemd socket activation", systemdHarness);
} else {
  Deno.test({ name: "conformance: systemd socket activation", ignore: true, fn() {} });
}
