#!/usr/bin/env bash
# End to end on real parts: anvil + scenario → graph build → graphkit indexer (PGlite) → GraphQL,
# checked against the contracts' own views.
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run -s test:e2e
