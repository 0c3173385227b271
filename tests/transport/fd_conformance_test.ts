/** Conformance of fd:// with the launching side (spawnWithChannel, fd 3 socketpair). */
import type { ChildProcess } from "node:child_process";
import { isViewportError } from "../../src/protocol/errors.ts";
import { connect } from "../../src/transport/mod.ts";
import { spawnWithChannel } from "../../src/transport/launch/mod.ts";
import { assert, assertEquals, assertRejectsViewportError } from "../_util/assert.ts";
import { conformance, patternFrame } from "./conformance.ts";
import { appProcessHarness, BRIDGE_APP, type Launched } from "./process_harness.ts";

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((r) => child.once("exit", (code) => r(code)));
}

function launcher(pipe: boolean) {
  return async (args: string[]): Promise<Launched> => {
    const { child, transport } = await spawnWithChannel(
      Deno.execPath(),
      ["run", "-A", BRIDGE_APP, ...args],
      { stdio: ["ignore", "inherit", "inherit"], pipe },
    );
    return { viewer: transport, exited: exited(child), kill: () => child.kill() };
  };
}

conformance(
  "fd (socket pair from spawnWithChannel)",
  () => appProcessHarness("fd", launcher(false)),
);
conformance(
  "fd (spawnWithChannel with Node's pipe, the fallback)",
  () => appProcessHarness("fd", launcher(true)),
);

Deno.test("openChildChannel: a socket pair with read/write permission, else Node's pipe, no prompt", async () => {
  const script = await Deno.makeTempFile({ suffix: ".ts" });
  const module = new URL("../../src/transport/launch/spawn_fd.ts", import.meta.url).href;
  await Deno.writeTextFile(
    script,
    `
    import { spawn } from "node:child_process";
    import { openChildChannel } from "${module}";
    const channel = await openChildChannel();
    const child = spawn("sh", ["-c", "printf hi >&3; head -c 4 <&3 >&3"], {
      stdio: ["ignore", "ignore", "inherit", channel.stdio],
    });
    const end = channel.attach(child);
    let got = "";
    while (got.length < 2) got += new TextDecoder().decode((await end.read())!);
    await end.write(new TextEncoder().encode("back"));
    while (got.length < 6) got += new TextDecoder().decode((await end.read())!);
    console.log(typeof channel.stdio === "string" ? channel.stdio : "socket pair", got);
    end.close();
    `,
  );
  try {
    const run = async (...flags: string[]) => {
      const out = await new Deno.Command(Deno.execPath(), {
        args: ["run", ...flags, script],
        stdin: "null",
        stdout: "piped",
        stderr: "inherit",
      }).output();
      return new TextDecoder().decode(out.stdout).trim();
    };
    assertEquals(await run("-A"), "socket pair hiback");
    // Read but no write permission: the pair is not tried (no prompt either: stdin is null).
    assertEquals(await run("--allow-run=sh", "--allow-read", "--allow-env"), "pipe hiback");
  } finally {
    await Deno.remove(script);
  }
});

Deno.test("fd: the app side reports a viewer that dies mid-frame", async () => {
  const { child, transport } = await spawnWithChannel(
    Deno.execPath(),
    ["run", "-A", BRIDGE_APP, "report"],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  let report = "";
  child.stderr!.on("data", (d: Uint8Array) => report += new TextDecoder().decode(d));
  await transport.send(patternFrame(3, 0));
  // Write half a frame straight to the socket and close it: the app must see
  // a clean bad_frame, not hang or crash.
  await transport.send(patternFrame(100_000, 9).subarray(0, 50_000));
  await transport.close();
  assertEquals(await exited(child), 0);
  const lines = report.trim().split("\n").map((l) => JSON.parse(l));
  assertEquals(lines[0], { frame: 5, length: 4 });
  assertEquals(lines[1].error, "bad_frame");
  assert(
    /fd peer fd:3 closed the connection inside a frame/.test(lines[1].message),
    lines[1].message,
  );
});

Deno.test("fd: an fd that is not open, or not a socket, is a clear error", async () => {
  await assertRejectsViewportError(
    () => connect("fd://987"),
    "closed",
    /fd:\/\/987: it is not open/,
  );
  const file = Deno.makeTempFileSync();
  try {
    // A regular file as stdin of a child: fd 0 there is a FILE.
    const out = await new Deno.Command(Deno.execPath(), {
      args: [
        "eval",
        `
        import { connect } from "${new URL("../../src/transport/schemes/mod.ts", import.meta.url)}";
        try { await connect("fd://0"); } catch (e) { console.log(e.code + ": " + e.message); }
      `,
      ],
      stdin: "null",
      stdout: "piped",
      stderr: "inherit",
    }).output();
    const text = new TextDecoder().decode(out.stdout);
    assert(/^closed: cannot use fd:\/\/0: it is a \w+, not a socket or pipe/.test(text), text);
  } finally {
    Deno.removeSync(file);
  }
});

Deno.test("spawnWithChannel: a missing command rejects and starts nothing", async () => {
  const err = await spawnWithChannel("/nonexistent/viewport-app").catch((e) => e);
  assert(err instanceof Error && /ENOENT/.test(err.message), String(err));
  assert(!isViewportError(err));
});
