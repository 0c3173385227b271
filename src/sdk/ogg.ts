/**
 * Ogg Opus to Opus packets (RFC 7845): what AUDIO `stream` carries. Reads
 * pages incrementally, joins packets across pages, takes the channel count
 * and pre-skip from `OpusHead` and drops `OpusTags`.
 *
 * @module
 */

/** What `OpusHead` says. */
export interface OpusHead {
  channels: number;
  preSkip: number;
  inputSampleRate: number;
}

/**
 * An incremental Ogg Opus reader.
 *
 * @example
 * ```ts
 * import { OggOpusReader } from "./ogg.ts";
 * const r = new OggOpusReader();
 * const packets = [...r.push(new Uint8Array(0))];
 * if (packets.length !== 0 || r.head !== undefined) throw new Error();
 * ```
 */
export class OggOpusReader {
  head: OpusHead | undefined;
  #buf = new Uint8Array(0);
  #partial: Uint8Array[] = [];
  #packets = 0;

  /** Feeds bytes; yields the audio packets completed by them. */
  *push(bytes: Uint8Array): Generator<Uint8Array> {
    const buf = new Uint8Array(this.#buf.length + bytes.length);
    buf.set(this.#buf);
    buf.set(bytes, this.#buf.length);
    let at = 0;
    while (at + 27 <= buf.length) {
      if (
        buf[at] !== 0x4f || buf[at + 1] !== 0x67 || buf[at + 2] !== 0x67 || buf[at + 3] !== 0x53
      ) {
        throw new RangeError(`not an Ogg stream (no OggS at byte ${at})`);
      }
      const nsegs = buf[at + 26];
      if (at + 27 + nsegs > buf.length) break;
      let size = 0;
      for (let i = 0; i < nsegs; i++) size += buf[at + 27 + i];
      const dataAt = at + 27 + nsegs;
      if (dataAt + size > buf.length) break;
      let off = dataAt;
      for (let i = 0; i < nsegs; i++) {
        const len = buf[at + 27 + i];
        this.#partial.push(buf.subarray(off, off + len));
        off += len;
        if (len < 255) {
          const packet = join(this.#partial);
          this.#partial = [];
          const p = this.#take(packet);
          if (p) yield p;
        }
      }
      at = dataAt + size;
    }
    this.#buf = buf.slice(at);
    if (this.#buf.length > 1 << 20) throw new RangeError("an Ogg page exceeds 1 MiB");
  }

  #take(packet: Uint8Array): Uint8Array | null {
    const n = this.#packets++;
    if (n === 0) {
      const magic = String.fromCharCode(...packet.subarray(0, 8));
      if (magic !== "OpusHead") throw new RangeError("not an Ogg Opus stream (no OpusHead)");
      const v = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
      this.head = {
        channels: packet[9],
        preSkip: v.getUint16(10, true),
        inputSampleRate: v.getUint32(12, true),
      };
      return null;
    }
    if (n === 1) return null; // OpusTags
    return packet;
  }
}

function join(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0].slice();
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
