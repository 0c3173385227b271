/**
 * Options of `connect` and `listen`, shared by every scheme.
 *
 * @module
 */
import type { TransportOptions } from "./stream_transport.ts";

/** Options of `connect(uri)` (the app side). */
export interface ConnectOptions extends TransportOptions {
  /**
   * Bearer token to present; overrides the URI's `token`. tcp/tls send it as a
   * first line `Authorization: Bearer TOKEN`, ws/wss as that HTTP header.
   */
  token?: string;
  /** How long to wait for the connection to be established, in ms. Default 10000. */
  connectTimeout?: number;
}

/** Options of `listen(uri)` (the viewer side). */
export interface ListenOptions extends TransportOptions {
  /**
   * Token every peer must present (compared in constant time); overrides the
   * URI's `token`. Required for a tcp/tls/ws/wss listener beyond loopback.
   */
  token?: string;
  /**
   * Let a network listener bind beyond loopback without a token (and, for
   * tls/wss, without client certificates). Off by default: only for trusted
   * networks.
   */
  allowInsecureRemote?: boolean;
  /** How long a peer has to present its token, in ms. Default 10000. */
  authTimeout?: number;
  /**
   * Told about each connection refused before it became a transport (wrong or
   * missing token, failed TLS handshake). The error never contains a token.
   */
  onRejected?: (error: Error) => void;
  /**
   * tls:// only: which TLS server to run. By default Deno's own where it can
   * give accepted connections TCP_NODELAY (Linux, `--allow-ffi`) and clients
   * need no certificates, else `node:tls`; mutual TLS always uses `node`.
   * For tests and benchmarks.
   */
  tlsServer?: "deno" | "node";
}

/** Default {@linkcode ConnectOptions.connectTimeout} and {@linkcode ListenOptions.authTimeout}. */
export const DEFAULT_HANDSHAKE_TIMEOUT = 10_000;
