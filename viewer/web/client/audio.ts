/// <reference lib="dom" />
/**
 * AUDIO in the browser. Builtins are synthesized with WebAudio (a short bell,
 * a two-note chime for `notification`); `stream` packets are decoded with
 * WebCodecs `AudioDecoder` (Opus) and scheduled back to back. Browsers start
 * audio only after a user gesture: until the first click or key press the
 * page shows a line saying sound is waiting for one, and sounds asked for
 * before it are dropped (a late bell would only confuse).
 *
 * @module
 */
import type { AudioMessage } from "../../../src/protocol/messages/types.ts";

/** Counters for tests and the curious. */
export interface AudioStats {
  /** Builtins played (after a gesture). */
  played: number;
  /** Builtins asked for before any gesture. */
  blocked: number;
  /** Decoded stream samples (per channel). */
  samples: number;
  /** Packets decoded. */
  packets: number;
}

interface Stream {
  decoder: AudioDecoder;
  /** AudioContext time the next decoded buffer starts at. */
  next: number;
  sampleRate: number;
  channels: number;
}

/** What the page is told to show about sound. */
export type AudioNotice = (text: string | null) => void;

/**
 * The page's sound output (one per page: every session shares it).
 *
 * @example
 * ```ts ignore
 * import { AudioOut } from "./audio.ts";
 * const out = new AudioOut((text) => banner.textContent = text ?? "", reportError);
 * out.handle({ type: "AUDIO", action: "play", builtin: "bell" });
 * ```
 */
export class AudioOut {
  readonly stats: AudioStats = { played: 0, blocked: 0, samples: 0, packets: 0 };
  #ctx: AudioContext | null = null;
  #gesture = false;
  #notice: AudioNotice;
  #report: (code: string, message: string) => void;
  #streams = new Map<string, Stream>();

  constructor(notice: AudioNotice, report: (code: string, message: string) => void) {
    this.#notice = notice;
    this.#report = report;
    const unlock = () => {
      this.#gesture = true;
      this.#notice(null);
      void this.#context()?.resume();
      removeEventListener("pointerdown", unlock, true);
      removeEventListener("keydown", unlock, true);
    };
    addEventListener("pointerdown", unlock, true);
    addEventListener("keydown", unlock, true);
  }

  /** The AudioContext's state ("suspended" until a gesture; "running" after). */
  get state(): AudioContextState | "none" {
    return this.#ctx?.state ?? "none";
  }

  #context(): AudioContext | null {
    if (!this.#ctx && typeof AudioContext !== "undefined") this.#ctx = new AudioContext();
    return this.#ctx;
  }

  /** Plays or streams what an AUDIO message asks. */
  handle(m: AudioMessage): void {
    if (m.action === "play") return this.#play(m.builtin ?? "", m.text);
    if (m.action === "stream") return this.#stream(m);
    if (m.action === "stop") {
      const s = this.#streams.get(m.stream ?? "main");
      if (s) {
        void s.decoder.flush().catch(() => {}).finally(() => s.decoder.close());
        this.#streams.delete(m.stream ?? "main");
      }
    }
  }

  #play(builtin: string, text?: string): void {
    const ctx = this.#context();
    if (!ctx) return this.#report("unsupported", "AUDIO play: this browser has no WebAudio");
    if (!this.#gesture || ctx.state !== "running") {
      void ctx.resume().catch(() => {});
      if (!this.#gesture) {
        this.stats.blocked++;
        this.#notice(`Sound is off until you click or press a key${text ? ` (${text})` : ""}`);
        return;
      }
    }
    const t = ctx.currentTime + 0.01;
    const notes = builtin === "notification"
      ? [[660, 0, 0.18], [990, 0.16, 0.3]]
      : [[880, 0, 0.25]];
    for (const [freq, at, len] of notes) {
      const osc = ctx.createOscillator();
      const gain = ctx.createGain();
      osc.type = "sine";
      osc.frequency.value = freq;
      gain.gain.setValueAtTime(0.0001, t + at);
      gain.gain.exponentialRampToValueAtTime(0.3, t + at + 0.01);
      gain.gain.exponentialRampToValueAtTime(0.0001, t + at + len);
      osc.connect(gain).connect(ctx.destination);
      osc.start(t + at);
      osc.stop(t + at + len + 0.02);
    }
    this.stats.played++;
  }

  #stream(m: AudioMessage): void {
    if (typeof AudioDecoder === "undefined") {
      return this.#report(
        "unsupported",
        "AUDIO stream: this browser has no WebCodecs AudioDecoder",
      );
    }
    const id = m.stream ?? "main";
    if (!this.#gesture) this.#notice("Sound is off until you click or press a key");
    const sampleRate = m.sample_rate ?? 48_000, channels = m.channels ?? 2;
    let s = this.#streams.get(id);
    if (s && (s.sampleRate !== sampleRate || s.channels !== channels)) {
      s.decoder.close();
      s = undefined;
    }
    if (!s) {
      const stream: Stream = {
        decoder: new AudioDecoder({
          output: (data) => this.#output(stream, data),
          error: (e) => this.#report("bad_message", `AUDIO stream ${id}: ${e.message}`),
        }),
        next: 0,
        sampleRate,
        channels,
      };
      stream.decoder.configure({
        codec: m.format ?? "opus",
        sampleRate,
        numberOfChannels: channels,
      });
      this.#streams.set(id, stream);
      s = stream;
    }
    const packets = m.packets ?? (m.data ? [m.data] : []);
    let t = m.timestamp ?? 0;
    for (const p of packets) {
      try {
        s.decoder.decode(
          new EncodedAudioChunk({ type: "key", timestamp: t, data: p as Uint8Array<ArrayBuffer> }),
        );
      } catch (err) {
        this.#report("bad_message", `AUDIO stream ${id}: ${(err as Error).message}`);
        return;
      }
      t += 20_000;
    }
  }

  #output(s: Stream, data: AudioData): void {
    this.stats.samples += data.numberOfFrames;
    this.stats.packets++;
    const ctx = this.#ctx ?? this.#context();
    if (!ctx || ctx.state !== "running") {
      // Nobody may hear it yet: decoded (and counted) but not played.
      data.close();
      return;
    }
    const buffer = ctx.createBuffer(data.numberOfChannels, data.numberOfFrames, data.sampleRate);
    for (let c = 0; c < data.numberOfChannels; c++) {
      const plane = new Float32Array(data.numberOfFrames);
      data.copyTo(plane, { planeIndex: c, format: "f32-planar" });
      buffer.copyToChannel(plane, c);
    }
    data.close();
    const src = ctx.createBufferSource();
    src.buffer = buffer;
    src.connect(ctx.destination);
    s.next = Math.max(s.next, ctx.currentTime + 0.05);
    src.start(s.next);
    s.next += buffer.duration;
  }
}
