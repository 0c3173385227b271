// Userinfo and secret query parameters never reach an error message or a log
// line, whatever the scheme.
import { assert } from "../../../tests/_util/assert.ts";
import { parseViewportUri } from "./_parse.ts";
import { sanitizeViewportUri } from "./_format.ts";
import { SCHEMES } from "./_types.ts";

const SECRET = "s3cr3t-Pa55";

function shown(text: string): string[] {
  const out = [sanitizeViewportUri(text)];
  try {
    out.push(sanitizeViewportUri(parseViewportUri(text)));
  } catch (err) {
    out.push((err as Error).message);
  }
  try {
    parseViewportUri(text, { listening: true });
  } catch (err) {
    out.push((err as Error).message);
  }
  return out;
}

Deno.test("uri: userinfo is masked for every scheme, in errors and in sanitized forms", () => {
  for (const scheme of [...SCHEMES, "nosuch"]) {
    for (
      const text of [
        `${scheme}://user:${SECRET}@/tmp/x.sock`,
        `${scheme}://user:${SECRET}@host:9400/p`,
        `${scheme}://user:${SECRET}@name`,
        `${scheme}:user:${SECRET}@/path`,
        `${scheme.toUpperCase()}://${SECRET}:x@h:1`,
      ]
    ) {
      for (const line of shown(text)) {
        assert(!line.includes(SECRET), `${text} -> ${line}`);
      }
    }
  }
});

Deno.test("uri: token and unknown query parameters are masked for every scheme", () => {
  for (const scheme of SCHEMES) {
    for (
      const text of [
        `${scheme}://127.0.0.1:9400?token=${SECRET}`,
        `${scheme}:///tmp/s?token=${SECRET}`,
        `${scheme}://x?tokn=${SECRET}&fps=30`,
        `${scheme}:?secret=${SECRET}`,
        `${scheme}://h:1#${SECRET}`,
      ]
    ) {
      for (const line of shown(text)) {
        assert(!line.includes(SECRET), `${text} -> ${line}`);
      }
    }
  }
});

Deno.test("uri: names with '@' but no credentials still parse (systemd templates, paths)", () => {
  assert(parseViewportUri("systemd://viewport@1.socket").scheme === "systemd");
  assert(parseViewportUri("unix:///run/a@b/vp.sock").scheme === "unix");
});
