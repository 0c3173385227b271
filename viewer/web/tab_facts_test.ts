import { assertEquals } from "../../tests/_util/assert.ts";
import { Hub, type TabSocket } from "./hub.ts";
import { ModelSessionSource } from "./model_source.ts";

function socket(): TabSocket & { sent: (string | Uint8Array)[] } {
  const sent: (string | Uint8Array)[] = [];
  return { sent, send: (d) => sent.push(d), close() {}, bufferedAmount: 0 };
}

const env = (facts: Record<string, unknown>) => JSON.stringify({ type: "env", ...facts });

Deno.test("tab facts: several tabs of one session combine (shared capabilities, sharpest density)", () => {
  const source = new ModelSessionSource();
  source.add("s");
  const hub = new Hub(source);
  const gpuTab = hub.open(socket(), "s");
  const phone = hub.open(socket(), "s", { remote: true });
  // A tab that has not reported yet does not count.
  assertEquals(source.facts.get("s"), undefined);
  hub.receive(
    gpuTab,
    env({
      pixel_density: 1,
      color_depth: 30,
      gpu: true,
      video_decode: ["h264", "vp9"],
      theme: "dark",
    }),
  );
  assertEquals(source.facts.get("s"), {
    pixel_density: 1,
    color_depth: 30,
    gpu: true,
    gpu_api: "webgpu",
    video_decode: ["h264", "vp9"],
    theme: "dark",
  });
  hub.receive(
    phone,
    env({ pixel_density: 3, color_depth: 24, gpu: false, video_decode: ["h264"], theme: "light" }),
  );
  assertEquals(source.facts.get("s"), {
    pixel_density: 3,
    color_depth: 24,
    gpu: false,
    video_decode: ["h264"],
    theme: "light",
    remote: true,
  });
  // The phone closes: the app may use the GPU again.
  hub.close(phone);
  assertEquals(source.facts.get("s")?.gpu, true);
  // The last tab closes: the app keeps what it was told (a reload must not flip it).
  hub.close(gpuTab);
  assertEquals(source.facts.get("s")?.gpu, true);
  hub.dispose();
});

Deno.test("tab facts: malformed facts are answered with ERROR; pings with pongs", () => {
  const source = new ModelSessionSource();
  source.add("s");
  const hub = new Hub(source);
  const s = socket();
  const tab = hub.open(s, "s");
  hub.receive(tab, env({ pixel_density: -2 }));
  hub.receive(tab, env({ video_decode: ["h264", "made-up"] }));
  hub.receive(tab, JSON.stringify({ type: "ping", t: 12.5 }));
  const texts = s.sent.filter((d) => typeof d === "string") as string[];
  assertEquals(texts.at(-1), JSON.stringify({ type: "pong", t: 12.5 }));
  assertEquals(source.facts.get("s"), undefined);
  hub.dispose();
});
