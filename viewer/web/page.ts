/**
 * The HTML shell and the security headers every response carries.
 *
 * @module
 */

/**
 * Content Security Policy: only this origin's script, style and sockets; no
 * frames, no forms, no inline script. Images may be data/blob URLs (image
 * nodes carry their bytes).
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/**
 * Headers for every response: no caching (pages carry the token), no
 * referrer (so the token never leaks in one), no sniffing, no framing.
 *
 * @example
 * ```ts
 * import { securityHeaders } from "./page.ts";
 * import assert from "node:assert/strict";
 * const h = securityHeaders("text/plain");
 * assert.equal(h.get("referrer-policy"), "no-referrer");
 * ```
 */
export function securityHeaders(contentType: string): Headers {
  return new Headers({
    "content-type": contentType,
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "content-security-policy": CSP,
  });
}

/**
 * The page: loads the client script and stylesheet with the token (the
 * client takes the token and session from its own URL for the WebSocket).
 * Its header is here so it shows before the script runs: the h1 (the shown
 * session's title, kept current by `client/page_chrome.ts`) and the
 * connection indicator (from `document.body.dataset.state`). With a `theme`
 * (`viewport --theme`) the page is dark or light whatever the OS prefers
 * (`data-vp-theme` on the root); without one it follows the OS.
 *
 * @example
 * ```ts
 * import { indexHtml } from "./page.ts";
 * import assert from "node:assert/strict";
 * assert.ok(indexHtml("abc_DEF-123").includes('src="client.js?token=abc_DEF-123"'));
 * assert.ok(indexHtml("abc_DEF-123", "dark").includes('<html lang="en" data-vp-theme="dark">'));
 * ```
 */
export function indexHtml(token: string, theme?: "dark" | "light"): string {
  if (!/^[A-Za-z0-9_-]+$/.test(token)) throw new RangeError("token must be base64url text");
  if (theme !== undefined && theme !== "dark" && theme !== "light") {
    throw new RangeError(`theme must be dark or light, got ${JSON.stringify(theme)}`);
  }
  return `<!doctype html>
<html lang="en"${theme ? ` data-vp-theme="${theme}"` : ""}>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="${theme ?? "dark light"}">
<title>Viewport</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="client.css?token=${token}">
<script type="module" src="client.js?token=${token}"></script>
</head>
<body>
<header class="vp-top">
<span class="vp-logo" aria-hidden="true"></span>
<h1 class="vp-title">Viewport</h1>
<span class="vp-conn" role="status">Connecting…</span>
</header>
<noscript>The Viewport browser viewer needs JavaScript.</noscript>
</body>
</html>
`;
}
