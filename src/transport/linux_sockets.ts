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

const IPPROTO_TCP = 6;
const TCP_NODELAY = 1;
const TCP_LISTEN = "0A";
// `tcpInodes` filters: listening sockets, or connections to any remote port.
const LISTENING = -1;
const CONNECTED = -2;

// deno-lint-ignore no-explicit-any
type Libc = { symbols: any };
let libc: Libc | null | undefined;

function openLibc(): Libc | null {
  if (libc !== undefined) return libc;
  try {
    libc = Deno.dlopen("libc.so.6", {
      setsockopt: { parameters: ["i32", "i32", "i32", "buffer", "u32"], result: "i32" },
      shutdown: { parameters: ["i32", "i32"], result: "i32" },
      getsockopt: { parameters: ["i32", "i32", "i32", "buffer", "buffer"], result: "i32" },
    }) as Libc;
  } catch {
    libc = null;
  }
  return libc;
}

// Asks without prompting: a listener must not stop to ask for permissions.
function granted(): boolean {
  const p = Deno.permissions;
  return p.querySync({ name: "ffi" }).state === "granted" &&
    p.querySync({ name: "read", path: "/proc/self" }).state === "granted";
}

/**
 * Sets TCP_NODELAY on this process's socket(s) listening on TCP `port`, so
 * that connections accepted from them start with it. Returns false, changing
 * nothing, where that cannot be done: not Linux, no `--allow-ffi` or no read
 * access to `/proc/self`, or no such socket.
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
  const lib = openLibc();
  if (!lib) return false;
  const fds = socketFds(tcpInodes(port, LISTENING));
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
  const lib = openLibc();
  if (!lib) return [];
  return socketFds(tcpInodes(port, CONNECTED)).map((fd) => {
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

/**
 * Shuts down (both directions) this process's TCP connection from local port
 * `port` to remote port `remotePort`, so that its peer sees the end and the
 * runtime's pending operations on it finish. Call it before `close()`, while
 * the descriptor is surely still this connection's. False where that cannot
 * be done (see {@linkcode setListenerNoDelay}) or no such connection exists.
 *
 * @example
 * ```ts
 * import { shutdownConnection } from "./linux_sockets.ts";
 * const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
 * const client = await Deno.connect({ hostname: "127.0.0.1", port: listener.addr.port });
 * const server = await listener.accept();
 * shutdownConnection(listener.addr.port, client.localAddr.port);
 * if (Deno.build.os === "linux" && await client.read(new Uint8Array(1)) !== null) {
 *   throw new Error("expected the end of the stream");
 * }
 * server.close();
 * client.close();
 * listener.close();
 * ```
 */
export function shutdownConnection(port: number, remotePort: number): boolean {
  if (Deno.build.os !== "linux" || !granted()) return false;
  const lib = openLibc();
  if (!lib) return false;
  const SHUT_RDWR = 2;
  let done = false;
  for (const fd of socketFds(tcpInodes(port, remotePort))) {
    if (lib.symbols.shutdown(fd, SHUT_RDWR) === 0) done = true;
  }
  return done;
}

// Inodes of TCP sockets (IPv4 and IPv6) with local port `port` and, by
// `remote`: listening, connected to any peer, or connected to that port.
function tcpInodes(port: number, remote: number): Set<string> {
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
      const listening = f[3] === TCP_LISTEN;
      const match = remote === LISTENING
        ? listening
        : !listening && (remote === CONNECTED || portOf(f[2]) === remote);
      if (match) inodes.add(f[9]);
    }
  }
  return inodes;
}

// "0100007F:1F90" -> 8080
function portOf(address: string): number {
  return parseInt(address.slice(address.lastIndexOf(":") + 1), 16);
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
