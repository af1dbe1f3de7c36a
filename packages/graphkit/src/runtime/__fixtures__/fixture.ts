/** Test helper: compiles an AssemblyScript fixture once per test file and makes fresh instances over memory contexts. */
import { compileMapping, instantiate, type MappingModule } from '../index.ts'
import { compileAs } from './compile.ts'
import { memoryContext } from './memoryContext.ts'

export function fixture(source: string) {
  let mod: MappingModule | undefined
  return {
    load: async () => (mod = await compileMapping(compileAs(source), { file: source })),
    get module() {
      return mod!
    },
    fresh() {
      const ctx = memoryContext()
      return { ctx, h: instantiate(mod!, ctx) }
    },
  }
}
