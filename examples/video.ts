/**
 * A video viewer: a file, a camera, the screen or a test pattern, encoded by
 * ffmpeg and streamed into a canvas. A browser viewer decodes it with
 * WebCodecs (and plays the sound, after a click); a terminal shows a still a
 * few times a second in half blocks (or pixels, with kitty or sixel); a pipe
 * prints the alt text. Needs `ffmpeg` on the PATH.
 *
 *   deno task viewport --web -- deno run -A examples/video.ts clip.mp4
 *   deno run -A examples/video.ts --camera        # /dev/video0
 *   deno run -A examples/video.ts                 # a test pattern with a tone
 *
 * @module
 */
import {
  canvas,
  column,
  type Connection,
  defineApp,
  streamAudio,
  streamVideo,
  text,
} from "../src/mod.ts";

function input(args: string[]): { video: string[]; audio: string[] | null; name: string } {
  if (args.includes("--camera")) {
    return { video: ["-f", "v4l2", "-i", "/dev/video0"], audio: null, name: "camera" };
  }
  if (args.includes("--screen")) {
    const display = Deno.env.get("DISPLAY") ?? ":0";
    return {
      video: ["-f", "x11grab", "-framerate", "30", "-i", display],
      audio: null,
      name: "screen",
    };
  }
  const file = args.find((a) => !a.startsWith("-"));
  if (file) return { video: ["-re", "-i", file], audio: ["-re", "-i", file], name: file };
  return {
    video: ["-re", "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30"],
    audio: ["-re", "-f", "lavfi", "-i", "sine=frequency=330"],
    name: "test pattern",
  };
}

function status(conn: Connection, codec: string): string {
  if (conn.env.video_decode?.includes(codec)) return `decoded by this browser (${codec})`;
  return "stills only: this viewer does not decode video";
}

// Exported for tests (src/testing); it runs by itself only as the main module.
export default defineApp({
  name: "video",
  autoRun: import.meta.main,
  setup(conn) {
    const src = input(Deno.args);
    const line = text("", { id: 3, color: "dim" });
    conn.setTree(column({ id: 1, gap: 1, padding: [0, 1] }, [
      text(src.name, { id: 2, role: "heading" }),
      canvas({ id: 10, width: 640, height: 360, cols: 64, rows: 18, alt: `video: ${src.name}` }),
      line,
    ]));
    if (!conn.interactive) return; // a pipe: the alt text is the output
    const show = () => conn.set(line, { content: status(conn, "h264") });
    show();
    conn.on("env", show);
    let feed;
    try {
      feed = streamVideo(conn, 10, { input: src.video, fps: 30, width: 640, height: 360 });
    } catch (err) {
      conn.set(line, { content: `cannot start ffmpeg: ${(err as Error).message}` });
      return;
    }
    if (src.audio && conn.audio.canStream) {
      streamAudio(conn, { input: src.audio }).catch(() => {/* no audio track */});
    }
    conn.on("close", () => void feed.stop());
    feed.done.then(
      () => conn.closed || conn.set(line, { content: "the end" }),
      (err) => conn.closed || conn.set(line, { content: (err as Error).message }),
    );
  },
});
