// Minimal types for the `ws` package, as this project uses it. The package's
// own @types pull in a standalone @types/node that conflicts with Deno's
// built-in Node types, so they are deliberately not used.

/** Options of the `ws` client constructor that Viewport passes. */
export interface WsClientOptions {
  headers?: Record<string, string>;
  perMessageDeflate?: boolean;
  maxPayload?: number;
  handshakeTimeout?: number;
  ca?: string;
  cert?: string;
  key?: string;
  rejectUnauthorized?: boolean;
}

/** The `ws` package's client WebSocket (the members Viewport uses). */
export default class WebSocket {
  constructor(url: string, options?: WsClientOptions);
  readonly bufferedAmount: number;
  send(data: Uint8Array, options: { binary: boolean }, cb: (err?: Error) => void): void;
  close(code?: number, reason?: string): void;
  terminate(): void;
  pause(): void;
  resume(): void;
  once(event: "open", fn: () => void): this;
  once(event: "error", fn: (err: Error) => void): this;
  removeListener(event: string, fn: (...args: never[]) => void): this;
  on(event: "message", fn: (data: unknown, isBinary: boolean) => void): this;
  on(event: "close", fn: (code: number, reason: Uint8Array) => void): this;
  on(event: "error", fn: (err: Error) => void): this;
}
