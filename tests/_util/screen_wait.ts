/** Waiting for a terminal screen (a PTY replayed through xterm, or tmux): see src/testing/poll.ts. */
export { waitForScreen } from "../../src/testing/poll.ts";
