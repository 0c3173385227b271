/// <reference lib="dom" />
/**
 * The page's WebSocket to the viewer, reconnecting with backoff. Binary
 * messages are Viewport frames; text messages are JSON control messages.
 * Before each reconnect a plain request asks whether the viewer is up and
 * still takes this page's token: a refusal (401 or 403) stops the retries,
 * so a page whose viewer restarted with a new token says so instead of
 * retrying forever; a viewer restarted with the same token (`--token-file`)
 * is rejoined without a reload.
 *
 * @module
 */

/** Why the socket is not open. */
export type LinkState = "open" | "lost" | "stopped" | "refused";

/** What the connection reports. */
export interface ConnectionHandlers {
  /** A Viewport frame. */
  frame(bytes: Uint8Array): void;
  /** A control message (already parsed). */
  control(message: Record<string, unknown>): void;
  /**
   * The link changed: `open`; `lost` (reconnecting); `stopped` (the viewer
   * closed on purpose, or is not answering after that: retried quietly);
   * `refused` (the token is not accepted: no more retries).
   */
  status(state: LinkState): void;
}

/** The longest wait between reconnect attempts (ms). */
const MAX_DELAY = 2000;

/**
 * A self-healing WebSocket.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a viewer serving the WebSocket.
 * import { Connection } from "./connection.ts";
 * const conn = new Connection(() => "ws://127.0.0.1:9400/ws?token=...", () => "http://127.0.0.1:9400/alive?token=...", handlers);
 * conn.send(bytes);
 * ```
 */
export class Connection {
  #url: () => string;
  #probe: () => string;
  #handlers: ConnectionHandlers;
  #socket: WebSocket | null = null;
  #delay = 250;
  #closed = false;
  #stopped = false;
  #timer: ReturnType<typeof setTimeout> | undefined;

  /** `url` is asked again on every reconnect (it carries the current session); `probe` is a plain URL. */
  constructor(url: () => string, probe: () => string, handlers: ConnectionHandlers) {
    this.#url = url;
    this.#probe = probe;
    this.#handlers = handlers;
    this.#open();
  }

  /** Sends a frame or a control message; dropped while disconnected. */
  send(data: Uint8Array | string): void {
    if (this.#socket?.readyState === WebSocket.OPEN) this.#socket.send(data);
  }

  /** Closes for good. */
  close(): void {
    this.#closed = true;
    clearTimeout(this.#timer);
    this.#socket?.close();
  }

  #open(): void {
    const ws = new WebSocket(this.#url());
    ws.binaryType = "arraybuffer";
    this.#socket = ws;
    ws.onopen = () => {
      this.#delay = 250;
      this.#stopped = false;
      this.#handlers.status("open");
    };
    ws.onmessage = (e) => {
      if (typeof e.data === "string") {
        let msg: unknown;
        try {
          msg = JSON.parse(e.data);
        } catch {
          return;
        }
        if (msg && typeof msg === "object") this.#handlers.control(msg as Record<string, unknown>);
      } else this.#handlers.frame(new Uint8Array(e.data as ArrayBuffer));
    };
    ws.onclose = (e) => {
      if (this.#socket !== ws) return;
      this.#socket = null;
      if (this.#closed) return;
      // 1001: the viewer is going away (it stopped); anything else is a lost link.
      if (e.code === 1001) this.#stopped = true;
      this.#handlers.status(this.#stopped ? "stopped" : "lost");
      this.#retry();
    };
  }

  #retry(): void {
    this.#timer = setTimeout(() => void this.#check(), this.#delay);
    this.#delay = Math.min(this.#delay * 2, MAX_DELAY);
  }

  /** Asks whether the viewer is up and takes the token, then reconnects or says why not. */
  async #check(): Promise<void> {
    if (this.#closed) return;
    let status: number;
    try {
      const res = await fetch(this.#probe(), { cache: "no-store" });
      status = res.status;
      await res.body?.cancel();
    } catch {
      return this.#retry(); // nothing answers (yet): the viewer is down or restarting
    }
    if (this.#closed) return;
    if (status === 401 || status === 403) {
      this.#handlers.status("refused");
      return;
    }
    this.#open();
  }
}
