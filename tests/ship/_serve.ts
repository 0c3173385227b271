/** A loopback file server for the URL-install tests. */

const TYPES: Record<string, string> = {
  ts: "application/typescript",
  js: "application/javascript",
  json: "application/json",
};

/** A running server: its base URL and how to stop it. */
export interface FileServer {
  /** `http://127.0.0.1:PORT/`. */
  base: string;
  close(): Promise<void>;
}

/**
 * Serves `root` read-only on an ephemeral loopback port, as a raw-file host
 * serves a repository at a tag.
 */
export function serveDir(root: string): FileServer {
  const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
    const path = decodeURIComponent(new URL(req.url).pathname);
    const type = TYPES[path.slice(path.lastIndexOf(".") + 1)] ?? "application/octet-stream";
    if (path.split("/").includes("..")) return new Response("bad path", { status: 400 });
    try {
      const body = await Deno.readFile(`${root}${path}`);
      return new Response(body, { headers: { "content-type": type } });
    } catch {
      return new Response("not found", { status: 404 });
    }
  });
  return { base: `http://127.0.0.1:${server.addr.port}/`, close: () => server.shutdown() };
}
