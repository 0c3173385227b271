/**
 * Conformance of stdio: inside a real PTY (@lydell/node-pty): the app writes
 * frames between terminal text on stdout and reads the viewer's frames on stdin.
 */
import { spawnInPty } from "../../src/transport/launch/spawn_pty.ts";
import { assert, assertEquals } from "../_util/assert.ts";
import { conformance } from "./conformance.ts";
import { appProcessHarness, BRIDGE_APP, type Launched } from "./process_harness.ts";

function launcher(text: string[]) {
  return async (args: string[]): Promise<Launched> => {
    const { pty, transport } = await spawnInPty(
      Deno.execPath(),
      ["run", "-A", BRIDGE_APP, ...args],
      {
        onText: (b) => text.push(new TextDecoder().decode(b)),
      },
    );
    const exited = new Promise((r) => pty.onExit(r));
    return { viewer: transport, exited, kill: () => pty.kill() };
  };
}

// No "viewer dies mid-frame" case: a viewer that dies closes the PTY master,
// and the kernel hangs up the terminal (SIGHUP), which ends the app through
// the signal path (terminal restored, exit 128+n; see the SIGTERM test below)
// before any read could see a cut frame.
conformance(
  "stdio in a PTY",
  () => appProcessHarness("stdio", launcher([]), { rawViewer: false }),
  {
    // The viewer cannot close the app's stdin without ending the terminal.
    skipViewerClose: true,
  },
);

Deno.test("stdio: text and frames are separated, bytes pass unchanged, the terminal is restored", async () => {
  const chunks: string[] = [];
  const launch = launcher(chunks);
  const child = await launch(["text"]);
  const frames: number[] = [];
  for await (const f of child.viewer.frames()) frames.push(f.payload.length);
  await child.exited;
  await child.viewer.close();
  const text = chunks.join("");
  assertEquals(frames, [4, 11]);
  // While frames flow the terminal does no output post-processing: "\n" stays
  // "\n", and the "VP\x01" look-alike is text. After close, CR LF is back.
  assert(text.includes("before VP\x01 text\nmiddle\n"), JSON.stringify(text));
  assert(text.includes("after\r\nopost restored\r\n"), JSON.stringify(text));
});

Deno.test("stdio: a signal restores the terminal before the app exits", async () => {
  const chunks: string[] = [];
  const script = `"${Deno.execPath()}" run -A "${BRIDGE_APP}" wait; echo "exit $?"; stty -a`;
  const { pty, transport } = await spawnInPty("/bin/sh", ["-c", script], {
    onText: (b) => chunks.push(new TextDecoder().decode(b)),
  });
  const exited = new Promise((r) => pty.onExit(r));
  const it = transport.frames();
  assertEquals((await it.next()).value?.payload.length, 2);
  let pid: number | undefined;
  while (pid === undefined) {
    pid = Number(/pid (\d+)/.exec(chunks.join(""))?.[1]) || undefined;
    if (pid === undefined) await new Promise((r) => setTimeout(r, 10));
  }
  Deno.kill(pid, "SIGTERM");
  await exited;
  await transport.close();
  const text = chunks.join("");
  assert(/exit 143\r\n/.test(text), JSON.stringify(text));
  assert(/(^|\s)opost(\s|;|$)/m.test(text) && !/-opost/.test(text), "opost should be back on");
  assert(/(^|\s)icanon(\s|;|$)/m.test(text) && /(^|\s)echo(\s|;|$)/m.test(text), "raw mode undone");
});
