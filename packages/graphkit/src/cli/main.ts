/**
 * `graphkit <command> [args]`: dispatches to `commands/<command>.ts`, each exporting
 * `summary`, `usage` and `run(argv)`. Commands are found by listing that folder so helpers
 * can add commands without touching this file. The same code runs precompiled from dist/
 * (scripts/build.mjs), where the folder holds `<command>.js`. A command module imports what
 * its `run` needs inside `run`, so listing commands (--help) or running one loads no other.
 */
import { readdirSync } from 'node:fs'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { join } from 'node:path'
import { GraphkitError } from '../internal/errors.ts'

interface Command {
  summary: string
  usage: string
  run(argv: string[]): Promise<number>
}

const commandsDir = join(fileURLToPath(new URL('.', import.meta.url)), 'commands')
const ext = import.meta.url.endsWith('.js') ? '.js' : '.ts'

function commandNames(): string[] {
  return readdirSync(commandsDir)
    .filter((f) => f.endsWith(ext) && !f.endsWith(`.test${ext}`))
    .map((f) => f.slice(0, -ext.length))
    .sort()
}

async function load(name: string): Promise<Command> {
  return (await import(pathToFileURL(join(commandsDir, `${name}${ext}`)).href)) as Command
}

async function help(): Promise<string> {
  const lines = ['Usage: graphkit <command> [options]', '', 'Commands:']
  for (const name of commandNames()) lines.push(`  ${name.padEnd(10)} ${(await load(name)).summary}`)
  lines.push('', 'Run `graphkit <command> --help` for a command\'s options.')
  return lines.join('\n')
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv
  if (!cmd || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    console.log(await help())
    return cmd ? 0 : 1
  }
  if (!commandNames().includes(cmd)) {
    console.error(`graphkit: unknown command \`${cmd}\`\n\n${await help()}`)
    return 1
  }
  try {
    return await (await load(cmd)).run(rest)
  } catch (e) {
    if (process.env.GRAPHKIT_DEBUG === '1') console.error(e)
    else if (e instanceof GraphkitError) console.error(`graphkit ${cmd}: ${e.describe()}`)
    else console.error(`graphkit ${cmd}: ${(e as Error)?.message ?? String(e)}`)
    return 1
  }
}

if (process.argv[1] && (import.meta.url === pathToFileURL(process.argv[1]).href || process.argv[1].endsWith('graphkit.mjs') || process.argv[1].endsWith('graphkit'))) {
  process.exitCode = await main(process.argv.slice(2))
}
