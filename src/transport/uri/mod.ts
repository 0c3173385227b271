/**
 * `VIEWPORT` URIs (transport-spec section 3): parse one into a typed value per
 * scheme, render it back, and render it safely for logs. Errors name the bad part
 * and what is accepted, and never echo a secret: every echo of the input goes
 * through the same masking as {@linkcode sanitizeViewportUri}.
 *
 * @module
 */
export {
  type AnsiUri,
  DEFAULT_NATS_PORT,
  DEFAULT_NATS_PREFIX,
  type FdUri,
  type HeadlessUri,
  type LaunchdUri,
  type NatsUri,
  SCHEMES,
  type StdioUri,
  type SystemdUri,
  type TcpUri,
  TEXT_FORMATS,
  type TextFormat,
  type TextUri,
  type TlsParams,
  type TlsUri,
  type TransportScheme,
  type UnixAbstractUri,
  type UnixUri,
  type ViewportUri,
  VMADDR_CID_ANY,
  type VsockUri,
  type WindowsUri,
  type WssUri,
  type WsUri,
} from "./_types.ts";
export { parseViewportUri, type ParseViewportUriOptions } from "./_parse.ts";
export { formatViewportUri, sanitizeViewportUri } from "./_format.ts";
export { isLoopbackHost } from "./_ip_address.ts";
