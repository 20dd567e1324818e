/**
 * What the fault tests share: a fixture process on an embedded database folder, run with tsx,
 * read line by line (every line is read, so the process never blocks on a full pipe), killed with
 * SIGKILL, and started again on the same folder.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

export interface FixtureProcess {
  child: ChildProcessWithoutNullStreams
  /** Every line the process has printed so far. */
  lines: string[]
  /** Resolves when the process has ended, however it ended (already ended included). */
  ended: Promise<void>
}

/** A folder for one fault test, and the function that removes it. */
export function faultWorkDir(name: string): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), `keepsafe-fault-${name}-`))
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) }
}

export function startFixture(fixture: string, args: string[]): FixtureProcess {
  const child = spawn(process.execPath, ['--import', 'tsx', fixture, ...args], {
    stdio: ['pipe', 'pipe', 'pipe'],
  })
  child.stdin.end()
  const lines: string[] = []
  let partial = ''
  child.stdout.on('data', (chunk: Buffer) => {
    const parts = (partial + chunk.toString()).split('\n')
    partial = parts.pop() ?? ''
    lines.push(...parts.filter(line => line !== ''))
  })
  // Read stderr too: a pipe nobody reads fills up and stops the process at its next write.
  child.stderr.on('data', (chunk: Buffer) => process.stderr.write(chunk))
  // Listened for at once: an 'exit' that happened before anyone waits for it is not missed.
  const ended = new Promise<void>(resolve => child.once('close', () => resolve()))
  return { child, lines, ended }
}

/** Waits until the process has printed `count` lines; fails if it ends first. */
export async function waitForLines(run: FixtureProcess, count: number, timeoutMs = 120_000) {
  const deadline = Date.now() + timeoutMs
  const state = { ended: false }
  void run.ended.then(() => (state.ended = true))
  while (run.lines.length < count) {
    if (state.ended) throw new Error(`The process ended after ${String(run.lines.length)} lines`)
    if (Date.now() > deadline)
      throw new Error(`No line ${String(count)} in ${String(timeoutMs)} ms`)
    await new Promise(resolve => setTimeout(resolve, 20))
  }
}

/** SIGKILL, then waits for the process to be gone. True if it was still running when killed. */
export async function killHard(run: FixtureProcess): Promise<boolean> {
  const running = run.child.exitCode === null && run.child.signalCode === null
  if (running) run.child.kill('SIGKILL')
  await run.ended
  return running
}

/** Runs a fixture to its end and gives its last line, parsed. */
export async function finalAnswer<T>(fixture: string, args: string[]): Promise<T> {
  const run = startFixture(fixture, args)
  await run.ended
  if (run.child.exitCode !== 0) throw new Error(`${fixture} ${args.join(' ')} failed`)
  const last = run.lines.at(-1)
  if (!last) throw new Error(`${fixture} ${args.join(' ')} printed nothing`)
  return JSON.parse(last) as T
}

export function parsedLines<T>(run: FixtureProcess): T[] {
  return run.lines.map(line => JSON.parse(line) as T)
}
