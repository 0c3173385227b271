/**
 * The `ws` package's client, with this project's own minimal types (see
 * `ws_package.d.ts`). Imported dynamically by `ws.ts`, so only apps that use
 * ws:// or wss:// load it.
 *
 * @module
 */
// @ts-types="./ws_package.d.ts"
import WebSocket from "ws";

export default WebSocket;
