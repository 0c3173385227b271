/**
 * Host and IP address text: IPv4/IPv6 parsing shared by the URI parser, and the
 * loopback test listeners use to decide whether a token is required.
 *
 * @module
 */

/**
 * The four octets of a dotted-quad IPv4 address (no leading zeros), or undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ipv4Octets } from "./_ip_address.ts";
 * assert.ok(ipv4Octets("127.0.0.1")?.join() === "127,0,0,1");
 * assert.ok(ipv4Octets("127.0.0.01") === undefined);
 * ```
 */
export function ipv4Octets(s: string): number[] | undefined {
  if (!/^(0|[1-9][0-9]{0,2})(\.(0|[1-9][0-9]{0,2})){3}$/.test(s)) return undefined;
  const octets = s.split(".").map(Number);
  return octets.every((o) => o <= 255) ? octets : undefined;
}

/**
 * The eight 16-bit groups of an IPv6 address (no brackets, no zone), or undefined.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { ipv6Groups } from "./_ip_address.ts";
 * assert.ok(ipv6Groups("::1")?.join() === "0,0,0,0,0,0,0,1");
 * assert.ok(ipv6Groups("1::2::3") === undefined);
 * ```
 */
export function ipv6Groups(text: string): number[] | undefined {
  let s = text;
  const tail: number[] = [];
  const lastColon = s.lastIndexOf(":");
  if (lastColon < 0) return undefined;
  if (s.includes(".", lastColon)) {
    const v4 = ipv4Octets(s.slice(lastColon + 1));
    if (!v4) return undefined;
    tail.push((v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]);
    s = s.slice(0, lastColon + 1);
    if (!s.endsWith("::")) s = s.slice(0, -1);
  }
  const halves = s.split("::");
  if (halves.length > 2) return undefined;
  const [head, rest] = halves.map((h) => (h === "" ? [] : h.split(":")));
  if (![...head, ...(rest ?? [])].every((g) => /^[0-9a-fA-F]{1,4}$/.test(g))) return undefined;
  const hex = (gs: string[]) => gs.map((g) => parseInt(g, 16));
  const used = head.length + (rest?.length ?? 0) + tail.length;
  if (rest === undefined) return used === 8 ? [...hex(head), ...tail] : undefined;
  if (used > 7) return undefined;
  return [...hex(head), ...new Array(8 - used).fill(0), ...hex(rest), ...tail];
}

/**
 * True for a host that is loopback on every system: `localhost`, 127.0.0.0/8, `::1`
 * (any spelling, with or without brackets) and `::ffff:127.x.x.x`. Other names that
 * may resolve to loopback (`*.localhost`) count as remote, the safe answer when this
 * decides whether a listener needs a token.
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { isLoopbackHost } from "./_ip_address.ts";
 * assert.ok(isLoopbackHost("127.0.0.2") && isLoopbackHost("[::1]"));
 * assert.ok(!isLoopbackHost("192.168.1.50") && !isLoopbackHost("localhost.example.com"));
 * ```
 */
export function isLoopbackHost(host: string): boolean {
  let h = host.toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  if (h === "localhost" || h === "localhost.") return true;
  const v4 = ipv4Octets(h);
  if (v4) return v4[0] === 127;
  const pct = h.indexOf("%");
  const g = ipv6Groups(pct < 0 ? h : h.slice(0, pct));
  if (!g) return false;
  const zeros = (n: number) => g.slice(0, n).every((x) => x === 0);
  return (zeros(7) && g[7] === 1) || (zeros(5) && g[5] === 0xffff && g[6] >> 8 === 127);
}
