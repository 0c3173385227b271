/**
 * What a message-based socket (a WebSocket) must offer the framed
 * {@linkcode MessageTransport}: its own module, so the transport and its send
 * queue both name it without importing each other.
 *
 * @module
 */
/** The events a {@linkcode MessageSocket} reports to its transport. */
export interface MessageSocketEvents {
  /** A whole message arrived (binary as bytes, text as a string). */
  message(data: Uint8Array | string): void;
  /** The connection closed (always reported, also after `error`). */
  close(code: number, reason: string): void;
  /** Something failed; a `close` follows. */
  error(err: Error): void;
}

/** What {@linkcode MessageTransport} needs from a WebSocket implementation. */
export interface MessageSocket {
  /** Registers the transport's event handlers (called once, before any event). */
  listen(events: MessageSocketEvents): void;
  /** Queues one binary message. */
  send(data: Uint8Array): void;
  /** Resolves once at most `limit` bytes wait to be written (or the socket closed). */
  whenBelow(limit: number): Promise<void>;
  /** Bytes queued by `send` and not yet written. */
  readonly bufferedAmount: number;
  /**
   * Unsent bytes the socket should hold at most before the transport keeps
   * further frames back itself (default: no limit). Only for sockets whose
   * `whenBelow` is driven by write completions, not by polling.
   */
  readonly sendWindow?: number;
  /** Starts the closing handshake. */
  close(code: number, reason: string): void;
  /** Drops the connection at once. */
  terminate(): void;
  /** Stops delivering messages (optional: not every implementation can). */
  pause?(): void;
  /** Resumes delivering messages. */
  resume?(): void;
}
