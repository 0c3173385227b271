#!/usr/bin/env bash
# A build script that reports through Viewport: a status line, a progress bar,
# then the result. Under a viewer every command updates the same region
# (VIEWPORT_SESSION); in a pipe it prints plain lines.
#   bash examples/shell/build.sh
set -euo pipefail
viewport="${VIEWPORT_BIN:-viewport}"
steps=(fetch configure compile link test package)
$viewport text --heading "Building ${#steps[@]} steps"
for s in "${steps[@]}"; do
  sleep "${STEP_DELAY:-0}"
  echo "$s"
done | $viewport progress --total "${#steps[@]}" --label build
$viewport text "Build finished: ${#steps[@]} steps"
