/**
 * Helpers for the ship tests of `viewport --web`: start it from an installed
 * or bundled command, fetch the page, the client script and the stylesheet
 * over HTTP with the printed token, and compare them with the checkout's.
 */
import { assert, assertEquals, assertMatch } from "../_util/assert.ts";
import { buildClient } from "../../viewer/web/build.ts";
import { ROOT } from "./_build.ts";

/** Drops `// path` comment lines: a bundle of remote sources names their URLs there. */
function code(js: string): string {
  return js.replace(/^\/\/ .*\n/gm, "");
}

async function get(url: string): Promise<{ status: number; type: string; body: string }> {
  const res = await fetch(url);
  return {
    status: res.status,
    type: res.headers.get("content-type") ?? "",
    body: await res.text(),
  };
}

/** A running `viewport --web`, its URL read from stderr. */
interface RunningWeb {
  url: string;
  stop(): Promise<string>;
}

async function startWeb(
  viewport: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<RunningWeb> {
  const dir = await Deno.makeTempDir({ dir: cwd, prefix: "web-" });
  const [cmd, ...args] = viewport;
  const child = new Deno.Command(cmd, {
    args: [...args, "--web=127.0.0.1:0", "--listen", `unix://${dir}/vp.sock`],
    cwd,
    env: { ...Deno.env.toObject(), NO_COLOR: "1", ...env },
    clearEnv: true,
    stdin: "null",
    stdout: "null",
    stderr: "piped",
  }).spawn();
  let err = "";
  const url = Promise.withResolvers<string | undefined>();
  const drained = (async () => {
    for await (const chunk of child.stderr.pipeThrough(new TextDecoderStream())) {
      err += chunk;
      const m = /browser viewer at (http:\/\/\S+)\n/.exec(err);
      if (m) url.resolve(m[1]);
    }
    url.resolve(undefined);
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<undefined>((r) => timer = setTimeout(() => r(undefined), 30_000));
  const printed = await Promise.race([url.promise, timeout]).finally(() => clearTimeout(timer));
  const stop = async () => {
    try {
      child.kill("SIGTERM");
    } catch {
      // Already ended.
    }
    await child.status;
    await drained;
    await Deno.remove(dir, { recursive: true });
    return err;
  };
  if (printed === undefined) {
    throw new Error(`${viewport.join(" ")} --web printed no URL:\n${await stop()}`);
  }
  return { url: printed, stop };
}

/**
 * Starts `viewport --web` with `viewport` (the command and its leading
 * arguments) from `cwd`, then checks over HTTP: the page (with the printed
 * token), `client.js` (the checkout's client, byte for byte but for path
 * comments), `client.css` (the checkout's), and a 401 without the token.
 */
export async function checkWeb(
  viewport: string[],
  cwd: string,
  env: Record<string, string> = {},
): Promise<void> {
  const web = await startWeb(viewport, cwd, env);
  try {
    const url = new URL(web.url);
    const token = url.searchParams.get("token")!;
    assertMatch(token, /^[A-Za-z0-9_-]{16,}$/);
    const page = await get(web.url);
    assertEquals([page.status, page.type], [200, "text/html"]);
    assert(page.body.includes(`src="client.js?token=${token}"`), page.body);
    const js = await get(`${url.origin}/client.js?token=${token}`);
    assertEquals([js.status, js.type], [200, "text/javascript"], js.body.slice(0, 200));
    const built = await buildClient();
    assert(code(js.body) === code(await Deno.readTextFile(built.js)), "client.js is the client");
    const css = await get(`${url.origin}/client.css?token=${token}`);
    assertEquals([css.status, css.type], [200, "text/css"]);
    assert(
      css.body === await Deno.readTextFile(`${ROOT}/viewer/web/client/client.css`),
      "client.css is the stylesheet",
    );
    assertEquals((await get(`${url.origin}/client.js`)).status, 401);
  } finally {
    await web.stop();
  }
}
