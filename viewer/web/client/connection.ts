/// <reference lib="dom" />
/**
 * The page's WebSocket to the viewer, reconnecting with backoff. Binary
 * messages are Viewport frames; text messages are JSON control messages.
 *
 * @module
 */

/** What the connection reports. */
export interface ConnectionHandlers {
  /** A Viewport frame. */
  frame(bytes: Uint8Array): void;
  /** A control message (already parsed). */
  control(message: Record<string, unknown>): void;
  /** The socket opened (`true`) or closed (`false`). */
  status(open: boolean): void;
}

/**
 * A self-healing WebSocket.
 *
 * @example
 * ```ts ignore
 * // Not run as a doc test: needs a viewer serving the WebSocket.
 * import { Connection } from "./connection.ts";
 * const conn = new Connection(() => "ws://127.0.0.1:9400/ws?token=...", handlers);
 * conn.send(bytes);
 * ```
 */
export class Connection {
  #url: () => string;
  #handlers: ConnectionHandlers;
  #socket: WebSocket | null = null;
  #delay = 250;
  #closed = false;

  /** `url` is asked again on every reconnect (it carries the current session). */
  constructor(url: () => string, handlers: ConnectionHandlers) {
    this.#url = url;
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
    this.#socket?.close();
  }

  #open(): void {
    const ws = new WebSocket(this.#url());
    ws.binaryType = "arraybuffer";
    this.#socket = ws;
    ws.onopen = () => {
      this.#delay = 250;
      this.#handlers.status(true);
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
    ws.onclose = () => {
      if (this.#socket !== ws) return;
      this.#socket = null;
      this.#handlers.status(false);
      if (this.#closed) return;
      setTimeout(() => this.#open(), this.#delay);
      this.#delay = Math.min(this.#delay * 2, 5000);
    };
  }
}
