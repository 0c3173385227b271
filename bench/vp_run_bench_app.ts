/**
 * The app side of `bench/vp_run_bench.ts`: connects to `VIEWPORT` (whatever
 * the scheme), says hello with its name (argument 1), then answers each frame
 * from the viewer: a CBOR unsigned integer N asks for a burst of N frames of
 * 200-byte payload; anything else is echoed back unchanged. Exits when the
 * connection ends.
 *
 *   deno run -A bench/vp_run_bench_app.ts NAME
 */
import { decodeCbor } from "../src/protocol/cbor/decode.ts";
import { encodeCbor } from "../src/protocol/cbor/encode.ts";
import { encodeFrame } from "../src/protocol/frame.ts";
import { connect } from "../src/transport/registry.ts";

export const HELLO = 0x0b;
export const BURST_FRAME = 0x04;
export const PAYLOAD_BYTES = 200;

if (import.meta.main) {
  const transport = await connect(Deno.env.get("VIEWPORT") ?? "");
  await transport.send(encodeFrame(HELLO, encodeCbor(`hello:${Deno.args[0]}`)));
  // Bytes a terminal would rewrite, so that the stdio path is measured honestly.
  const data = new Uint8Array(PAYLOAD_BYTES - 3).map((_, i) => [0x0a, 0x0d, 0x41][i % 3]);
  const burstFrame = encodeFrame(BURST_FRAME, encodeCbor(data));
  for await (const frame of transport.frames()) {
    const n = frame.payload[0] <= 0x1b ? decodeCbor(frame.payload) : undefined;
    if (typeof n === "number") {
      for (let i = 0; i < n; i++) await transport.send(burstFrame);
    } else {
      await transport.send(encodeFrame(frame.type, frame.payload.slice()));
    }
  }
  await transport.close();
}
