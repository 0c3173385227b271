/**
 * Widget tests of the text projection: an app on a headless connection,
 * interactive (what a viewer's text file and screen readers get) or not (what
 * a pipe gets).
 *
 * @module
 */
import { ViewportModel } from "../../src/model/viewport_model.ts";
import type { InputMessage } from "../../src/protocol/messages/types.ts";
import { Connection } from "../../src/sdk/connection.ts";
import { HeadlessLink } from "../../src/sdk/link.ts";

/** A headless connection running `setup`. */
export function headless(
  setup: (conn: Connection) => void,
  o: { interactive?: boolean; width?: number } = {},
): Connection {
  const conn = new Connection({
    mode: { type: "headless" },
    model: new ViewportModel(),
    link: new HeadlessLink(),
    env: { type: "ENV", display_width: o.width ?? 80 },
    interactive: o.interactive ?? true,
  });
  setup(conn);
  return conn;
}

/** Delivers an INPUT and lets the view re-render. */
export async function send(conn: Connection, m: Omit<InputMessage, "type">): Promise<void> {
  conn.receive({ type: "INPUT", ...m } as InputMessage);
  await new Promise((r) => setTimeout(r, 0));
}
