# Unit and integration tests of the toolkit package (runtime, runner, store, indexer, GraphQL),
# after its typecheck (tsc, no emit).
set -e
npm run -s typecheck -w graphkit
npm run -s test:toolkit
