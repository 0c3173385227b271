/// <reference lib="dom" />
/**
 * CANVAS `stream` with WebCodecs: a `VideoDecoder` per canvas, configured
 * from the stream's config, fed the chunks not decoded yet, and each decoded
 * frame drawn on the canvas (scaled to it). Backpressure: when the decoder
 * falls behind (its queue grows past a few frames) or chunks were missed, the
 * deltas are skipped up to the next key frame, so a slow machine shows a
 * jumpier picture instead of an ever later one. Until a frame is decoded, or
 * when the codec is not supported, the poster image is shown.
 *
 * @module
 */
import { IMAGE_MIME } from "../../../src/media/image.ts";
import type { StreamState } from "../../../src/media/stream.ts";

/** Counters for tests and the curious: frames drawn, chunks dropped. */
export interface VideoStats {
  decoded: number;
  dropped: number;
  posters: number;
}

/** Most chunks waiting in the decoder before deltas are dropped. */
const MAX_QUEUE = 6;

/**
 * One stream canvas.
 *
 * @example
 * ```ts ignore
 * import { VideoView } from "./video.ts";
 * const view = new VideoView(canvasElement, (code, message) => console.warn(code, message));
 * view.update(drawing.stream!);
 * ```
 */
export class VideoView {
  readonly canvas: HTMLCanvasElement;
  readonly stats: VideoStats = { decoded: 0, dropped: 0, posters: 0 };
  #report: (code: "unsupported" | "bad_message", message: string) => void;
  #decoder: VideoDecoder | null = null;
  #configVersion = -1;
  #lastSeq = -1;
  #needKey = true;
  #framed = false;
  #poster: unknown = null;
  #supported: Promise<boolean> | null = null;
  #state: StreamState | null = null;
  #disposed = false;

  constructor(
    canvas: HTMLCanvasElement,
    report: (code: "unsupported" | "bad_message", message: string) => void,
  ) {
    this.canvas = canvas;
    this.#report = report;
  }

  /** Decodes what is new in `state`. */
  update(state: StreamState): void {
    this.#state = state;
    if (state.poster && state.poster !== this.#poster) {
      this.#poster = state.poster;
      if (!this.#framed) void this.#drawPoster(state.poster);
    }
    const config = state.config;
    if (!config) return;
    if (state.configVersion !== this.#configVersion) {
      this.#configVersion = state.configVersion;
      this.#decoder?.close();
      this.#decoder = null;
      this.#lastSeq = -1;
      this.#needKey = true;
      const cfg: VideoDecoderConfig = { codec: config.codec, optimizeForLatency: true };
      if (config.width) cfg.codedWidth = config.width;
      if (config.height) cfg.codedHeight = config.height;
      if (config.description) cfg.description = config.description as Uint8Array<ArrayBuffer>;
      this.#supported = this.#configure(cfg);
    }
    void this.#supported?.then((ok) => {
      if (ok && this.#state === state) this.#feed(state);
    });
  }

  async #configure(cfg: VideoDecoderConfig): Promise<boolean> {
    if (typeof VideoDecoder === "undefined") {
      this.#report(
        "unsupported",
        'canvas mode "stream": this browser has no WebCodecs VideoDecoder',
      );
      return false;
    }
    const support = await VideoDecoder.isConfigSupported(cfg).catch(() => ({ supported: false }));
    if (!support.supported) {
      this.#report(
        "unsupported",
        `canvas mode "stream": codec ${JSON.stringify(cfg.codec)} is not supported here`,
      );
      return false;
    }
    if (this.#disposed) return false;
    const ctx = this.canvas.getContext("2d");
    this.#decoder = new VideoDecoder({
      output: (frame) => {
        if (!this.#disposed && ctx) {
          ctx.drawImage(frame, 0, 0, this.canvas.width, this.canvas.height);
          this.#framed = true;
          this.stats.decoded++;
        }
        frame.close();
      },
      error: (e) => {
        this.#report("bad_message", `CANVAS stream: the decoder failed: ${e.message}`);
        // Start over at the next key frame with a fresh decoder.
        this.#configVersion = -1;
        if (this.#state) this.update(this.#state);
      },
    });
    this.#decoder.configure(cfg);
    return true;
  }

  #feed(state: StreamState): void {
    const d = this.#decoder;
    if (!d || d.state !== "configured") return;
    const chunks = state.chunks;
    if (chunks.length === 0) return;
    // Chunks were dropped by the store since the last one decoded: wait for a key frame.
    if (chunks[0].seq > this.#lastSeq + 1 && this.#lastSeq >= 0 && !chunks[0].key) {
      this.#needKey = true;
    }
    for (const c of chunks) {
      if (c.seq <= this.#lastSeq) continue;
      if (c.seq > this.#lastSeq + 1 && !c.key) this.#needKey = true;
      this.#lastSeq = c.seq;
      if (!c.key && (this.#needKey || d.decodeQueueSize > MAX_QUEUE)) {
        this.#needKey = true;
        this.stats.dropped++;
        continue;
      }
      this.#needKey = false;
      const init: EncodedVideoChunkInit = {
        type: c.key ? "key" : "delta",
        timestamp: c.timestamp,
        data: c.data as Uint8Array<ArrayBuffer>,
      };
      if (c.duration !== undefined) init.duration = c.duration;
      try {
        d.decode(new EncodedVideoChunk(init));
      } catch (err) {
        this.#report("bad_message", `CANVAS stream: chunk ${c.seq}: ${(err as Error).message}`);
        this.#needKey = true;
      }
    }
  }

  async #drawPoster(p: unknown): Promise<void> {
    const poster = p as { format: string; data: Uint8Array; width?: number; height?: number };
    try {
      const bmp = poster.format === "rgba"
        ? await createImageBitmap(
          new ImageData(new Uint8ClampedArray(poster.data.slice()), poster.width!, poster.height!),
        )
        : await createImageBitmap(
          new Blob([poster.data as BlobPart], { type: IMAGE_MIME[poster.format] ?? "image/png" }),
        );
      if (!this.#framed && !this.#disposed && this.#poster === p) {
        this.canvas.getContext("2d")?.drawImage(bmp, 0, 0, this.canvas.width, this.canvas.height);
        this.stats.posters++;
      }
      bmp.close();
    } catch {
      // A poster that does not decode is skipped; the video will follow.
    }
  }

  /** Stops decoding. */
  dispose(): void {
    this.#disposed = true;
    try {
      this.#decoder?.close();
    } catch { /* already closed */ }
    this.#decoder = null;
  }
}
