/**
 * What Matchstick 0.6.0 reports with `logging::critical!` (matchstick src/logging.rs): it panics,
 * so the whole run stops without a summary. graphkit fails the test (whatever `shouldFail` says)
 * and stops the suite, then goes on with the other suites; the run exits 1.
 */
import { DeterministicError } from '../internal/errors.ts'

export class MatchstickCritical extends DeterministicError {
  override name = 'MatchstickCritical'
}
