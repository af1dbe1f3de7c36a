#!/usr/bin/env bash
# The README's test command (`npm test`): every test of the repository, in dependency order.
# Each part lives in scripts/test.d/NN-<part>.sh and runs in numeric order; any failure fails the run.
set -euo pipefail
cd "$(dirname "$0")/.."
export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/test}"
for part in scripts/test.d/*.sh; do
  printf '\n=== %s ===\n' "$(basename "$part" .sh)"
  bash "$part"
done
