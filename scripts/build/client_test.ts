import { assert, assertEquals } from "../../tests/_util/assert.ts";
import { embeddedClientSource, servesClient } from "./client.ts";

Deno.test("build client: CLIs reaching the embedded-client module serve the client", () => {
  assert(servesClient(["/r/cli/viewport.ts", "/r/viewer/web/embedded_client.ts"]));
  assert(servesClient(["C:\\r\\viewer\\web\\embedded_client.ts"]));
  assert(!servesClient(["/r/cli/vp_run.ts", "/r/viewer/web/embedded_client_test.ts"]));
});

Deno.test("build client: the generated module holds the files exactly", async () => {
  const files = { js: 'a("</script>\\u2028`${x}`");\n', css: 'body { content: "\\"" }\n' };
  const src = embeddedClientSource(files);
  const mod = await import(`data:application/typescript,${encodeURIComponent(src)}`);
  assertEquals(mod.EMBEDDED_CLIENT, files);
});
