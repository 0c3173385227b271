/** A loopback file server for the URL-install tests. */

const TYPES: Record<string, string> = {
  ts: "application/typescript",
  js: "application/javascript",
  json: "application/json",
};

/** A running server: its base URL and how to stop it. */
export interface FileServer {
  /** `http://127.0.0.1:PORT/RUN/`: RUN is new for every server. */
  base: string;
  close(): Promise<void>;
}

/**
 * Serves `root` read-only on an ephemeral loopback port, as a raw-file host
 * serves a repository at a tag. The files are under a path new for every
 * server: Deno caches remote modules by URL, and an earlier run's sources on
 * a reused port would otherwise be loaded wherever the install did not
 * `--reload` them (modules the installed command imports dynamically).
 */
export function serveDir(root: string): FileServer {
  const run = `/${crypto.randomUUID()}`;
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const full = decodeURIComponent(new URL(req.url).pathname);
    if (!full.startsWith(`${run}/`)) return new Response("not found", { status: 404 });
    const path = full.slice(run.length);
    const type = TYPES[path.slice(path.lastIndexOf(".") + 1)] ?? "application/octet-stream";
    if (path.split("/").includes("..")) return new Response("bad path", { status: 400 });
    try {
      const body = await Deno.readFile(`${root}${path}`);
      return new Response(body, { headers: { "content-type": type } });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  return { base: `http://127.0.0.1:${server.addr.port}${run}/`, close: () => server.shutdown() };
}
