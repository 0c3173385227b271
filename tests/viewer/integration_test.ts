/**
 * The `viewport` CLI end to end: real processes, real sockets.
 */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { Proc, viewer, waitForFile, waitUntil, WIRE_APP } from "./_cli.ts";

function wireApp(env: Record<string, string>, ...args: string[]): Proc {
  return new Proc(["run", "-A", WIRE_APP, ...args], env);
}

/** `viewport OPTIONS -- deno run -A wire_app.ts APP_ARGS`. */
function viewerWithApp(
  options: string[],
  appArgs: string[],
  env: Record<string, string> = {},
): Proc {
  return viewer([...options, "--", Deno.execPath(), "run", "-A", WIRE_APP, ...appArgs], env);
}

Deno.test("viewport: a spawned app's text file, env and exit status", async () => {
  const dir = await Deno.makeTempDir();
  const v = viewerWithApp(["--headless", "--text-dir", dir, "--session", "once"], [
    "--text",
    "hello",
    "--once",
    "--exit",
    "3",
  ]);
  assertEquals(await v.status(), 3, v.stderr);
  assertEquals(await Deno.readTextFile(`${dir}/once.txt`), "hello\nwaiting\n");
  await Deno.remove(dir, { recursive: true });
});

for (const via of ["unix", "unix-abstract", "tcp", "fd"]) {
  Deno.test(`viewport --via ${via}: ENV reaches the app; SIGTERM closes it; its status is the viewer's`, async () => {
    const dir = await Deno.makeTempDir();
    const v = viewerWithApp(
      ["--headless", "--via", via, "--text-dir", dir, "--session", `via-${via}`],
      ["--text", via, "--exit", "7"],
      { XDG_RUNTIME_DIR: dir },
    );
    const file = `${dir}/via-${via}.txt`;
    assertEquals(
      await waitForFile(file, (t) => t.includes("env")),
      `${via}\nenv 80x24 via-${via}\n`,
    );
    v.kill("SIGTERM");
    assertEquals(await v.status(), 7, v.stderr);
    const left = [];
    for await (const e of Deno.readDir(dir)) left.push(e.name);
    assertEquals(left.sort(), [`via-${via}.txt`, "viewport"]);
    for await (const e of Deno.readDir(`${dir}/viewport`)) {
      throw new Error(`the private endpoint was not removed: ${e.name}`);
    }
    await Deno.remove(dir, { recursive: true });
  });
}

Deno.test("viewport: without --text-dir, VIEWPORT_TEXT names a live file in the private directory", async () => {
  const dir = await Deno.makeTempDir();
  const v = viewerWithApp(["--headless", "--session", "t1"], ["--text", "x", "--show-text-path"], {
    XDG_RUNTIME_DIR: dir,
  });
  let path = "";
  await waitUntil(() => {
    try {
      for (const e of Deno.readDirSync(`${dir}/viewport`)) {
        path = `${dir}/viewport/${e.name}/t1.txt`;
      }
    } catch { /* not made yet */ }
    return path !== "";
  }, "private directory");
  const text = await waitForFile(path, (t) => t.includes("env"));
  assertEquals(text, `x\nenv 80x24 t1\ntext at ${path}\n`);
  v.kill("SIGTERM");
  assertEquals(await v.status(), 0, v.stderr);
  await waitUntil(() => [...Deno.readDirSync(`${dir}/viewport`)].length === 0, "cleanup");
  await Deno.remove(dir, { recursive: true });
});

Deno.test("viewport --keep: stays up after the app ends; its text stays; exits with the app's status", async () => {
  const dir = await Deno.makeTempDir();
  const v = viewerWithApp(["--headless", "-v", "--keep", "--text-dir", dir, "--session", "k"], [
    "--text",
    "kept",
    "--once",
    "--exit",
    "6",
  ]);
  // Whichever the viewer notices first: the connection dropping, or the process gone.
  await waitUntil(() => /session k: (disconnected|ended)/.test(v.stderr), "app ended");
  // The file follows within a turn or two; under load that can be well past 200 ms.
  await waitForFile(`${dir}/k.txt`, (t) => t === "kept\nwaiting\n");
  v.kill("SIGTERM");
  assertEquals(await v.status(), 6);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("viewport: a command that cannot start exits 127 with one clear line", async () => {
  const v = viewer(["--headless", "--", "/nonexistent/app"]);
  assertEquals(await v.status(), 127);
  assertMatch(v.stderr, /^viewport: cannot run "\/nonexistent\/app": command not found\n$/);
});

Deno.test("viewport --listen: two apps at once on two transports", async () => {
  const dir = await Deno.makeTempDir();
  const sock = `${dir}/v.sock`;
  const v = viewer([
    "--headless",
    "-v",
    "--text-dir",
    dir,
    "--listen",
    `unix://${sock}`,
    "--listen",
    "tcp://127.0.0.1:0",
  ]);
  await waitUntil(() => /listening on tcp:\/\/127\.0\.0\.1:\d+/.test(v.stderr), "tcp listener");
  const tcp = /listening on (tcp:\/\/127\.0\.0\.1:\d+)/.exec(v.stderr)![1];
  assertEquals((await Deno.stat(sock)).mode! & 0o777, 0o600);
  const a = wireApp({ VIEWPORT: `unix://${sock}`, VIEWPORT_SESSION: "over-unix" }, "--text", "A");
  const b = wireApp({ VIEWPORT: tcp, VIEWPORT_SESSION: "over-tcp" }, "--text", "B");
  assertEquals(
    await waitForFile(`${dir}/over-unix.txt`, (t) => t.includes("env")),
    "A\nenv 80x24 -\n",
  );
  assertEquals(
    await waitForFile(`${dir}/over-tcp.txt`, (t) => t.includes("env")),
    "B\nenv 80x24 -\n",
  );
  v.kill("SIGTERM");
  assertEquals(await v.status(), 143);
  // The viewer asked nobody to close (they were not its children): they see the connection end.
  a.kill();
  b.kill();
  await a.status();
  await b.status();
  await Deno.remove(dir, { recursive: true });
});

Deno.test("viewport --listen: an app killed and restarted with the same session gets its region back", async () => {
  const dir = await Deno.makeTempDir();
  const sock = `${dir}/v.sock`;
  const v = viewer(["--headless", "-v", "--text-dir", dir, "--listen", `unix://${sock}`]);
  await waitUntil(() => v.stderr.includes("listening on"), "listener");
  const env = { VIEWPORT: `unix://${sock}`, VIEWPORT_SESSION: "phoenix" };
  const first = wireApp(env, "--text", "first life");
  await waitForFile(`${dir}/phoenix.txt`, (t) => t.startsWith("first life\nenv"));
  first.kill("SIGKILL");
  await first.status();
  await waitUntil(() => v.stderr.includes("session phoenix: disconnected"), "disconnect noticed");
  const second = wireApp(env, "--text", "second life");
  await waitForFile(`${dir}/phoenix.txt`, (t) => t.startsWith("second life\nenv"));
  assertMatch(v.stderr, /session phoenix re-attached from unix/);
  assertEquals(v.stderr.match(/session phoenix: added/g)?.length, 1, "one region, reused");
  const files = [];
  for await (const e of Deno.readDir(dir)) if (e.name.endsWith(".txt")) files.push(e.name);
  assertEquals(files, ["phoenix.txt"]);
  v.kill("SIGTERM");
  await v.status();
  second.kill();
  await second.status();
  assert(true);
  await Deno.remove(dir, { recursive: true });
});
