/**
 * examples/gpu_cube.ts under the test driver: the driver's display has no GPU,
 * so the app draws the cube itself as vector2d polygons, which the screen
 * shows in Braille and block cells; it keeps spinning; and in a pipe it prints
 * its text. (The WebGPU path runs in a browser: tests/web/media_examples_test.ts.)
 */
import { assert, assertEquals } from "../_util/assert.ts";
import { openApp, openProcess } from "../../src/testing/mod.ts";
import cube from "../../examples/gpu_cube.ts";
import { exampleCommand, pipeText } from "./_examples.ts";

const FALLBACK = "drawn as vector2d polygons (this viewer has no WebGPU)";

Deno.test("gpu_cube: the first frame at 80x24 in vector2d, shaded, then it spins", async () => {
  await using app = await openApp(cube);
  // The first drawing (angle 0: the front face square on) is sent with the tree;
  // the next comes a tick later.
  const first = await app.waitUntil(() => app.model.canvases.has(10) && app.screen());
  await app.assertScreen("gpu_cube", { screen: first });
  assertEquals(first.lines[0], " A spinning cube");
  assertEquals(app.model.canvases.get(10)!.mode, "vector2d");
  assertEquals(
    app.projection(),
    `A spinning cube\na spinning shaded cube\n${FALLBACK}`,
    "the canvas's alt in the text",
  );
  // The face fills whole cells: blanks in its shaded red, inside the dark canvas.
  const face = first.cell(20, 10), back = first.cell(2, 4);
  assertEquals([face.char, face.bg], [" ", "#bf4040"]);
  assertEquals(back.bg, "#11111b");
  const text = first.lines.join("\n");
  await app.waitUntil(() => app.screen().lines.join("\n") !== text, { what: "the cube turning" });
});

Deno.test("gpu_cube: in a pipe, its text", async () => {
  assertEquals(
    await pipeText("gpu_cube"),
    `A spinning cube\na spinning shaded cube\n${FALLBACK}\n`,
  );
});

Deno.test("gpu_cube: as its own process", async () => {
  await using app = await openProcess(exampleCommand("gpu_cube"));
  await app.waitFor(FALLBACK);
  assertEquals(await app.getByRole("canvas").textContent(), "a spinning shaded cube");
  assertEquals(await app.getByRole("heading").textContent(), "A spinning cube");
  assert(app.screen().lines.some((l) => /[\u2801-\u28ff▐▌▀▄]/.test(l)), app.screen().text);
  assertEquals(app.stderr(), "");
});
