/**
 * The session host's cost per message, beside the bare model it wraps.
 *
 *   deno bench -A bench/viewer_bench.ts
 *
 * "model" decodes and applies frames directly; "host" sends the same frames
 * through an in-memory transport into a SessionHost (framing, dispatch,
 * limits, change events), so the difference is the host's overhead.
 */
import { ViewportModel } from "../src/model/viewport_model.ts";
import { decodeFrame, encodeMessage } from "../src/protocol/wire.ts";
import { memoryPair } from "../src/transport/mod.ts";
import { SessionHost } from "../viewer/shared/session_host.ts";
import { TextProjection } from "../src/projection/text_projection.ts";

const N = 1000;
const tree = encodeMessage({
  type: "TREE",
  root: {
    id: 1,
    type: "box",
    props: {},
    children: Array.from({ length: 50 }, (_, i) => ({
      id: i + 2,
      type: "text" as const,
      props: { content: `line ${i}` },
    })),
  },
});
const patches = Array.from(
  { length: N },
  (_, i) =>
    encodeMessage({
      type: "PATCH",
      patches: [{ target: 2 + (i % 50), set: { content: `value ${i}` } }],
    }),
);
const frameOf = (bytes: Uint8Array) => ({ type: bytes[3], payload: bytes.subarray(8), offset: 0 });

const model = new ViewportModel();
model.apply(decodeFrame(frameOf(tree)));
const projected = new ViewportModel();
projected.apply(decodeFrame(frameOf(tree)));
const projection = new TextProjection(projected);

const host = new SessionHost();
const [app, viewer] = memoryPair();
void host.accept(viewer);
await app.send(encodeMessage({ type: "REGION", action: "attach", session: "bench" }));
await app.send(tree);
let waiting: { target: number; resolve: () => void } | null = null;
let applied = 0;
host.observe({
  sessionChanged(_s, e) {
    if (e.type !== "message") return;
    applied++;
    if (waiting && applied >= waiting.target) {
      waiting.resolve();
      waiting = null;
    }
  },
});

Deno.bench("model: decode + apply 1000 PATCH frames", { group: "apply", baseline: true }, () => {
  for (const p of patches) model.apply(decodeFrame(frameOf(p)));
});

Deno.bench("model + text projection after each of 1000 PATCH frames", { group: "apply" }, () => {
  for (const p of patches) {
    projected.apply(decodeFrame(frameOf(p)));
    projection.text();
  }
});

Deno.bench("host: 1000 PATCH frames over a memory transport", { group: "apply" }, async () => {
  const done = new Promise<void>((resolve) => waiting = { target: applied + N, resolve });
  for (const p of patches) await app.send(p);
  await done;
});
