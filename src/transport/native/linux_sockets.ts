/**
 * What Deno's TLS server cannot do for its sockets, done on Linux through
 * `/proc` (to find this process's socket by its ports) and libc (FFI):
 * - TCP_NODELAY: `TlsConn` has no `setNoDelay`, and without it Nagle's
 *   algorithm holds a small frame back while an earlier one is
 *   unacknowledged (up to 40 ms, the peer's delayed ACK). Linux copies the
 *   option from a listening socket to every connection accepted from it, so
 *   it is set once, on the listening socket.
 * - Dropping a connection whose TLS handshake never finished: `close()` then
 *   leaves the socket open until the peer closes it (measured with Deno
 *   2.9.6), so a client that connects and stays mute would keep a descriptor
 *   forever. `shutdown()` first ends it for real.
 *
 * @module
 */

import { libc } from "./_libc.ts";

const IPPROTO_TCP = 6;
const TCP_NODELAY = 1;
const TCP_LISTEN = "0A";

// Asks without prompting: a listener must not stop to ask for permissions.
// (libc() asks for FFI the same way.)
function granted(): boolean {
  return Deno.permissions.querySync({ name: "read", path: "/proc/self" }).state === "granted";
}

/**
 * Sets TCP_NODELAY on this process's socket(s) listening on TCP `port`, so
 * that connections accepted from them start with it. Returns false, changing
 * nothing, where that cannot be done: not Linux, no `--allow-ffi` or no read
 * access to `/proc/self`, `VIEWPORT_NO_NATIVE` set, or no such socket.
 *
 * @example
 * ```ts
 * import { setListenerNoDelay } from "./linux_sockets.ts";
 * const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const done = setListenerNoDelay(listener.addr.port);
 * if (Deno.build.os === "linux" && !done) throw new Error("expected TCP_NODELAY to be set");
 * listener.close();
 * ```
 */
export function setListenerNoDelay(port: number): boolean {
  if (Deno.build.os !== "linux" || !granted()) return false;
  const lib = libc();
  if (!lib) return false;
  const fds = socketFds(tcpInodes(port, (listening) => listening));
  const one = new Uint8Array(new Int32Array([1]).buffer);
  let set = 0;
  for (const fd of fds) {
    if (lib.symbols.setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, one, 4) === 0) set++;
  }
  return set > 0 && set === fds.length;
}

/**
 * Whether each of this process's TCP sockets with local `port` that are not
 * listening (accepted connections) has TCP_NODELAY set; for tests. Empty when
 * it cannot be read (see {@linkcode setListenerNoDelay}).
 *
 * @example
 * ```ts
 * import { acceptedNoDelay } from "./linux_sockets.ts";
 * const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * if (acceptedNoDelay(listener.addr.port).length !== 0) throw new Error("nothing accepted yet");
 * listener.close();
 * ```
 */
export function acceptedNoDelay(port: number): boolean[] {
  if (Deno.build.os !== "linux" || !granted()) return [];
  const lib = libc();
  if (!lib) return [];
  return socketFds(tcpInodes(port, (listening) => !listening)).map((fd) => {
    const value = new Int32Array(1);
    const length = new Uint32Array([4]);
    const rc = lib.symbols.getsockopt(
      fd,
      IPPROTO_TCP,
      TCP_NODELAY,
      new Uint8Array(value.buffer),
      new Uint8Array(length.buffer),
    );
    return rc === 0 && value[0] !== 0;
  });
}

/** A connection's far end, as `Deno.NetAddr` gives it (an IP literal and a port). */
export interface RemoteEnd {
  hostname: string;
  port: number;
}

/**
 * Shuts down (both directions) this process's TCP connection from local port
 * `port` to `remote` (address and port: two hosts may use the same port), so
 * that its peer sees the end and the runtime's pending operations on it
 * finish. Call it before `close()`, while the descriptor is surely still this
 * connection's. False where that cannot be done (see
 * {@linkcode setListenerNoDelay}) or no such connection exists.
 *
 * @example
 * ```ts
 * import { shutdownConnection } from "./linux_sockets.ts";
 * const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const client = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
 * const server = await listener.accept();
 * shutdownConnection(listener.addr.port, client.localAddr);
 * if (Deno.build.os === "linux" && await client.read(new Uint8Array(1)) !== null) {
 *   throw new Error("expected the end of the stream");
 * }
 * server.close();
 * client.close();
 * listener.close();
 * ```
 */
export function shutdownConnection(port: number, remote: RemoteEnd): boolean {
  if (Deno.build.os !== "linux" || !granted()) return false;
  const lib = libc();
  if (!lib) return false;
  const address = ipBytes(remote.hostname);
  if (!address) return false;
  const SHUT_RDWR = 2;
  let done = false;
  const match = (listening: boolean, far: string) =>
    !listening && portOf(far) === remote.port && sameBytes(procAddress(far), address);
  for (const fd of socketFds(tcpInodes(port, match))) {
    if (lib.symbols.shutdown(fd, SHUT_RDWR) === 0) done = true;
  }
  return done;
}

// Inodes of TCP sockets (IPv4 and IPv6) with local port `port` for which
// `match(listening, rem_address)` holds.
function tcpInodes(
  port: number,
  match: (listening: boolean, remote: string) => boolean,
): Set<string> {
  const inodes = new Set<string>();
  for (const table of ["/proc/self/net/tcp", "/proc/self/net/tcp6"]) {
    let text: string;
    try {
      text = Deno.readTextFileSync(table);
    } catch {
      continue; // no IPv6 in this kernel, say
    }
    for (const line of text.split("\n").slice(1)) {
      // sl local_address rem_address st tx:rx tr:when retrnsmt uid timeout inode
      const f = line.trim().split(/\s+/);
      if (f.length < 10 || f[9] === "0" || portOf(f[1]) !== port) continue;
      if (match(f[3] === TCP_LISTEN, f[2])) inodes.add(f[9]);
    }
  }
  return inodes;
}

// "0100007F:1F90" -> 8080
function portOf(address: string): number {
  return parseInt(address.slice(address.lastIndexOf(":") + 1), 16);
}

// "0100007F:1F90" -> the 16 bytes of ::ffff:127.0.0.1. The kernel prints each
// 32-bit word of the address in host byte order: little-endian on every
// platform Deno runs on (x86-64, AArch64).
function procAddress(address: string): number[] {
  const hex = address.slice(0, address.lastIndexOf(":"));
  const bytes: number[] = [];
  for (let w = 0; w < hex.length; w += 8) {
    for (let b = 3; b >= 0; b--) bytes.push(parseInt(hex.slice(w + 2 * b, w + 2 * b + 2), 16));
  }
  return bytes.length === 4 ? mapped(bytes) : bytes;
}

// An IP literal's 16 bytes (IPv4 as ::ffff:a.b.c.d), or null when it is not one.
function ipBytes(text: string): number[] | null {
  const v4 = /^(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) return mapped(v4.slice(1).map(Number));
  let rest = text.replace(/^\[|\]$/g, "").replace(/%.*$/, "");
  // A trailing dotted IPv4 part (::ffff:1.2.3.4) as two hex groups.
  const tail = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(rest);
  if (tail) {
    const [a, b, c, d] = tail.slice(1).map(Number);
    rest = rest.slice(0, tail.index) +
      `${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const halves = rest.split("::");
  if (halves.length > 2) return null;
  const groups = (h: string) => h === "" ? [] : h.split(":");
  const [head, after] = [groups(halves[0]), halves.length === 2 ? groups(halves[1]) : []];
  const missing = 8 - head.length - after.length;
  if (halves.length === 1 ? missing !== 0 : missing < 1) return null;
  const words = [...head, ...Array(halves.length === 2 ? missing : 0).fill("0"), ...after];
  if (words.some((g) => !/^[0-9a-f]{1,4}$/i.test(g))) return null;
  return words.flatMap((g) => [parseInt(g, 16) >> 8, parseInt(g, 16) & 0xff]);
}

function mapped(v4: number[]): number[] {
  return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, ...v4];
}

function sameBytes(a: number[], b: number[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

// This process's file descriptors that are sockets with one of `inodes`.
function socketFds(inodes: Set<string>): number[] {
  if (inodes.size === 0) return [];
  const fds: number[] = [];
  try {
    for (const entry of Deno.readDirSync("/proc/self/fd")) {
      let target: string;
      try {
        target = Deno.readLinkSync(`/proc/self/fd/${entry.name}`);
      } catch {
        continue; // closed meanwhile
      }
      const m = /^socket:\[(\d+)\]$/.exec(target);
      if (m && inodes.has(m[1])) fds.push(Number(entry.name));
    }
  } catch {
    return [];
  }
  return fds;
}
