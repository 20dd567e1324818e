import { vi } from 'vitest'
import { runCli } from '../../src/cli/program.js'

export interface CliRun {
  status: number
  stdout: string
  stderr: string
}

/**
 * Runs a `keepsafe` command line in this process, as `npx keepsafe` would, with `env` added to the
 * environment and the output captured: the same command code, without a TypeScript runner's
 * start-up per command. The environment is put back afterwards.
 */
export async function runKeepsafe(env: Record<string, string>, ...args: string[]): Promise<CliRun> {
  const saved = { ...process.env }
  Object.assign(process.env, env)
  let stdout = ''
  let stderr = ''
  const spies = [
    vi.spyOn(process.stdout, 'write').mockImplementation(chunk => {
      stdout += String(chunk)
      return true
    }),
    vi.spyOn(process.stderr, 'write').mockImplementation(chunk => {
      stderr += String(chunk)
      return true
    }),
    vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => {
      stdout += `${parts.join(' ')}\n`
    }),
    vi.spyOn(console, 'error').mockImplementation((...parts: unknown[]) => {
      stderr += `${parts.join(' ')}\n`
    }),
  ]
  try {
    const status = await runCli(['node', 'keepsafe', ...args])
    return { status, stdout, stderr }
  } finally {
    for (const spy of spies) spy.mockRestore()
    // Put back the values, keeping process.env itself: a plain object in its place would stop
    // later changes from reaching the real environment (os.tmpdir() reads that one).
    for (const name of Object.keys(process.env)) {
      if (!(name in saved)) Reflect.deleteProperty(process.env, name)
    }
    Object.assign(process.env, saved)
  }
}
