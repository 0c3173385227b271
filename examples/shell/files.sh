#!/usr/bin/env bash
# A directory listing as a table: `ls -l` read as it is (named columns, the
# "total" line skipped, names with spaces kept). A scrollable table in a
# terminal (q quits), TSV in a pipe, a table in a viewer.
#   bash examples/shell/files.sh [DIR]
set -euo pipefail
viewport="${VIEWPORT_BIN:-viewport}"
dir="${1:-.}"
ls -l "$dir" | $viewport table --title "Files in $dir"
