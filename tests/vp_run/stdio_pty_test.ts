/**
 * `vp-run --via stdio`: frames cross the PTY byte-exact in both directions
 * (payloads dense in 0x0A and 0x0D), terminal text between frames reaches
 * stdout unchanged, and the viewer sees exactly one attach, first.
 */
import { assertEquals } from "../_util/assert.ts";
import { decodeFrame, encodeMessage } from "../../src/protocol/wire.ts";
import { encodeFrame } from "../../src/protocol/frame.ts";
import { DENO, FIXTURES, RawViewer, VpRun } from "./_harness.ts";
import { coloredLine, randomFrames } from "./fixtures/payloads.ts";

const APP = `${FIXTURES}/stdio_frames.ts`;

function sameFrames(
  got: { type: number; payload: Uint8Array }[],
  want: { type: number; payload: Uint8Array }[],
): void {
  assertEquals(got.length, want.length, "frame count");
  for (let i = 0; i < want.length; i++) {
    if (got[i].type !== want[i].type || !bytesEqual(got[i].payload, want[i].payload)) {
      throw new Error(`frame ${i} differs: got type ${got[i].type}, ${got[i].payload.length} B`);
    }
  }
}

/**
 * `vp-run --via stdio --to <a raw viewer> [--session ID] -- CMD` while `check`
 * runs; both are cleaned up after.
 */
async function withStdioRun(
  session: string | undefined,
  cmd: string[],
  check: (run: VpRun, viewer: RawViewer) => Promise<void>,
): Promise<void> {
  const viewer = await RawViewer.start();
  const sessionArgs = session ? ["--session", session] : [];
  const run = new VpRun([`--via=stdio`, `--to=${viewer.uri}`, ...sessionArgs, "--", ...cmd]);
  try {
    await check(run, viewer);
  } finally {
    await run.stop();
    await viewer.close();
  }
}

/** The test app speaking frames on its terminal (see fixtures/stdio_frames.ts). */
const app = (...args: string[]) => [DENO, "run", "-qA", APP, ...args];

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

Deno.test("stdio: 10k random frames cross the PTY byte-exact, and 500 frames back", async () => {
  const cmd = app("--count", "10000", "--seed", "7", "--echo", "500");
  await withStdioRun("pty-1", cmd, async (run, viewer) => {
    await viewer.untilFrames(10_001, 60_000);
    assertEquals(decodeFrame(viewer.frames[0]), {
      type: "REGION",
      action: "attach",
      session: "pty-1",
    });
    sameFrames(viewer.frames.slice(1), [...randomFrames(7, 10_000)]);
    // Back into the app: the same kind of payloads, written into its terminal input.
    const back = [...randomFrames(8, 500)];
    for (const f of back) await viewer.transport!.send(encodeFrame(f.type, f.payload));
    await viewer.untilFrames(10_501, 60_000);
    sameFrames(viewer.frames.slice(10_001), back);
    assertEquals(await run.status(), 0);
    assertEquals(run.stdout, "", "no frame bytes leak into the terminal text");
  });
});

Deno.test("stdio: colored text between frames reaches stdout unchanged, frames to the viewer", async () => {
  await withStdioRun(
    undefined,
    app("--count", "300", "--seed", "3", "--colored"),
    async (run, viewer) => {
      assertEquals(await run.status(), 0);
      let text = "";
      for (let i = 0; i < 300; i++) text += coloredLine(i);
      text += "done\n";
      assertEquals(run.stdout, text);
      await viewer.untilFrames(301);
      sameFrames(viewer.frames.slice(1), [...randomFrames(3, 300)]);
      const attach = decodeFrame(viewer.frames[0]);
      if (attach.type !== "REGION" || attach.action !== "attach") throw new Error("attach first");
      assertEquals(run.stderr, "");
    },
  );
});

Deno.test("stdio: a program that speaks no Viewport just runs in the PTY", async () => {
  const script =
    "printf 'VP\\001\\002 look-alike\\r\\nVP'; test -t 0 && test -t 1 && echo ' tty'; exit 5";
  await withStdioRun(undefined, ["sh", "-c", script], async (run, viewer) => {
    assertEquals(await run.status(), 5);
    assertEquals(run.stdout, "VP\x01\x02 look-alike\r\nVP tty\n");
    assertEquals(viewer.frames.length, 0);
  });
});

Deno.test("stdio: the app's own attach is the only one; a second is dropped", async () => {
  const attach = (s: string) => encodeMessage({ type: "REGION", action: "attach", session: s });
  const tree = encodeMessage({ type: "TREE", root: { id: 1, type: "text", props: {} } });
  const script = [attach("own"), attach("other"), tree]
    .map((f) => [...f].map((b) => `\\${b.toString(8).padStart(3, "0")}`).join(""))
    .join("");
  await withStdioRun("own", ["sh", "-c", `printf '${script}'`], async (run, viewer) => {
    assertEquals(await run.status(), 0);
    await viewer.untilFrames(2);
    await new Promise((r) => setTimeout(r, 100));
    assertEquals(viewer.frames.map((f) => decodeFrame(f).type), ["REGION", "TREE"]);
    assertEquals(decodeFrame(viewer.frames[0]), {
      type: "REGION",
      action: "attach",
      session: "own",
    });
  });
});
