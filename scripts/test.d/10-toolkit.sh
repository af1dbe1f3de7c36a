# Unit and integration tests of the toolkit package (runtime, runner, store, indexer, GraphQL).
npm run -s test:toolkit
