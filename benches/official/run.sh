#!/usr/bin/env bash
# Benchmark ImageKit's official Node SDK URL building (see bench.mjs).
set -euo pipefail
cd "$(dirname "$0")"
[ -d node_modules ] || npm ci --silent
node bench.mjs
