/**
 * One suite for every kind of {@linkcode ByteChannel}: what the stream
 * transport relies on, checked against a real peer over a real socket.
 */
import net from "node:net";
import { assert, assertEquals } from "../../../tests/_util/assert.ts";
import { makeTestCerts } from "../../../tests/transport/certs.ts";
import { nodeTlsPair } from "../../../tests/transport/tls_pair.ts";
import { type ByteChannel, denoConnChannel, ReadSlabs } from "../core/mod.ts";
import { slabSocketChannel } from "./fd_socket_channel.ts";
import { nodeSocketChannel } from "./node_socket_channel.ts";
import { tlsSocketChannel } from "./tls_socket_channel.ts";

/** Our channel and the peer's connection (a plain Deno socket); `stop` closes the peer. */
interface Pair {
  ours: ByteChannel;
  peer: Deno.Conn;
  stop(): Promise<void>;
}

interface Kind {
  name: string;
  /** True when the channel can read into a frame reader's slabs. */
  slabs: boolean;
  /**
   * True when the runtime reads before anyone asks (`onread`): a read may
   * fill its region to the slab's end, and the tail then moves in front of
   * the next slab's bytes instead of growing where it is.
   */
  readsAhead?: boolean;
  open(): Promise<Pair>;
}

/** A TCP listener on loopback; `ours` is made from the connecting side. */
async function tcpPair(make: (port: number) => Promise<ByteChannel>): Promise<Pair> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const accepted = listener.accept();
  const ours = await make(listener.addr.port);
  const peer = await accepted;
  listener.close();
  return { ours, peer, stop: () => Promise.resolve(peer.close()) };
}

async function nodeConnect(port: number, onread?: unknown): Promise<net.Socket> {
  const socket = net.connect({ port, host: "127.0.0.1", onread } as net.NetConnectOpts);
  await new Promise((r) => socket.once("connect", r));
  return socket;
}

let certs: Awaited<ReturnType<typeof makeTestCerts>> | null = null;

const KINDS: Kind[] = [
  {
    name: "denoConnChannel (a Deno socket)",
    slabs: true,
    open: () => tcpPair(async (port) => denoConnChannel(await Deno.connect({ port }))),
  },
  {
    name: "nodeSocketChannel (Node's chunks as they come)",
    slabs: false,
    open: () => tcpPair(async (port) => nodeSocketChannel(await nodeConnect(port))),
  },
  {
    name: "nodeSocketChannel with slabs (chunks copied into the reader's slabs)",
    slabs: true,
    open: () =>
      tcpPair(async (port) => nodeSocketChannel(await nodeConnect(port), { slabs: true })),
  },
  {
    name: "slabSocketChannel (onread: Node reads ahead into the reader's slabs)",
    slabs: true,
    readsAhead: true,
    open: () =>
      tcpPair((port) =>
        Promise.resolve(
          slabSocketChannel((onread) =>
            net.connect({ port, host: "127.0.0.1", onread } as net.NetConnectOpts)
          ),
        )
      ),
  },
  {
    name: "tlsSocketChannel (node:tls, decrypted into the reader's slabs where it can)",
    slabs: true,
    readsAhead: true,
    async open() {
      certs ??= await makeTestCerts();
      const { socket, conn, stop } = await nodeTlsPair(certs);
      return { ours: tlsSocketChannel(socket), peer: conn, stop };
    },
  },
];

// Byte i of the stream; 251 is prime, so a byte landing in the wrong place shows.
const pattern = (from: number, n: number) =>
  Uint8Array.from({ length: n }, (_, i) => (from + i) % 251);
const TOTAL = 3_000_000;

/** The peer writes `TOTAL` pattern bytes in writes of varied sizes, then ends its side. */
async function peerSends(peer: Deno.Conn): Promise<void> {
  const sizes = [1, 7, 100, 4096, 65_536, 300_000];
  for (let at = 0, i = 0; at < TOTAL; i++) {
    const n = Math.min(sizes[i % sizes.length], TOTAL - at);
    const bytes = pattern(at, n);
    for (let off = 0; off < n;) off += await peer.write(bytes.subarray(off));
    at += n;
  }
  await peer.closeWrite();
}

function checkPattern(bytes: Uint8Array, from: number, what: string): void {
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] !== (from + i) % 251) throw new Error(`${what}: byte ${from + i} is wrong`);
  }
}

for (const kind of KINDS) {
  Deno.test(`byte channel conformance: ${kind.name}`, async (t) => {
    await t.step(
      "every byte arrives in order; views handed out are never written over",
      async () => {
        const { ours, peer, stop } = await kind.open();
        const sending = peerSends(peer);
        const views: Uint8Array[] = [];
        let got = 0;
        for (let bytes; (bytes = await ours.read()) !== null;) {
          views.push(bytes);
          got += bytes.length;
        }
        await sending;
        assertEquals(got, TOTAL);
        let at = 0;
        for (const v of views) {
          checkPattern(v, at, "a kept view");
          at += v.length;
        }
        ours.close();
        await stop();
      },
    );

    await t.step(
      "slabReads: reads land in the reader's slabs and a tail grows in place",
      async () => {
        const { ours, peer, stop } = await kind.open();
        assertEquals(ours.slabReads !== null, kind.slabs);
        if (!ours.slabReads) {
          ours.close();
          await stop();
          return;
        }
        const slabs = new ReadSlabs();
        const read = ours.slabReads(slabs);
        const sending = peerSends(peer);
        // As the frame reader does: the last bytes of each read are an
        // unfinished frame passed back as the tail, wanting 5000 bytes more.
        let tail: Uint8Array | null = null;
        let done = 0; // bytes before the tail
        let inPlace = 0;
        for (;;) {
          const bytes: Uint8Array | null = await read(tail, tail ? tail.length + 5000 : 0);
          if (bytes === null) break;
          if (tail) {
            assert(bytes.length > tail.length, "a read with a tail brings new bytes");
            if (bytes.buffer === tail.buffer && bytes.byteOffset === tail.byteOffset) inPlace++;
          }
          checkPattern(bytes, done, "a read");
          const keep = Math.min(100, bytes.length);
          done += bytes.length - keep;
          tail = bytes.subarray(bytes.length - keep);
          slabs.release(tail.buffer);
        }
        await sending;
        assertEquals(done + (tail?.length ?? 0), TOTAL);
        if (!kind.readsAhead) assert(inPlace > 0, "some tails grew where they were");
        ours.close();
        await stop();
      },
    );

    await t.step("close ends a pending read with null; write reaches the peer", async () => {
      const { ours, peer, stop } = await kind.open();
      const sent = pattern(0, 200_000);
      await ours.write(sent);
      const got = new Uint8Array(sent.length);
      for (let at = 0; at < got.length;) {
        const n = await peer.read(got.subarray(at));
        assert(n !== null, "the peer got everything before the end");
        at += n;
      }
      assertEquals(got, sent);
      const pending = ours.read();
      ours.close();
      ours.close();
      assertEquals(await pending, null);
      await stop();
    });
  });
}

Deno.test("byte channel conformance: the test certificates are removed", () => {
  certs?.remove();
  certs = null;
});
