import { assert, assertEquals, assertMatch } from "../../tests/_util/assert.ts";
import { applyReplies, parseReplies, TERMINAL_QUERY, terminalFromEnv } from "./terminal.ts";

Deno.test("terminalFromEnv: known terminals are judged from their variables", () => {
  const cases: [Record<string, string>, string, string, string, string][] = [
    // env, color depth, mouse, kitty keyboard, synchronized output
    [{ TERM: "xterm-kitty" }, "truecolor", "yes", "yes", "yes"],
    [{ TERM: "xterm-ghostty" }, "truecolor", "yes", "yes", "yes"],
    [{ TERM: "foot" }, "truecolor", "yes", "yes", "yes"],
    [{ TERM: "xterm-256color", TERM_PROGRAM: "WezTerm" }, "truecolor", "yes", "likely", "yes"],
    [{ TERM: "xterm-256color", TERM_PROGRAM: "iTerm.app" }, "truecolor", "yes", "likely", "yes"],
    [{ TERM: "tmux-256color", TMUX: "/tmp/t,1,0" }, "256", "yes", "no", "likely"],
    [{ TERM: "screen" }, "16", "yes", "no", "no"],
    [{ TERM: "xterm-256color", VTE_VERSION: "7600" }, "256", "yes", "no", "yes"],
    [{ TERM: "xterm-256color", TERM_PROGRAM: "Apple_Terminal" }, "256", "yes", "no", "no"],
    [{ TERM: "linux" }, "16", "no", "no", "no"],
    [{ TERM: "dumb" }, "none", "no", "no", "no"],
    [{ TERM: "xterm-256color", WT_SESSION: "x" }, "truecolor", "yes", "unknown", "likely"],
    [{ TERM: "xterm" }, "16", "yes", "unknown", "unknown"],
    [{}, "16", "unknown", "unknown", "unknown"],
  ];
  for (const [env, depth, mouse, kitty, sync] of cases) {
    const t = terminalFromEnv(env, true);
    const got = [
      t.colors.depth,
      t.mouse.support,
      t.kittyKeyboard.support,
      t.synchronizedOutput.support,
    ];
    assertEquals(got, [depth, mouse, kitty, sync], JSON.stringify(env));
    assertEquals([t.asked, t.queried], [false, false]);
  }
});

Deno.test("terminalFromEnv: reasons name the variable that decided", () => {
  assertEquals(terminalFromEnv({ TERM: "xterm", NO_COLOR: "1" }, true).colors, {
    depth: "none",
    reason: "NO_COLOR is set",
  });
  assertEquals(
    terminalFromEnv({ TERM: "xterm", FORCE_COLOR: "3" }, true).colors.reason,
    "FORCE_COLOR=3",
  );
  assertEquals(
    terminalFromEnv({ COLORTERM: "truecolor", TERM: "xterm" }, false).colors.reason,
    "COLORTERM=truecolor; used only when output is a terminal",
  );
  const t = terminalFromEnv({ TERM: "xterm-kitty", TERM_PROGRAM: "x" }, true);
  assertEquals(t.kittyKeyboard.reason, "kitty (from the environment)");
  assertEquals([t.term, t.termProgram, t.colorterm], ["xterm-kitty", "x", null]);
  assertMatch(
    terminalFromEnv({ TERM: "weird" }, true).kittyKeyboard.reason,
    /^TERM=weird: not known/,
  );
  assertMatch(terminalFromEnv({}, true).mouse.reason, /^no TERM: /);
});

Deno.test("parseReplies: device attributes, kitty flags and DECRPM modes, in any chunking", () => {
  assertEquals(parseReplies(""), { answered: false, kitty: false, modes: {} });
  const all = "\x1b[?1u\x1b[?1006;1$y\x1b[?2026;0$y\x1b[?64;1;2;6;22c";
  assertEquals(parseReplies(all), { answered: true, kitty: true, modes: { 1006: 1, 2026: 0 } });
  // A partial reply is not yet an answer; typed keys in between are ignored.
  assertEquals(parseReplies("\x1b[?1006;2$yq\x1b[?6").answered, false);
  assertEquals(parseReplies("a\x1b[Ab\x1b[?6c").answered, true);
  // A cursor-position-like reply is not a kitty reply.
  assertEquals(parseReplies("\x1b[12;4R\x1b[?1;2c").kitty, false);
  // The query asks for exactly what parseReplies reads.
  assertEquals(TERMINAL_QUERY.split("\x1b").length - 1, 4);
});

Deno.test("applyReplies: the terminal's answers win over the environment", () => {
  const env = terminalFromEnv({ TERM: "xterm-256color" }, true);
  assertEquals(applyReplies(env, parseReplies("")), { ...env, asked: true }, "no answer");

  const xtermjs = applyReplies(env, parseReplies("\x1b[?1006;2$y\x1b[?2026;2$y\x1b[?1;2c"));
  assert(xtermjs.queried);
  assertEquals(
    [xtermjs.mouse.support, xtermjs.synchronizedOutput.support, xtermjs.kittyKeyboard.support],
    ["yes", "yes", "no"],
  );
  assertEquals(xtermjs.kittyKeyboard.reason, "the terminal ignored the kitty keyboard query");

  const kitty = applyReplies(env, parseReplies("\x1b[?0u\x1b[?1006;1$y\x1b[?2026;4$y\x1b[?62c"));
  assertEquals(kitty.kittyKeyboard.support, "yes");
  assertEquals(kitty.synchronizedOutput, {
    support: "no",
    reason: "the terminal reports it permanently off",
  });

  const unknownMode = applyReplies(env, parseReplies("\x1b[?1006;2$y\x1b[?2026;0$y\x1b[?62c"));
  assertEquals(unknownMode.synchronizedOutput.reason, "the terminal does not know the mode");

  const oneMode = applyReplies(env, parseReplies("\x1b[?1006;2$y\x1b[?62c"));
  assertEquals(oneMode.synchronizedOutput.reason, "the terminal did not report the mode");

  // tmux 3.3 answers device attributes but no mode query: the environment's guess stays.
  const tmux = applyReplies(
    terminalFromEnv({ TERM: "tmux-256color" }, true),
    parseReplies("\x1b[?1;2c"),
  );
  assertEquals(tmux.synchronizedOutput.support, "likely");
  assertMatch(tmux.synchronizedOutput.reason, /; the terminal does not answer mode queries$/);
});
