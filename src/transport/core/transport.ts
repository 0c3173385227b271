/**
 * The one small interface every transport implements: whole frames in, whole
 * frames out, close, and facts about the peer. Apps get a `Transport` from
 * `connect(uri)`; viewers get them from a `Listener`.
 *
 * @module
 */
import type { Frame } from "../../protocol/frame.ts";

/** What is known about a connection, safe to log (never a token or full URI). */
export interface PeerInfo {
  /** The URI scheme, e.g. `"unix"`, `"ws"`, `"memory"`. */
  scheme: string;
  /** The peer, sanitized: a host:port, a socket path, `fd:3`, a pid… */
  peer?: string;
  /** The local end, sanitized. */
  local?: string;
}

/** Why a transport closed. */
export interface CloseInfo {
  /** True when this side called `close()`. */
  local: boolean;
  /** The error that ended the connection (framing, I/O, peer died mid-frame). */
  error?: Error;
}

/**
 * A connected, framed, bidirectional channel.
 *
 * `send` takes a whole frame (header + payload) that the caller will not touch
 * again. Frames sent in one tick may be coalesced into one write. The returned
 * promise resolves once the frame is buffered below the transport's high-water
 * mark, so a writer that awaits it never buffers without bound; it rejects with
 * a `ViewportError` coded `closed` after the connection ended.
 */
/** How the one consumer of {@linkcode Transport.frames} uses its frames. */
export interface FramesOptions {
  /**
   * Each frame is used only until the consumer asks for the next one: it is
   * decoded at once, and no `Frame` or payload view is kept. The transport may
   * then read new bytes into that memory (read slabs are recycled instead of
   * allocated: 64 KiB frames over unix sockets go ~2x faster). Only the code
   * that decodes can promise this, so it asks here; where a transport cannot
   * reuse its buffers this changes nothing. Default false.
   */
  transient?: boolean;
}

export interface Transport {
  /** Facts about the connection, for logs and the viewer's session list. */
  readonly info: PeerInfo;
  /** Queues one whole frame for writing. */
  send(frame: Uint8Array): Promise<void>;
  /**
   * The peer's frames, in order; ends when the connection closes. One
   * consumer. With `{ transient: true }` the consumer promises to use each
   * frame only until it asks for the next one (see {@linkcode FramesOptions}).
   */
  frames(options?: FramesOptions): AsyncIterableIterator<Frame>;
  /** Flushes what is buffered (best effort), then closes. Idempotent. */
  close(): Promise<void>;
  /** Resolves once the connection is closed from either side. */
  readonly closed: Promise<CloseInfo>;
  /**
   * Bytes sent but not yet taken by the peer (queued here or in the socket's
   * buffer), where the transport can tell. A viewer closes a peer whose
   * backlog grows past its limit (the peer is not reading).
   */
  readonly bufferedAmount?: number;
}

/** A listening endpoint that yields one `Transport` per peer. */
export interface Listener {
  /** A URI that peers can connect to (tokens included: never log it). */
  readonly uri: string;
  /** Facts about the endpoint, safe to log. */
  readonly info: PeerInfo;
  /** Accepted connections; ends when the listener closes. */
  [Symbol.asyncIterator](): AsyncIterator<Transport>;
  /** Stops accepting and frees the endpoint (e.g. removes a unix socket file). */
  close(): Promise<void>;
}
