#!/usr/bin/env bash
# A directory listing as a table: TSV in a pipe, a scrollable table in a
# terminal or a viewer.
#   bash examples/shell/files.sh [DIR]
set -euo pipefail
viewport="${VIEWPORT_BIN:-viewport}"
dir="${1:-.}"
ls -l "$dir" | tail -n +2 | $viewport table --format ws \
  --columns "mode:string,links:int64,owner:string,group:string,size:uint64:human_bytes,month:string,day:int64,time:string,name:string" \
  --title "Files in $dir"
