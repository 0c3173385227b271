/**
 * The test's end of a bridge (fixtures/relay.ts): it turns the bridge's ERROR
 * report into what the far transport itself showed, an error from `frames()`
 * and in `closed`, so the conformance suite can check a transport that lives
 * in another process.
 */
import { type ErrorCode, MessageType } from "../../src/protocol/constants.ts";
import { ViewportError } from "../../src/protocol/errors.ts";
import type { Frame } from "../../src/protocol/frame.ts";
import { decodeFrame } from "../../src/protocol/wire.ts";
import type { CloseInfo, Transport } from "../../src/transport/mod.ts";

/** Wraps the bridge connection `inner`; see the module doc. */
export function relayed(inner: Transport): Transport {
  let reported: ViewportError | undefined;
  async function* frames(): AsyncGenerator<Frame> {
    for await (const f of inner.frames()) {
      if (f.type !== MessageType.ERROR) {
        yield f;
        continue;
      }
      const msg = decodeFrame(f) as { code: ErrorCode; message: string };
      throw reported = new ViewportError(msg.code, `(in the bridged process) ${msg.message}`);
    }
  }
  return {
    info: inner.info,
    send: (frame) => inner.send(frame),
    frames,
    close: () => inner.close(),
    // Read after frames() ended, so the report (if any) has arrived.
    get closed(): Promise<CloseInfo> {
      return inner.closed.then((info) => reported ? { local: false, error: reported } : info);
    },
  };
}
