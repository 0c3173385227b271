/**
 * Timing of frame cases in interleaved rounds (for `widgets_scroll.ts` and
 * `_frame_runner.ts`). Imports nothing of the repository.
 *
 * @module
 */

/** A case: a name and a frame to time. */
export interface FrameCase {
  name: string;
  frame: () => void | Promise<void>;
}

/**
 * Median and p90 of each case's frame times (ms): a warm-up, then `rounds`
 * rounds of 400 frames per case in turns, so that load on the machine hits
 * them alike. The first round after the warm-up is dropped: building the
 * million-row tables leaves the garbage collector busy for a while.
 */
export async function measure(
  cases: FrameCase[],
  rounds: number,
): Promise<{ name: string; median: number; p90: number }[]> {
  const times = cases.map(() => [] as number[]);
  for (const c of cases) for (let i = 0; i < 500; i++) await c.frame();
  for (let r = 0; r <= rounds; r++) {
    for (let k = 0; k < cases.length; k++) {
      for (let i = 0; i < 400; i++) {
        const t = performance.now();
        await cases[k].frame();
        if (r > 0) times[k].push(performance.now() - t);
      }
    }
    if (r > 0) Deno.stderr.writeSync(new TextEncoder().encode(`\rround ${r}/${rounds}`));
  }
  Deno.stderr.writeSync(new TextEncoder().encode("\n"));
  const q = (a: number[], p: number) => a.toSorted((x, y) => x - y)[Math.floor(a.length * p)];
  return cases.map((c, k) => ({ name: c.name, median: q(times[k], 0.5), p90: q(times[k], 0.9) }));
}
