/**
 * The app side of `bench/vp_run_bench.ts`: connects to `VIEWPORT` (whatever
 * the scheme) and answers the viewer. Two modes (argument 2):
 * - `raw`: says hello (an ERROR-typed frame naming itself, argument 1), then a
 *   frame whose payload is a CBOR unsigned integer N asks for N frames of
 *   ~200-byte payload (dense in 0x0A/0x0D); any other frame is echoed back.
 * - `model`: a real app for the session host: attaches (`VIEWPORT_SESSION`),
 *   sends a TREE, then an INPUT `value_change` with value N asks for N PATCH
 *   messages (~200 bytes each) setting the text node's content.
 * Exits when the connection ends.
 *
 *   deno run -A bench/vp_run_bench_app.ts NAME raw|model
 */
import { decodeCbor } from "../src/protocol/cbor/decode.ts";
import { encodeCbor } from "../src/protocol/cbor/encode.ts";
import { encodeFrame } from "../src/protocol/frame.ts";
import { decodeFrame, encodeMessage } from "../src/protocol/wire.ts";
import { connect, type Transport } from "../src/transport/mod.ts";

/** The type byte of the raw mode's hello. */
export const HELLO = 0x0b;
const INPUT = 0x05;

async function raw(transport: Transport, name: string): Promise<void> {
  await transport.send(encodeFrame(HELLO, encodeCbor(`hello:${name}`)));
  // Bytes a terminal would rewrite, so that the stdio path is measured honestly.
  const data = new Uint8Array(197).map((_, i) => [0x0a, 0x0d, 0x41][i % 3]);
  const burst = encodeFrame(0x04, encodeCbor(data));
  for await (const frame of transport.frames()) {
    const n = frame.payload[0] <= 0x1b ? decodeCbor(frame.payload) : undefined;
    if (typeof n === "number") {
      for (let i = 0; i < n; i++) await transport.send(burst);
    } else {
      await transport.send(encodeFrame(frame.type, frame.payload.slice()));
    }
  }
}

async function model(transport: Transport, name: string): Promise<void> {
  const session = Deno.env.get("VIEWPORT_SESSION") || name;
  await transport.send(encodeMessage({ type: "REGION", action: "attach", session }));
  await transport.send(
    encodeMessage({ type: "TREE", root: { id: 1, type: "text", props: { content: "" } } }),
  );
  const content = "row\n\r".repeat(36);
  const patch = encodeMessage({ type: "PATCH", patches: [{ target: 1, set: { content } }] });
  for await (const frame of transport.frames()) {
    if (frame.type !== INPUT) continue;
    const input = decodeFrame(frame);
    if (input.type !== "INPUT" || input.kind !== "value_change") continue;
    const n = Number(input.value);
    for (let i = 0; i < n; i++) await transport.send(patch);
  }
}

if (import.meta.main) {
  const transport = await connect(Deno.env.get("VIEWPORT") ?? "");
  const [name, mode] = Deno.args;
  await (mode === "model" ? model(transport, name) : raw(transport, name));
  await transport.close();
}
