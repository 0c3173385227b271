/**
 * Video and audio from `ffmpeg` (the system's, spawned as a child): a camera,
 * a screen or a file shown in a canvas, or played as sound. The encoder's
 * output is cut into chunks (`video.ts`, `ogg.ts`) and sent as CANVAS
 * `stream` and AUDIO `stream` messages. What the viewer cannot decode is not
 * sent: a terminal gets only posters, a still every `posterEveryMs` (a
 * low-rate rendition it draws with half blocks or pixels), and a viewer that
 * later gains a decoder (a browser tab opened) gets the stream from the next
 * key frame on.
 *
 * @module
 */
import { isPng } from "../media/png.ts";
import type { Connection } from "./connection.ts";
import { OggOpusReader } from "./ogg.ts";
import { AnnexBSplitter, type EncodedChunk, IvfReader, VideoStream } from "./video.ts";
import type { NodeRef } from "./vnode.ts";

/** Options of {@linkcode streamVideo}. */
export interface FfmpegVideoOptions {
  /** ffmpeg input arguments, e.g. `["-re", "-i", "clip.mp4"]` or `["-f", "v4l2", "-i", "/dev/video0"]`. */
  input: string[];
  /** Output codec (default `"h264"`). */
  codec?: "h264" | "vp9" | "vp8";
  /** Output frames per second (default 30). */
  fps?: number;
  /** Output size in pixels (default: the input's; an odd size is rounded for the encoder). */
  width?: number;
  height?: number;
  /** Width of poster stills (default 320). */
  posterWidth?: number;
  /**
   * How often a poster still is sent, in ms: default 2000 while the viewer
   * decodes the video, 250 while it cannot (a terminal's rendition).
   */
  posterEveryMs?: number;
  /** The ffmpeg executable (default `ffmpeg` on the PATH). */
  ffmpeg?: string;
}

/** A running ffmpeg feed. */
export interface FfmpegFeed {
  /** The canvas's stream. */
  readonly stream: VideoStream;
  /** Chunks sent to the viewer and skipped (the viewer could not decode them). */
  readonly stats: { sent: number; skipped: number; posters: number };
  /** Stops ffmpeg; the last picture stays. */
  stop(): Promise<void>;
  /** Resolves when ffmpeg ended (rejects with its last error lines if it failed). */
  readonly done: Promise<void>;
}

const CODEC_ARGS: Record<string, (fps: number) => string[]> = {
  h264: (fps) => [
    "-c:v",
    "libx264",
    "-preset",
    "ultrafast",
    "-tune",
    "zerolatency",
    "-pix_fmt",
    "yuv420p",
    "-g",
    String(fps * 2),
    // A delimiter before each picture (how chunks are cut) and SPS/PPS before
    // each key frame (so a viewer can start at any key frame).
    "-bsf:v",
    "h264_metadata=aud=insert,dump_extra=freq=keyframe",
    "-f",
    "h264",
  ],
  vp9: (fps) => [
    "-c:v",
    "libvpx-vp9",
    "-deadline",
    "realtime",
    "-cpu-used",
    "8",
    "-row-mt",
    "1",
    "-g",
    String(fps * 2),
    "-f",
    "ivf",
  ],
  vp8: (fps) => [
    "-c:v",
    "libvpx",
    "-deadline",
    "realtime",
    "-cpu-used",
    "8",
    "-g",
    String(fps * 2),
    "-f",
    "ivf",
  ],
};

/**
 * Streams video from ffmpeg into a canvas node.
 *
 * @example
 * ```ts ignore
 * import { connect, canvas } from "../mod.ts";
 * import { streamVideo } from "./ffmpeg.ts";
 * const conn = await connect();
 * conn.setTree(canvas({ id: 1, width: 640, height: 360, alt: "test pattern" }));
 * const feed = streamVideo(conn, 1, { input: ["-re", "-f", "lavfi", "-i", "testsrc=size=640x360"] });
 * await feed.done;
 * ```
 */
export function streamVideo(
  conn: Connection,
  ref: NodeRef,
  options: FfmpegVideoOptions,
): FfmpegFeed {
  const codec = options.codec ?? "h264";
  const fps = options.fps ?? 30;
  if (!(fps > 0 && fps <= 240)) throw new RangeError(`fps must be in (0, 240], got ${fps}`);
  const posterWidth = options.posterWidth ?? 320;
  const dir = Deno.makeTempDirSync({ prefix: "viewport-video-" });
  const posterPath = `${dir}/poster.png`;
  const scale = options.width && options.height
    ? `,scale=${options.width & ~1}:${options.height & ~1}`
    : ",scale=trunc(iw/2)*2:trunc(ih/2)*2";
  const args = [
    "-hide_banner",
    "-loglevel",
    "error",
    "-nostdin",
    ...options.input,
    "-map",
    "0:v:0",
    "-an",
    "-vf",
    `fps=${fps}${scale}`,
    ...CODEC_ARGS[codec](fps),
    "pipe:1",
    "-map",
    "0:v:0",
    "-an",
    "-vf",
    `fps=4,scale=${posterWidth}:-2`,
    "-update",
    "1",
    "-y",
    posterPath,
  ];
  const child = new Deno.Command(options.ffmpeg ?? "ffmpeg", {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stats = { sent: 0, skipped: 0, posters: 0 };
  const initial = codec === "h264" ? "avc1.42e01e" : codec === "vp9" ? "vp09.00.10.08" : "vp8";
  let stream = new VideoStream(conn, ref, { codec: initial });
  let stopped = false;

  const send = (c: EncodedChunk) => {
    if (stopped || conn.closed) return;
    if (!stream.decodable()) {
      stats.skipped++;
      stream.restart(); // when a decoder appears, start at a key frame
      return;
    }
    stream.chunk(c);
    stats.sent++;
  };

  const read = (async () => {
    const frameUs = Math.round(1_000_000 / fps);
    let n = 0;
    if (codec === "h264") {
      const split = new AnnexBSplitter();
      const emit = (u: { key: boolean; data: Uint8Array }) => {
        if (split.codec && stream.codec !== split.codec) {
          stream = new VideoStream(conn, ref, { codec: split.codec });
        }
        send({ key: u.key, timestamp: n++ * frameUs, duration: frameUs, data: u.data });
      };
      for await (const bytes of child.stdout) for (const u of split.push(bytes)) emit(u);
      for (const u of split.end()) emit(u);
    } else {
      const ivf = new IvfReader();
      for await (const bytes of child.stdout) {
        for (const c of ivf.push(bytes)) {
          if (ivf.header && stream.codec !== ivf.header.codec) {
            stream = new VideoStream(conn, ref, {
              codec: ivf.header.codec,
              width: ivf.header.width,
              height: ivf.header.height,
            });
          }
          send(c);
        }
      }
    }
  })();

  // Posters: the still ffmpeg keeps rewriting, sent when it changed and is whole.
  let lastPoster = 0;
  let lastMtime = 0;
  const timer = setInterval(() => {
    if (stopped || conn.closed) return;
    const every = options.posterEveryMs ?? (stream.decodable() ? 2000 : 250);
    const now = Date.now();
    if (now - lastPoster < every) return;
    try {
      const st = Deno.statSync(posterPath);
      const mtime = st.mtime?.getTime() ?? 0;
      if (mtime === lastMtime) return;
      const data = Deno.readFileSync(posterPath);
      if (!isPng(data) || !endsWithIend(data)) return; // caught mid-write
      lastMtime = mtime;
      lastPoster = now;
      stream.poster({ format: "png", data });
      stats.posters++;
    } catch {
      // Not written yet.
    }
  }, 50);

  const stderr = new Response(child.stderr).text();
  const done = (async () => {
    const [status] = await Promise.all([child.status, read.catch(() => {})]);
    clearInterval(timer);
    if (!conn.closed) stream.end();
    try {
      Deno.removeSync(dir, { recursive: true });
    } catch { /* already gone */ }
    const text = (await stderr).trim();
    if (!status.success && !stopped) {
      throw new Error(`ffmpeg failed (${status.code}): ${text.split("\n").slice(-3).join(" ")}`);
    }
  })();

  return {
    get stream() {
      return stream;
    },
    stats,
    async stop() {
      if (stopped) return done.catch(() => {});
      stopped = true;
      try {
        child.kill("SIGTERM");
      } catch { /* ended */ }
      await done.catch(() => {});
    },
    done,
  };
}

function endsWithIend(d: Uint8Array): boolean {
  const n = d.length;
  return n > 12 && d[n - 8] === 0x49 && d[n - 7] === 0x45 && d[n - 6] === 0x4e && d[n - 5] === 0x44;
}

/** Options of {@linkcode streamAudio}. */
export interface FfmpegAudioOptions {
  /** ffmpeg input arguments, e.g. `["-re", "-i", "song.flac"]`. */
  input: string[];
  /** Opus bitrate (default `"64k"`). */
  bitrate?: string;
  /** The ffmpeg executable (default `ffmpeg`). */
  ffmpeg?: string;
  /** The AUDIO stream's id (default `"main"`). */
  id?: string;
}

/**
 * Plays audio from ffmpeg in the viewer (encoded to Opus, 20 ms packets).
 * Resolves with the number of packets sent once ffmpeg ended.
 *
 * @example
 * ```ts ignore
 * import { streamAudio } from "./ffmpeg.ts";
 * await streamAudio(conn, { input: ["-re", "-f", "lavfi", "-i", "sine=frequency=440:duration=2"] });
 * ```
 */
export async function streamAudio(conn: Connection, options: FfmpegAudioOptions): Promise<number> {
  const child = new Deno.Command(options.ffmpeg ?? "ffmpeg", {
    args: [
      "-hide_banner",
      "-loglevel",
      "error",
      "-nostdin",
      ...options.input,
      "-vn",
      "-c:a",
      "libopus",
      "-b:a",
      options.bitrate ?? "64k",
      "-frame_duration",
      "20",
      "-ar",
      "48000",
      "-f",
      "ogg",
      "pipe:1",
    ],
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).spawn();
  const stderr = new Response(child.stderr).text();
  const ogg = new OggOpusReader();
  let audio: ReturnType<Connection["audio"]["stream"]> | null = null;
  let sent = 0;
  for await (const bytes of child.stdout) {
    const packets = [...ogg.push(bytes)];
    if (packets.length === 0 || conn.closed) continue;
    audio ??= conn.audio.stream({ channels: ogg.head?.channels ?? 2, id: options.id });
    audio.write(packets);
    sent += packets.length;
  }
  const status = await child.status;
  if (!status.success) {
    throw new Error(
      `ffmpeg failed (${status.code}): ${(await stderr).trim().split("\n").slice(-3).join(" ")}`,
    );
  }
  if (audio && !conn.closed) audio.stop();
  return sent;
}
