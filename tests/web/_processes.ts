/**
 * Child processes for the browser viewer's end-to-end tests and the README's
 * screenshot script: Deno run in the repository root, and their stderr read
 * until a line shows up.
 *
 * @module
 */
const ROOT = new URL("../../", import.meta.url).pathname;

/** Runs Deno with `args` in the repository root; stderr piped, the rest discarded. */
export function spawnDeno(args: string[], env: Record<string, string> = {}): Deno.ChildProcess {
  return new Deno.Command(Deno.execPath(), {
    args,
    cwd: ROOT,
    env,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
}

/**
 * Ends a child the way a user would, with SIGTERM, and waits for it. A viewer
 * ends its apps on SIGTERM; a SIGKILLed one would leave them running.
 */
export async function stopProcess(child: Deno.ChildProcess): Promise<void> {
  try {
    child.kill("SIGTERM");
  } catch { /* already gone */ }
  await child.status;
}

/** Reads stderr until `re` matches (15 s at most); the rest is drained in the background. */
export async function waitForLine(child: Deno.ChildProcess, re: RegExp): Promise<RegExpExecArray> {
  const reader = child.stderr.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const timer = setTimeout(() => reader.cancel(), 15000);
  try {
    while (true) {
      const { value, done } = await reader.read();
      if (done) throw new Error(`the process ended before printing ${re}:\n${text}`);
      text += value;
      const m = re.exec(text);
      if (m) {
        (async () => {
          while (!(await reader.read()).done) { /* drain */ }
        })().catch(() => {});
        return m;
      }
    }
  } finally {
    clearTimeout(timer);
  }
}
