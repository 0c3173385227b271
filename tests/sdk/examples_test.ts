/**
 * Every example runs in text mode (a pipe) and headless, as a real process.
 */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";

const root = new URL("../../", import.meta.url).pathname;

async function run(
  name: string,
  env: Record<string, string>,
  args: string[] = [],
): Promise<{ code: number; out: string; err: string }> {
  const out = await new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", `${root}examples/${name}.ts`, ...args],
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    cwd: root,
  }).output();
  const dec = new TextDecoder();
  return { code: out.code, out: dec.decode(out.stdout), err: dec.decode(out.stderr) };
}

const EXPECTED_TEXT: Record<string, RegExp> = {
  hello: /^Hello, Viewport!\n$/,
  counter: /^Counter: 0\n\[\+1\]\n$/,
  files:
    /^Files in examples\nname\tsize\tmodified\n(?:.*\t.*\t.*\n)*counter\.ts\t[0-9.]+ (?:B|KiB)\t.+ ago\n/,
  dashboard:
    /^Dashboard\nload \d+%\tservice\trps\tp99 ms\napi\t\d+\t\d+\n[^]*deploy: 40%\n-{80}\ntime\tlevel\tmessage\n\S+\tinfo\tdashboard started\n$/,
  chat: /^Chat\ntime\twho\ttext\n\S+\tbot\tWelcome! Type a message below\.\n$/,
  form: /^Sign up\nName:\nEmail:\nAge:\n\[Submit\]\nFill in the form and press Submit\.\n$/,
};

for (const [name, expected] of Object.entries(EXPECTED_TEXT)) {
  Deno.test(`examples/${name}.ts in text mode (piped) and headless`, async () => {
    const args = name === "files" ? ["examples"] : [];
    const text = await run(name, {}, args); // stdout is a pipe: auto-detected text mode
    assertEquals(text.err, "");
    assertEquals(text.code, 0);
    assertMatch(text.out, expected);
    assert(!text.out.includes("\x1b"), "text mode printed an escape sequence");
    const forced = await run(name, { VIEWPORT: "text:" }, args);
    assertEquals(forced.out.split("\n")[0], text.out.split("\n")[0]);
    const headless = await run(name, { VIEWPORT: "headless:" }, args);
    assertEquals([headless.code, headless.out, headless.err], [0, "", ""]);
  });
}
