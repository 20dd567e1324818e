/**
 * CIN census validator benchmark: `npm run bench:census`.
 *
 * Generates a 100,000-child return, validates it in a child process (so that peak memory is
 * the validator's own), then as a user meets it (`npx keepsafe census validate`, start-up and
 * output included, compiled when dist/ is built), and times `xmllint --stream --noout` on the
 * same file, the practical floor for reading it: the ratio is the user's figure to xmllint's. Where python3 with pandas and the reference validator
 * (data-to-insight/csc-validator-be-cin, path in CIN_REFERENCE_DIR) are available, it also
 * validates a 20,000-child return with both and prints the ratio.
 *
 * It also times `keepsafe --help` three ways (the bin through tsx, `npx keepsafe`, and the
 * compiled dist/ when built), and prints every target with MET or MISSED.
 *
 * Options (environment): CENSUS_BENCH_CHILDREN (default 100000), CENSUS_BENCH_REFERENCE_CHILDREN
 * (default 20000), CIN_REFERENCE_DIR, CIN_REFERENCE_PYTHON (default python3),
 * CENSUS_BENCH_TOKENIZER (fast, the default, or reference: saxes, for before/after);
 * BENCH_DATABASE_URL (the PostgreSQL server for the import row), CENSUS_BENCH_IMPORT=0 (skip it),
 * CENSUS_BENCH_IMPORT_ONLY=1 (only it).
 *
 * Profile findings (issue 17; `node --cpu-prof`, see bench/README.md for the figures): before,
 * saxes and UTF-8 decoding were about half of `census validate`, building the records a fifth,
 * the rules a quarter (date arithmetic through Date objects per child among them). The census
 * tokenizer (src/modules/census/xml-tokenizer.ts) reads bytes and shares repeated strings; the
 * rules work out each distinct date's calendar facts once.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeCensusXmlFile } from '../src/modules/census/generate-xml.js'
import { validateCensusFile } from '../src/modules/census/validator.js'
import { timeCensusImport } from './census-import.js'

const TARGETS = {
  timesFasterThanReference: 100,
  timesSlowerThanXmllint: 3,
  peakMegabytes: 1024,
  helpSeconds: 0.5,
  importSeconds: 10,
}

const tokenizer = process.env.CENSUS_BENCH_TOKENIZER === 'reference' ? 'reference' : 'fast'

function verdict(met: boolean): string {
  return met ? 'MET' : 'MISSED'
}

interface ValidationRun {
  children: number
  findings: number
  seconds: number
  /** Processor time: on a shared, busy machine a steadier measure than the clock. */
  cpuSeconds: number
  peakRssMb: number
}

async function validateHere(file: string): Promise<ValidationRun> {
  const started = performance.now()
  const cpuBefore = process.cpuUsage()
  const findings = validateCensusFile(file, { tokenizer })
  let count = 0
  let result = await findings.next()
  while (!result.done) {
    count += 1
    result = await findings.next()
  }
  return {
    children: result.value.children,
    findings: count,
    seconds: (performance.now() - started) / 1000,
    cpuSeconds: cpuSecondsSince(cpuBefore),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }
}

function cpuSecondsSince(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before)
  return (used.user + used.system) / 1e6
}

function validateInChildProcess(file: string): ValidationRun {
  const self = fileURLToPath(import.meta.url)
  const run = spawnSync(process.execPath, ['--import', 'tsx', self, '--validate', file], {
    encoding: 'utf8',
    maxBuffer: 1 << 20,
  })
  if (run.status !== 0) throw new Error(`validation failed: ${run.stderr}`)
  return JSON.parse(run.stdout.trim().split('\n').at(-1) ?? '') as ValidationRun
}

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const PRODUCTION = { ...process.env, NODE_ENV: 'production' }

/** Whether `npm run build` has compiled dist/ (what production runs). */
function compiled(): boolean {
  return existsSync(join(ROOT, 'dist/cli/main.js'))
}

/**
 * `npx keepsafe census validate FILE` as a user meets it: npx's and the command's start-up, the
 * reading and the rules, and every finding written to the pipe. Compiled when dist/ is built.
 */
function validateAsUser(file: string): { seconds: number; how: string } {
  const env = compiled() ? PRODUCTION : process.env
  const { seconds, run } = timeCommand('npx', ['keepsafe', 'census', 'validate', file], env, ROOT)
  if (run.status !== 0 && run.status !== 1) throw new Error(`validate failed: ${run.stderr}`)
  return {
    seconds,
    how: compiled() ? 'compiled' : 'tsx (run npm run build for the compiled figure)',
  }
}

function timeCommand(command: string, args: string[], env?: NodeJS.ProcessEnv, cwd?: string) {
  const started = performance.now()
  const run = spawnSync(command, args, { cwd, encoding: 'utf8', env, maxBuffer: 1 << 28 })
  return { seconds: (performance.now() - started) / 1000, run }
}

function xmllintSeconds(file: string): number | undefined {
  const { seconds, run } = timeCommand('xmllint', ['--stream', '--noout', file])
  if (run.error) return undefined
  return seconds
}

// Runs the reference's own entry points; prints nothing we need but its time.
const REFERENCE_SCRIPT = `
import sys, io, contextlib, importlib, xml.etree.ElementTree as ET
from cin_validator import cin_validator
root = ET.parse(sys.argv[1]).getroot()
data = cin_validator.process_data(cin_validator.convert_data(root))
registry = importlib.import_module("cin_validator.rules.cin2024_25").registry
with contextlib.redirect_stdout(io.StringIO()):
    cin_validator.CinValidator(data, registry)
`

function referenceAvailable(python: string, dir: string | undefined): dir is string {
  if (dir === undefined || !existsSync(join(dir, 'cin_validator'))) return false
  const probe = spawnSync(python, ['-c', 'import pandas'], { encoding: 'utf8' })
  return probe.status === 0
}

function line(label: string, value: string): void {
  console.log(`${label.padEnd(34)} ${value}`)
}

/** `keepsafe --help`, best of three each way: the target is the user's `npx keepsafe`. */
function timeHelp(): void {
  const root = ROOT
  const ways: [string, string, string[], NodeJS.ProcessEnv?][] = [
    // npm's own start: the floor under any `npx` command
    ['npx --version', 'npx', ['--version']],
    ['npx keepsafe --help', 'npx', ['keepsafe', '--help']],
    [
      'node bin/keepsafe.js --help (tsx)',
      process.execPath,
      [join(root, 'bin/keepsafe.js'), '--help'],
    ],
  ]
  if (compiled()) {
    ways.push(
      ['npx keepsafe --help, compiled', 'npx', ['keepsafe', '--help'], PRODUCTION],
      [
        'node bin/keepsafe.js --help, compiled',
        process.execPath,
        [join(root, 'bin/keepsafe.js'), '--help'],
        PRODUCTION,
      ],
    )
  }
  for (const [label, command, args, env] of ways) {
    const best = Math.min(
      ...[1, 2, 3].map(() => {
        const started = performance.now()
        spawnSync(command, args, { cwd: root, env, encoding: 'utf8' })
        return (performance.now() - started) / 1000
      }),
    )
    const target = label.startsWith('npx keepsafe') ? ` ${verdict(best < TARGETS.helpSeconds)}` : ''
    line(label, `${best.toFixed(2)} s (target < ${TARGETS.helpSeconds} s for npx)${target}`)
  }
}

async function generate(dir: string, children: number, breaches = 0.02): Promise<string> {
  const file = join(dir, `census-${children}-${breaches}.xml`)
  const started = performance.now()
  await writeCensusXmlFile(file, { children, seed: 2025, breaches })
  const megabytes = statSync(file).size / 1e6
  line(
    `generated ${children} children`,
    `${megabytes.toFixed(1)} MB in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  )
  return file
}

/** An import refuses a file with schema errors: it imports a return without rule breaches. */
async function printImport(dir: string, children: number): Promise<void> {
  const server = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
  const runs =
    process.env.CENSUS_BENCH_IMPORT === '0'
      ? null
      : await timeCensusImport(await generate(dir, children, 0), server)
  if (!runs) {
    line('census import', 'skipped (no PostgreSQL server, or CENSUS_BENCH_IMPORT=0)')
    return
  }
  for (const run of runs) {
    const verdictText = run.ok
      ? `(target < ${TARGETS.importSeconds} s) ${verdict(run.seconds < TARGETS.importSeconds)}`
      : `FAILED: ${run.output}`
    line(run.label, `${run.seconds.toFixed(1)} s ${verdictText}`)
  }
}

async function main(): Promise<void> {
  const children = Number(process.env.CENSUS_BENCH_CHILDREN ?? 100_000)
  const referenceChildren = Number(process.env.CENSUS_BENCH_REFERENCE_CHILDREN ?? 20_000)
  const dir = mkdtempSync(join(tmpdir(), 'census-bench-'))
  try {
    if (process.env.CENSUS_BENCH_IMPORT_ONLY === '1') {
      await printImport(dir, children)
      return
    }
    const file = await generate(dir, children)
    const ours = validateInChildProcess(file)
    line(
      'validating, in process',
      `${ours.seconds.toFixed(2)} s (${ours.cpuSeconds.toFixed(2)} s processor), ${Math.round(ours.children / ours.seconds)} children/s, peak RSS ${ours.peakRssMb.toFixed(0)} MB, ${ours.findings} findings`,
    )
    const asUser = validateAsUser(file)
    line('npx keepsafe census validate', `${asUser.seconds.toFixed(2)} s end to end, ${asUser.how}`)
    const lint = xmllintSeconds(file)
    if (lint === undefined) {
      line('xmllint --stream --noout', 'skipped (install libxml2-utils)')
    } else {
      const ratio = asUser.seconds / lint
      line(
        'xmllint --stream --noout',
        `${lint.toFixed(2)} s; we take ${ratio.toFixed(2)}x (target <= ${TARGETS.timesSlowerThanXmllint}x) ${verdict(ratio <= TARGETS.timesSlowerThanXmllint)}`,
      )
    }
    line(
      'peak memory',
      `${ours.peakRssMb.toFixed(0)} MB (target < ${TARGETS.peakMegabytes} MB) ${verdict(ours.peakRssMb < TARGETS.peakMegabytes)}`,
    )
    timeHelp()
    await printImport(dir, children)

    const python = process.env.CIN_REFERENCE_PYTHON ?? 'python3'
    const referenceDir = process.env.CIN_REFERENCE_DIR
    if (!referenceAvailable(python, referenceDir)) {
      line('reference validator', 'skipped (set CIN_REFERENCE_DIR and have pandas for python3)')
      return
    }
    const smaller = await generate(dir, referenceChildren)
    const oursSmall = validateAsUser(smaller)
    const env = { ...process.env, PYTHONPATH: referenceDir }
    const reference = timeCommand(python, ['-c', REFERENCE_SCRIPT, smaller], env)
    if (reference.run.status !== 0) {
      line('reference validator', `failed: ${reference.run.stderr.slice(-300)}`)
      return
    }
    const ratio = reference.seconds / oursSmall.seconds
    line(`reference on ${referenceChildren}`, `${reference.seconds.toFixed(1)} s`)
    line(`keepsafe on ${referenceChildren}`, `${oursSmall.seconds.toFixed(2)} s`)
    line(
      'speed-up',
      `${ratio.toFixed(0)}x (target >= ${TARGETS.timesFasterThanReference}x) ${verdict(ratio >= TARGETS.timesFasterThanReference)}`,
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

if (process.argv[2] === '--validate') {
  const file = process.argv[3] ?? ''
  console.log(JSON.stringify(await validateHere(file)))
} else {
  await main()
}
