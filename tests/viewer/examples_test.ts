/**
 * Every example under `viewport --headless --text-dir D -- deno run -A
 * examples/X.ts` produces the expected projection file; the viewer then asks
 * the app to close (SIGTERM) and exits with the app's status.
 */
import { assertEquals, assertMatch } from "../_util/assert.ts";
import { ROOT, viewer, waitForFile } from "./_cli.ts";

const EXPECTED: Record<string, RegExp> = {
  hello: /^Hello, Viewport!\n$/,
  counter: /^Counter: 0\n\[\+1\]\n$/,
  files:
    /^Files in examples\nname\tsize\tmodified\n(?:.*\t.*\t.*\n)*counter\.ts\t[0-9.]+ (?:B|KiB)\t.+ ago\n/,
  dashboard:
    /^Dashboard\nload \d+%\tservice\trps\tp99 ms\napi\t\d+\t\d+\n[^]*deploy: \d+%\n-{80}\ntime\tlevel\tmessage\n\S+\tinfo\tdashboard started\n/,
  chat:
    /^Chat\ntime\twho\ttext\n\S+\tbot\tWelcome! Type a message below\.\nSay something and press Enter\n$/,
  form:
    /^Sign up\nName:\tAda Lovelace\nEmail:\tada@example\.com\nAge:\t36\n\[Submit\]\nFill in the form and press Submit\.\n$/,
};

for (const [name, expected] of Object.entries(EXPECTED)) {
  Deno.test(`viewport --headless --text-dir runs examples/${name}.ts`, async () => {
    const dir = await Deno.makeTempDir();
    const session = `ex-${name}`;
    const args = name === "files" ? ["examples"] : [];
    const v = viewer([
      "--headless",
      "--text-dir",
      dir,
      "--session",
      session,
      "--",
      Deno.execPath(),
      "run",
      "-A",
      `${ROOT}examples/${name}.ts`,
      ...args,
    ]);
    const text = await waitForFile(`${dir}/${session}.txt`, (t) => expected.test(t));
    assertMatch(text, expected);
    v.kill("SIGTERM"); // hello has already ended; the others are asked to close
    assertEquals(await v.status(), 0, v.stderr);
    assertEquals(v.stderr, "");
    await Deno.remove(dir, { recursive: true });
  });
}
