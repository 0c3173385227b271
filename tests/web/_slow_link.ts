/**
 * A slow link for tests: a unix socket that forwards bytes to another one and
 * back, each chunk `delayMs` late (in order), as a remote connection would.
 *
 * @module
 */

/** A running slow link; `path` is where apps connect. */
export interface SlowLink {
  path: string;
  close(): Promise<void>;
}

/** Listens on `path` and forwards every connection to `target`, `delayMs` each way. */
export function slowLink(path: string, target: string, delayMs: number): SlowLink {
  const listener = Deno.listen({ transport: "unix", path });
  const conns = new Set<Deno.Conn>();
  const pumps: Promise<void>[] = [];
  const pump = async (from: Deno.Conn, to: Deno.Conn) => {
    // One chain of timers keeps the order while each chunk waits its own delay.
    let last = Promise.resolve();
    try {
      while (true) {
        const buf = new Uint8Array(64 * 1024);
        const n = await from.read(buf);
        if (n === null) break;
        const chunk = buf.subarray(0, n);
        const due = performance.now() + delayMs;
        last = last.then(async () => {
          const wait = due - performance.now();
          if (wait > 0) await new Promise((r) => setTimeout(r, wait));
          try {
            await to.write(chunk);
          } catch { /* the other end is gone */ }
        });
      }
    } catch { /* closed */ }
    await last;
    try {
      await to.closeWrite();
    } catch { /* already closed */ }
  };
  const accepting = (async () => {
    for await (const app of listener) {
      const viewer = await Deno.connect({ transport: "unix", path: target });
      conns.add(app);
      conns.add(viewer);
      pumps.push(pump(app, viewer), pump(viewer, app));
    }
  })().catch(() => {});
  return {
    path,
    async close() {
      listener.close();
      for (const c of conns) {
        try {
          c.close();
        } catch { /* already closed */ }
      }
      await accepting;
      await Promise.allSettled(pumps);
    },
  };
}
