/**
 * The small things a new user ran into, each as the user meets it (a real
 * process, its exit status and exactly what it prints): an unwritable
 * `--text-dir`, a `--listen` beyond loopback, a headless run's final text,
 * `VIEWPORT=stdio:` with nothing at the other end, an error that says its
 * prefix once, vp-run's PTY text in a pipe, and what the pipe and the final
 * text make of inputs.
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { column, connect, input, text } from "../../src/mod.ts";
import { CLI, ROOT } from "./_cli.ts";

const VP_RUN = `${ROOT}cli/vp_run.ts`;
const HELLO = `${ROOT}examples/hello.ts`;

async function run(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number; out: string; err: string }> {
  const o = await new Deno.Command(Deno.execPath(), {
    args,
    env: { NO_COLOR: "1", ...env },
    cwd: ROOT,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const dec = new TextDecoder();
  return { code: o.code, out: dec.decode(o.stdout), err: dec.decode(o.stderr) };
}

Deno.test("viewport --headless -- CMD prints the app's final text when there is no --text-dir", async () => {
  const r = await run(["run", "-A", CLI, "--headless", "--", Deno.execPath(), "run", "-A", HELLO]);
  assertEquals([r.code, r.out, r.err], [0, "Hello, Viewport!\n", ""]);
});

Deno.test("an unwritable --text-dir is one prefixed line and exit 1", async () => {
  const file = await Deno.makeTempFile();
  try {
    const r = await run([
      "run",
      "-A",
      CLI,
      "--headless",
      "--text-dir",
      `${file}/sub`,
      "--",
      Deno.execPath(),
      "run",
      "-A",
      HELLO,
    ]);
    assertEquals(r.code, 1);
    const lines = r.err.trimEnd().split("\n");
    assertEquals(lines.length, 1, r.err);
    assert(lines[0].startsWith(`viewport: cannot write to --text-dir ${file}/sub: `), r.err);
  } finally {
    await Deno.remove(file);
  }
});

Deno.test("--listen beyond loopback without a token names the flags that fix it", async () => {
  const r = await run(["run", "-A", CLI, "--headless", "--listen", "tcp://8.8.8.8:1"]);
  assertEquals(r.code, 1);
  assertEquals(
    r.err,
    "viewport: refusing to listen on tcp://8.8.8.8:1 beyond loopback without authentication: " +
      "add ?token=SECRET to the --listen URI (apps then connect with the same token in VIEWPORT), " +
      "or listen on a loopback address such as 127.0.0.1\n",
  );
});

Deno.test("VIEWPORT=stdio: with stdin at /dev/null is an error, not a silent exit 0", async () => {
  const r = await run(["run", "-A", HELLO], { VIEWPORT: "stdio:" });
  assertEquals(r.code, 1);
  assertEquals(
    r.err,
    "hello: cannot reach the viewer at stdio:: the connection ended before the viewer answered " +
      "(VIEWPORT=stdio: needs a viewer that reads this program's output and answers on its stdin, " +
      "such as vp-run --via stdio) [closed]\n",
  );
});

Deno.test("a viewer that is not there: the error says 'cannot reach' once", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const r = await run(["run", "-A", HELLO], { VIEWPORT: `unix://${dir}/none.sock` });
    assertEquals(r.code, 1);
    assertEquals(
      r.err,
      `hello: cannot reach the viewer at unix://${dir}/none.sock: no socket at ${dir}/none.sock ` +
        "(is the viewer running?) [closed]\n",
    );
    const v = await run(["run", "-A", VP_RUN, "--to", `unix://${dir}/none.sock`, "--", "true"]);
    assertEquals(v.code, 1);
    assertEquals(
      v.err,
      `vp-run: cannot reach the viewer at unix://${dir}/none.sock: no socket at ` +
        `${dir}/none.sock (is the viewer running?) [closed]\n`,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("vp-run --via stdio into a pipe: CMD's text without cursor moves or erases", async () => {
  // What Deno itself writes on a terminal before an app starts (its download line),
  // then colored text: the cursor moves and erases go, the colors and the text stay.
  const script = String
    .raw`printf '\033[0G\033[2K\033[J\033]0;title\007Hello, \033[1mViewport\033[0m!\n'`;
  const r = await run(["run", "-A", VP_RUN, "--via", "stdio", "--", "sh", "-c", script]);
  assertEquals([r.code, r.out], [0, "Hello, \x1b[1mViewport\x1b[0m!\n"]);
});

Deno.test("an input: no blank line in a pipe; no placeholder in the final text of the TUI", async () => {
  const tree = () =>
    column({ id: 1 }, [
      text("Name:", { id: 2 }),
      input({ id: 3, placeholder: "type your name" }),
      text("Done", { id: 4 }),
    ]);
  let piped = "";
  const pipe = await connect({
    env: { VIEWPORT: "text:" },
    stdout: { write: (b) => (piped += new TextDecoder().decode(b), b.length) },
  });
  pipe.setTree(tree());
  await pipe.close();
  assertEquals(piped, "Name:\nDone\n");
  let tty = "";
  const ansi = await connect({
    env: { VIEWPORT: "ansi:" },
    stdout: {
      write: (b) => b.length,
      writeSync: (b) => (tty += new TextDecoder().decode(b), b.length),
    },
    size: { columns: 30, rows: 6 },
  });
  ansi.setTree(tree());
  await ansi.flush();
  assert(tty.includes("type your name"), "the placeholder is shown while the app runs");
  await ansi.close();
  assertEquals(tty.slice(tty.lastIndexOf("\x1b[?1049l") + 8), "Name:\r\nDone\r\n");
});
