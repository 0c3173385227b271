/**
 * A burst of connections against the two accept paths, side by side in one
 * run (a script: the numbers are per connection, not iterations):
 *
 *   deno run -A bench/accept_burst.ts [--conns N] [--rounds R]
 *
 * N connections (default 1,000) from another process, each writing a byte at
 * once, to `acceptInto` over `Deno.listen` (tcp://, unix://, token tls://)
 * and to `nodeServerInto` over a `node:net` server (socket activation,
 * mutual-TLS tls://, Windows pipes). Per path: how many connections were
 * accepted before the first accepted one was read, the time from the first
 * accept to the last, and the longest wait from a connection's accept to its
 * first read (what a viewer's grace period for silent connections must cover).
 *
 * @module
 */
import net from "node:net";
import { memoryPair } from "../src/transport/core/mod.ts";
import { acceptInto } from "../src/transport/io/deno_accept.ts";
import { nodeServerInto, serverListening } from "../src/transport/io/node_accept.ts";

const arg = (name: string, fallback: number) => {
  const i = Deno.args.indexOf(`--${name}`);
  return i >= 0 ? Number(Deno.args[i + 1]) : fallback;
};
const n = arg("conns", 1_000);
const rounds = arg("rounds", 2);

interface Burst {
  acceptedBeforeFirstRead: number;
  acceptSpanMs: number;
  worstWaitMs: number;
}

async function burst(path: "deno" | "node"): Promise<Burst> {
  let accepted = 0;
  const acceptAt: number[] = [];
  const readAt: number[] = [];
  const seenAt: number[] = [];
  const onAccept = () => {
    const i = accepted++;
    acceptAt[i] = performance.now();
    return (_: unknown) => {
      readAt[i] = performance.now();
      seenAt[i] = accepted;
    };
  };
  let port: number;
  let close: () => Promise<void>;
  const info = { scheme: "tcp" };
  if (path === "deno") {
    const raw = Deno.listen({ hostname: "127.0.0.1", port: 0 });
    port = raw.addr.port;
    const listener = acceptInto(raw, "tcp://bench", info, {
      wrap: (conn) => {
        void conn.read(new Uint8Array(8)).then(onAccept());
        return memoryPair()[0];
      },
    });
    close = () => listener.close();
  } else {
    const server = net.createServer();
    await serverListening(server, { host: "127.0.0.1", port: 0, backlog: 4096 });
    port = (server.address() as net.AddressInfo).port;
    const listener = nodeServerInto(server, "tcp://bench", info, {
      wrap: (socket) => {
        socket.once("data", onAccept());
        socket.on("error", () => {});
        return memoryPair()[0];
      },
    });
    close = () => listener.close();
  }
  const clients = new Deno.Command(Deno.execPath(), {
    args: [
      "eval",
      `const all = await Promise.all(Array.from({ length: ${n} }, async () => {
        const c = await Deno.connect({ hostname: "127.0.0.1", port: ${port} });
        await c.write(new Uint8Array([1]));
        return c;
      }));
      await new Promise((r) => setTimeout(r, 60_000));`,
    ],
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  while (readAt.filter((t) => t !== undefined).length < n) {
    await new Promise((r) => setTimeout(r, 10));
  }
  clients.kill();
  await clients.status;
  await close();
  return {
    acceptedBeforeFirstRead: seenAt[0],
    acceptSpanMs: Math.max(...acceptAt) - Math.min(...acceptAt),
    worstWaitMs: Math.max(...readAt.map((t, i) => t - acceptAt[i])),
  };
}

const rows = [[
  "accept path",
  "accepted before the first read",
  "first to last accept ms",
  "worst accept-to-read ms",
]];
for (let round = 1; round <= rounds; round++) {
  for (const path of ["deno", "node"] as const) {
    const b = await burst(path);
    rows.push([
      `${path === "deno" ? "acceptInto (Deno.listen)" : "nodeServerInto (node:net)"} #${round}`,
      String(b.acceptedBeforeFirstRead),
      b.acceptSpanMs.toFixed(0),
      b.worstWaitMs.toFixed(0),
    ]);
  }
}
console.log(`${n} connections; load average ${Deno.loadavg().map((l) => l.toFixed(2)).join(" ")}`);
const widths = rows[0].map((_, c) => Math.max(...rows.map((r) => r[c].length)));
for (const r of rows) console.log("| " + r.map((v, c) => v.padEnd(widths[c])).join(" | ") + " |");
