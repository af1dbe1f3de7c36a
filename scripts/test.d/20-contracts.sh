# Reference contracts: abis/ must match a fresh compile, then the viem/anvil contract and scenario tests.
set -e
npm run -s contracts:build -- --check
npm run -s test:contracts
