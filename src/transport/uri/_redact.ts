/**
 * Masking for URI text that may hold secrets, shared by the parser's error messages
 * and `sanitizeViewportUri`. Internal to the URI files.
 *
 * @module
 */
/** What a masked secret is shown as. */
export const MASK = "***";

/**
 * The only query parameters whose values may be shown; any other parameter (token,
 * or a misspelling of it) is masked, because a typo must not turn a secret into log
 * text.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SHOWN_PARAMS } from "./_redact.ts";
 * assert.ok(SHOWN_PARAMS.has("fps") && !SHOWN_PARAMS.has("token"));
 * ```
 */
export const SHOWN_PARAMS: ReadonlySet<string> = new Set([
  "alt",
  "fps",
  "format",
  "duplex",
  "magic",
  "insecure",
  "ca",
  "cert",
  "key",
  "creds",
  "nkey",
]);

/**
 * A parameter name short and plain enough to echo in an error message.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { SAFE_NAME } from "./_redact.ts";
 * assert.ok(SAFE_NAME.test("token") && !SAFE_NAME.test("a b"));
 * ```
 */
export const SAFE_NAME = /^[A-Za-z0-9_.-]{1,32}$/;

/**
 * Quotes text for an error message: single quotes, control characters escaped,
 * long text shortened.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { quote } from "./_redact.ts";
 * assert.ok(quote("a\nb") === "'a\\x0ab'");
 * ```
 */
export function quote(s: string): string {
  const shown = s.length > 120 ? `${s.slice(0, 117)}...` : s;
  let out = "";
  for (const ch of shown) {
    const c = ch.charCodeAt(0);
    out += c < 0x20 || c === 0x7f ? `\\x${c.toString(16).padStart(2, "0")}` : ch;
  }
  return `'${out}'`;
}

/**
 * Masks what may be secret in text that did not parse: userinfo (for every
 * scheme), fragments and the values of query parameters outside
 * {@linkcode SHOWN_PARAMS}.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { redact } from "./_redact.ts";
 * assert.ok(redact("tcp://u:pw@h:1?token=abc") === "tcp://***@h:1?token=***");
 * assert.ok(redact("unix://user:secret@/path") === "unix://***@/path");
 * assert.ok(redact("unix:u:pw@/p") === "unix:***@/p");
 * ```
 */
export function redact(text: string): string {
  let s = text;
  let fragment = "";
  const hash = s.indexOf("#");
  if (hash >= 0) [s, fragment] = [s.slice(0, hash), `#${MASK}`];
  const q = s.indexOf("?");
  let head = q < 0 ? s : s.slice(0, q);
  // Userinfo is masked for every scheme: what precedes '@' in the authority
  // (between '//' and the next '/'). A path ('unix:///a@b') has no authority.
  // The short forms without '//' ('unix-abstract:NAME') are treated alike.
  const m = /^([A-Za-z][A-Za-z0-9+.-]*:(?:\/\/)?)([^/]*)(.*)$/s.exec(head);
  if (m && m[2].includes("@")) {
    head = `${m[1]}${MASK}@${m[2].slice(m[2].lastIndexOf("@") + 1)}${m[3]}`;
  }
  if (q < 0) return head + fragment;
  const query = s.slice(q + 1).split("&").map((seg) => {
    const eq = seg.indexOf("=");
    const name = eq < 0 ? seg : seg.slice(0, eq);
    if (seg === "" || SHOWN_PARAMS.has(name)) return seg;
    return eq >= 0 && SAFE_NAME.test(name) ? `${name}=${MASK}` : MASK;
  });
  return `${head}?${query.join("&")}${fragment}`;
}
