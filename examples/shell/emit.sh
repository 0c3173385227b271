#!/usr/bin/env bash
# Raw protocol messages from a shell script: a tree, a schema, rows, a patch.
#   bash examples/shell/emit.sh
set -euo pipefail
viewport="${VIEWPORT_BIN:-viewport}"
$viewport emit --jsonl <<'JSON'
{"type": "SCHEMA", "slot": 130, "columns": [{"id": 0, "name": "host", "type": "string"}, {"id": 1, "name": "ms", "type": "float64"}]}
{"type": "TREE", "root": {"id": 1, "type": "box", "children": [{"id": 2, "type": "text", "content": "Ping"}, {"id": 3, "type": "scroll", "schema": {"$slot": 130}}]}}
{"type": "DATA", "schema": {"$slot": 130}, "rows": [["alpha", 1.5], ["beta", 20.25]]}
{"type": "PATCH", "patches": [{"target": 2, "set": {"content": "Ping results"}}]}
JSON
