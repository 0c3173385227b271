/** Waiting for a terminal screen (a PTY replayed through xterm, or tmux) to show something. */

/**
 * Reads the screen every `everyMs` until it contains `what` (or `what(screen)`
 * is true); returns that screen, or throws with the last one seen.
 */
export async function waitForScreen(
  read: () => Promise<string>,
  what: string | ((screen: string) => boolean),
  timeoutMs: number,
  everyMs: number,
): Promise<string> {
  const test = typeof what === "string" ? (s: string) => s.includes(what) : what;
  const end = Date.now() + timeoutMs;
  let screen = "";
  while (Date.now() < end) {
    screen = await read();
    if (test(screen)) return screen;
    await new Promise((r) => setTimeout(r, everyMs));
  }
  throw new Error(`timed out waiting for ${String(what)}; screen:\n${screen}`);
}
