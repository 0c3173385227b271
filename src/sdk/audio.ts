/**
 * `conn.audio`: sounds from the app side. `play("bell")` and
 * `play("notification", {text})` go to any viewer (a browser plays them with
 * WebAudio, a terminal rings its bell or shows a notification); `stream()`
 * sends Opus packets that a browser decodes and plays. A viewer that cannot
 * play something answers ERROR `unsupported` (the connection's `error`
 * event); ENV `audio_decode` says beforehand whether streams will play.
 *
 * @module
 */
import type { AudioMessage, EnvMessage } from "../protocol/messages/types.ts";

/** The builtin sounds (decisions.md). */
export type BuiltinSound = "bell" | "notification";

/** Options of {@linkcode AudioApi.stream}. */
export interface AudioStreamOptions {
  /** Only `"opus"` (raw Opus packets, as in an Ogg Opus file's audio pages). */
  format?: "opus";
  /** Default 48000. */
  sampleRate?: number;
  /** 1 or 2; default 2. */
  channels?: number;
  /** Names the stream (several may play at once); default `"main"`. */
  id?: string;
}

/** A running audio stream. */
export interface AudioStream {
  /** The stream's id. */
  readonly id: string;
  /**
   * Sends encoded packets; `timestamp` (microseconds) of the first one, by
   * default right after the previous write (20 ms per packet).
   */
  write(packets: Uint8Array | readonly Uint8Array[], timestamp?: number): void;
  /** Ends the stream; what was sent still plays out. */
  stop(): void;
}

/**
 * The audio half of a connection.
 *
 * @example
 * ```ts
 * import { AudioApi } from "./audio.ts";
 * const sent: unknown[] = [];
 * const audio = new AudioApi((m) => sent.push(m), () => ({ type: "ENV", audio_decode: ["opus"] }));
 * audio.play("bell");
 * const s = audio.stream({ channels: 1 });
 * s.write(new Uint8Array([0xf8, 0xff, 0xfe]));
 * if (sent.length !== 2 || !audio.canStream) throw new Error();
 * ```
 */
export class AudioApi {
  #send: (m: AudioMessage) => void;
  #env: () => EnvMessage;

  constructor(send: (m: AudioMessage) => void, env: () => EnvMessage) {
    this.#send = send;
    this.#env = env;
  }

  /** True when the viewer says it decodes Opus streams (ENV `audio_decode`). */
  get canStream(): boolean {
    return this.#env().audio_decode?.includes("opus") ?? false;
  }

  /** Plays a builtin sound; a notification may carry a line of text. */
  play(builtin: BuiltinSound, options: { text?: string } = {}): void {
    const m: AudioMessage = { type: "AUDIO", action: "play", builtin };
    if (options.text !== undefined) m.text = options.text;
    this.#send(m);
  }

  /** Starts an Opus stream. */
  stream(options: AudioStreamOptions = {}): AudioStream {
    const id = options.id ?? "main";
    const sampleRate = options.sampleRate ?? 48_000;
    const channels = options.channels ?? 2;
    let next = 0;
    const send = this.#send;
    return {
      id,
      write(packets, timestamp) {
        const list = packets instanceof Uint8Array ? [packets] : [...packets];
        if (list.length === 0) return;
        const t = timestamp ?? next;
        next = t + list.length * 20_000;
        send({
          type: "AUDIO",
          action: "stream",
          format: options.format ?? "opus",
          stream: id,
          sample_rate: sampleRate,
          channels,
          timestamp: t,
          packets: list,
        });
      },
      stop() {
        send({ type: "AUDIO", action: "stop", stream: id });
      },
    };
  }
}
