#!/usr/bin/env bash
# The subgraph: graph codegen + graph build for every network in networks.json, then the
# matchstick-as mapping tests (tests/*.test.ts) run by graphkit's runner.
set -euo pipefail
cd "$(dirname "$0")/../.."
npm run -s build:networks
npm run -s test:mappings
