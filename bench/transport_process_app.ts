/**
 * The app side of bench/transport_process_bench.ts, in its own process:
 * connects to the given port and, on each request from the viewer, sends a
 * burst of 64 KiB frames (raw: one byte asks, the same bytes are written one
 * write per frame; framed: any frame asks, frames go through `send`).
 *
 *   deno run -A bench/transport_process_app.ts raw|framed tcp|unix ADDRESS
 *
 * @module
 */
import { encodeFrame } from "../src/protocol/frame.ts";
import { connect } from "../src/transport/registry.ts";

/** Frames per burst, and their payload size. */
export const BURST = 128;
export const PAYLOAD = 64 * 1024;

if (import.meta.main) {
  const [mode, kind, address] = Deno.args;
  const frame = encodeFrame(0x05, new Uint8Array(PAYLOAD));
  if (mode === "raw") {
    const conn = kind === "unix"
      ? await Deno.connect({ transport: "unix", path: address })
      : await Deno.connect({ hostname: "127.0.0.1", port: Number(address) });
    if ("setNoDelay" in conn) conn.setNoDelay(true);
    const ask = new Uint8Array(1);
    while (await conn.read(ask) !== null) {
      for (let i = 0; i < BURST; i++) {
        let off = 0;
        while (off < frame.length) off += await conn.write(frame.subarray(off));
      }
    }
  } else {
    const uri = kind === "unix" ? `unix://${address}` : `tcp://127.0.0.1:${address}`;
    const app = await connect(uri);
    for await (const _ of app.frames()) {
      for (let i = 0; i < BURST; i++) await app.send(frame);
    }
  }
}
