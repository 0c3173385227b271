/**
 * Video for a canvas (CANVAS `stream`): {@linkcode VideoStream} sends a
 * decoder config, encoded chunks and poster images; the bitstream readers
 * cut an encoder's output into chunks: {@linkcode AnnexBSplitter} for H.264
 * (access units delimited by AUD NAL units) and {@linkcode IvfReader} for
 * VP8, VP9 and AV1 in IVF. No Deno APIs (`ffmpeg.ts` spawns the encoder).
 *
 * @module
 */
import type { ImageSource } from "../media/image.ts";
import type { CanvasCommand, EnvMessage } from "../protocol/messages/types.ts";
import type { Connection } from "./connection.ts";
import { idOf, type NodeRef } from "./vnode.ts";

/** One encoded picture as an encoder produced it. */
export interface EncodedChunk {
  key: boolean;
  /** Microseconds. */
  timestamp: number;
  duration?: number;
  data: Uint8Array;
}

/** The short codec names ENV `video_decode` lists, for a WebCodecs codec string. */
export function codecFamily(codec: string): string {
  const c = codec.toLowerCase();
  if (c.startsWith("avc1") || c.startsWith("avc3")) return "h264";
  if (c.startsWith("vp09") || c === "vp9") return "vp9";
  if (c.startsWith("vp8")) return "vp8";
  if (c.startsWith("av01")) return "av1";
  if (c.startsWith("hvc1") || c.startsWith("hev1")) return "hevc";
  return c;
}

/**
 * Sends video to a canvas node. `config` first, then `chunk`s from a key
 * frame on; `poster` whenever there is a fresh still (terminals show only
 * posters). Messages of one tick go out together.
 *
 * @example
 * ```ts
 * import { connect } from "./connect.ts";
 * import { canvas } from "./components.ts";
 * import { VideoStream } from "./video.ts";
 * const conn = await connect({ env: { VIEWPORT: "headless:" } });
 * conn.setTree(canvas({ id: 1, width: 64, height: 48, alt: "camera" }));
 * const video = new VideoStream(conn, 1, { codec: "vp8", width: 64, height: 48 });
 * video.chunk({ key: true, timestamp: 0, data: new Uint8Array([0x10]) });
 * await conn.flush();
 * if (conn.model.canvases.get(1)?.stream?.chunks.length !== 1) throw new Error();
 * await conn.close();
 * ```
 */
export class VideoStream {
  readonly target: number;
  readonly codec: string;
  #conn: Connection;
  #config: Record<string, unknown>;
  #configured = false;
  #pending: CanvasCommand[] = [];
  #waitKey = true;

  constructor(
    conn: Connection,
    ref: NodeRef,
    config: { codec: string; width?: number; height?: number; description?: Uint8Array },
  ) {
    this.#conn = conn;
    this.target = idOf(ref);
    this.codec = config.codec;
    this.#config = { ...config };
  }

  /** True when the viewer says it decodes this codec (ENV `video_decode`). */
  decodable(env: EnvMessage = this.#conn.env): boolean {
    return env.video_decode?.includes(codecFamily(this.codec)) ?? false;
  }

  #add(cmd: CanvasCommand): void {
    if (this.#pending.length === 0) queueMicrotask(() => this.flush());
    this.#pending.push(cmd);
  }

  /** Sends what was added now (normally at the end of the tick). */
  flush(): void {
    if (this.#pending.length === 0) return;
    const commands = this.#pending;
    this.#pending = [];
    this.#conn.draw(this.target, commands, "stream");
  }

  /**
   * Sends a chunk (the config goes first, once). Deltas before the first key
   * frame are dropped: nothing could decode them.
   */
  chunk(c: EncodedChunk): void {
    if (this.#waitKey && !c.key) return;
    this.#waitKey = false;
    if (!this.#configured) {
      this.#configured = true;
      this.#add(["config", this.#config]);
    }
    const m: Record<string, unknown> = { key: c.key, timestamp: c.timestamp, data: c.data };
    if (c.duration !== undefined) m.duration = c.duration;
    this.#add(["chunk", m]);
  }

  /** Starts again from the next key frame (after chunks were skipped). */
  restart(): void {
    this.#waitKey = true;
  }

  /** Sends a still image of the current picture (PNG or RGBA). */
  poster(image: ImageSource): void {
    this.#add(["poster", image]);
  }

  /** No more chunks: the last picture stays. */
  end(): void {
    this.#add(["end"]);
  }
}

/**
 * Cuts an H.264 Annex B byte stream into access units, one per picture. The
 * encoder must put an access unit delimiter (NAL type 9) before each picture
 * (ffmpeg: `-bsf:v h264_metadata=aud=insert`). A unit holding an IDR slice
 * (NAL type 5) is a key frame; the first SPS gives the codec string.
 *
 * @example
 * ```ts
 * import { AnnexBSplitter } from "./video.ts";
 * const aud = [0, 0, 0, 1, 0x09, 0xf0], sps = [0, 0, 0, 1, 0x67, 0x42, 0xc0, 0x1e], idr = [0, 0, 1, 0x65, 1];
 * const s = new AnnexBSplitter();
 * const units = [...s.push(new Uint8Array([...aud, ...sps, ...idr, ...aud, 0, 0, 1, 0x41, 2]))];
 * units.push(...s.end());
 * if (units.length !== 2 || !units[0].key || units[1].key || s.codec !== "avc1.42c01e") {
 *   throw new Error(JSON.stringify(units));
 * }
 * ```
 */
export class AnnexBSplitter {
  #buf = new Uint8Array(0);
  #scanned = 1;
  /** `avc1.PPCCLL` from the first SPS seen. */
  codec: string | undefined;
  /** Most bytes held for one access unit (a broken stream cannot grow it). */
  readonly maxUnit: number;

  constructor(maxUnit = 8 * 1024 * 1024) {
    this.maxUnit = maxUnit;
  }

  /** Feeds bytes; yields the access units completed by them. */
  *push(bytes: Uint8Array): Generator<{ key: boolean; data: Uint8Array }> {
    const buf = new Uint8Array(this.#buf.length + bytes.length);
    buf.set(this.#buf);
    buf.set(bytes, this.#buf.length);
    // Access unit delimiters (NAL type 9) after the first byte start new units.
    let start = 0;
    // Bytes already scanned are not scanned again (a big unit arrives in many pieces).
    for (let i = Math.max(1, this.#scanned); i + 3 < buf.length; i++) {
      if (buf[i] !== 0 || buf[i + 1] !== 0 || buf[i + 2] !== 1) continue;
      if ((buf[i + 3] & 0x1f) !== 9) continue;
      // A four-byte start code's leading zero belongs to the new unit.
      const at = buf[i - 1] === 0 ? i - 1 : i;
      if (at <= start) continue;
      yield this.#unit(buf.subarray(start, at));
      start = at;
    }
    this.#buf = buf.slice(start);
    this.#scanned = Math.max(1, this.#buf.length - 3);
    if (this.#buf.length > this.maxUnit) {
      throw new RangeError(
        `an H.264 access unit exceeds ${this.maxUnit} bytes (no AUD NAL units?)`,
      );
    }
  }

  /** The last unit, at the end of the stream. */
  *end(): Generator<{ key: boolean; data: Uint8Array }> {
    if (this.#buf.length > 0) yield this.#unit(this.#buf);
    this.#buf = new Uint8Array(0);
    this.#scanned = 1;
  }

  #unit(data: Uint8Array): { key: boolean; data: Uint8Array } {
    let key = false;
    for (let i = 0; i + 3 < data.length; i++) {
      if (data[i] !== 0 || data[i + 1] !== 0 || data[i + 2] !== 1) continue;
      const nal = data[i + 3] & 0x1f;
      if (nal === 5) key = true;
      if (nal === 7 && this.codec === undefined && i + 6 < data.length) {
        const hex = (b: number) => b.toString(16).padStart(2, "0");
        this.codec = `avc1.${hex(data[i + 4])}${hex(data[i + 5])}${hex(data[i + 6])}`;
      }
    }
    return { key, data: data.slice() };
  }
}

/** An IVF stream's header. */
export interface IvfHeader {
  fourcc: string;
  width: number;
  height: number;
  /** Timebase: `num / den` seconds per tick. */
  den: number;
  num: number;
  /** The WebCodecs codec string for the fourcc. */
  codec: string;
}

const IVF_CODECS: Record<string, string> = {
  VP80: "vp8",
  VP90: "vp09.00.10.08",
  AV01: "av01.0.04M.08",
};

/**
 * Reads IVF (32-byte header, then 12-byte frame headers) into chunks with
 * key-frame flags (VP8 and VP9 frame headers; AV1 units with a sequence
 * header) and microsecond timestamps.
 *
 * @example
 * ```ts
 * import { IvfReader } from "./video.ts";
 * const head = new Uint8Array(32);
 * head.set([68, 75, 73, 70, 0, 0, 32, 0, 86, 80, 56, 48, 64, 0, 48, 0, 30, 0, 0, 0, 1, 0, 0, 0]);
 * const frame = new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10]);
 * const r = new IvfReader();
 * const chunks = [...r.push(new Uint8Array([...head, ...frame]))];
 * if (r.header?.codec !== "vp8" || chunks.length !== 1 || !chunks[0].key) throw new Error();
 * ```
 */
export class IvfReader {
  header: IvfHeader | undefined;
  #buf = new Uint8Array(0);

  *push(bytes: Uint8Array): Generator<EncodedChunk> {
    const buf = new Uint8Array(this.#buf.length + bytes.length);
    buf.set(this.#buf);
    buf.set(bytes, this.#buf.length);
    const v = new DataView(buf.buffer);
    let at = 0;
    if (!this.header) {
      if (buf.length < 32) {
        this.#buf = buf;
        return;
      }
      if (String.fromCharCode(buf[0], buf[1], buf[2], buf[3]) !== "DKIF") {
        throw new RangeError("not an IVF stream (no DKIF signature)");
      }
      const fourcc = String.fromCharCode(buf[8], buf[9], buf[10], buf[11]);
      const codec = IVF_CODECS[fourcc];
      if (!codec) throw new RangeError(`IVF codec ${fourcc} is not VP80, VP90 or AV01`);
      this.header = {
        fourcc,
        width: v.getUint16(12, true),
        height: v.getUint16(14, true),
        den: v.getUint32(16, true) || 1,
        num: v.getUint32(20, true) || 1,
        codec,
      };
      at = v.getUint16(6, true) || 32;
    }
    const h = this.header;
    while (at + 12 <= buf.length) {
      const size = v.getUint32(at, true);
      if (size > 16 * 1024 * 1024) throw new RangeError(`IVF frame of ${size} bytes`);
      if (at + 12 + size > buf.length) break;
      const pts = Number(v.getBigUint64(at + 4, true));
      const data = buf.slice(at + 12, at + 12 + size);
      at += 12 + size;
      yield {
        key: isKeyFrame(h.fourcc, data),
        timestamp: Math.round((pts * 1_000_000 * h.num) / h.den),
        data,
      };
    }
    this.#buf = buf.slice(at);
  }
}

function isKeyFrame(fourcc: string, d: Uint8Array): boolean {
  if (d.length === 0) return false;
  if (fourcc === "VP80") return (d[0] & 1) === 0;
  if (fourcc === "VP90") {
    let bit = 0;
    const read = (n: number) => {
      let v = 0;
      for (let i = 0; i < n; i++, bit++) v = (v << 1) | ((d[bit >> 3] >> (7 - (bit & 7))) & 1);
      return v;
    };
    if (read(2) !== 2) return false;
    const low = read(1), high = read(1);
    if (((high << 1) | low) === 3) read(1);
    if (read(1) === 1) return false; // show an existing frame
    return read(1) === 0;
  }
  // AV1: a temporal unit that carries a sequence header starts a coded video sequence.
  for (let i = 0; i < d.length;) {
    const header = d[i];
    const type = (header >> 3) & 15;
    if (type === 1) return true;
    const hasSize = (header >> 1) & 1;
    const ext = (header >> 2) & 1;
    i += 1 + ext;
    if (!hasSize) break;
    let size = 0, shift = 0, b: number;
    do {
      b = d[i++];
      size |= (b & 0x7f) << shift;
      shift += 7;
    } while (b & 0x80 && shift < 35);
    i += size;
  }
  return false;
}
