/**
 * `npm run soak [-- --minutes N]`: mixed load on a spawned server (embedded database in a temporary
 * folder) for 30 minutes by default. Each minute prints the server's memory (resident and heap
 * used, read from /metrics) and the minute's request count and latency percentiles; flat memory
 * is the target. Ten clients loop over public pages, the sign-in page, assets, health and metrics.
 */
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

const minutesArg = process.argv.indexOf('--minutes')
const minutes = minutesArg > 0 ? Number(process.argv[minutesArg + 1]) : 30
if (!Number.isFinite(minutes) || minutes <= 0) {
  console.error('--minutes must be a number above 0')
  process.exit(2)
}
const CLIENTS = 10
const PATHS = [
  '/report-a-concern',
  '/sign-in',
  '/healthz',
  '/readyz',
  '/public/keepsafe.css',
  '/public/govuk/govuk-frontend.min.css',
  '/accessibility',
  '/metrics',
]
const port = 3900 + Math.floor(Math.random() * 90)
const base = `http://127.0.0.1:${String(port)}`
const dataDir = mkdtempSync(join(tmpdir(), 'keepsafe-soak-'))

const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'serve'], {
  env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
  stdio: ['ignore', 'ignore', 'inherit'],
})

async function waitUntilUp(): Promise<void> {
  for (let attempt = 0; attempt < 240; attempt++) {
    if (
      await fetch(`${base}/healthz`).then(
        r => r.ok,
        () => false,
      )
    )
      return
    await new Promise(resolve => setTimeout(resolve, 500))
  }
  throw new Error('The server did not start within 2 minutes')
}

function percentile(sorted: number[], p: number): number {
  return sorted.length
    ? (sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? 0)
    : 0
}

async function memory(): Promise<string> {
  const text = await (await fetch(`${base}/metrics`)).text()
  const value = (name: string) =>
    Number(new RegExp(`^${name} (\\S+)`, 'm').exec(text)?.[1] ?? NaN) / 1024 / 1024
  return `RSS ${value('keepsafe_process_resident_memory_bytes').toFixed(0)} MB, heap used ${value('keepsafe_nodejs_heap_size_used_bytes').toFixed(0)} MB`
}

let latencies: number[] = []
let errors = 0
let running = true

async function client(offset: number): Promise<void> {
  for (let index = offset; running; index++) {
    const path = PATHS[index % PATHS.length] ?? '/healthz'
    const started = performance.now()
    try {
      const response = await fetch(base + path)
      await response.arrayBuffer()
      if (response.status >= 500) errors += 1
    } catch {
      errors += 1
    }
    latencies.push(performance.now() - started)
  }
}

try {
  await waitUntilUp()
  console.log(`Soak: ${String(minutes)} minute(s), ${String(CLIENTS)} clients, ${base}`)
  console.log(`minute 0: ${await memory()}`)
  const clients = Array.from({ length: CLIENTS }, (_, offset) => client(offset))
  for (let minute = 1; minute <= minutes; minute++) {
    await new Promise(resolve => setTimeout(resolve, 60_000))
    const sorted = latencies.sort((a, b) => a - b)
    const ms = (p: number) => percentile(sorted, p).toFixed(0)
    console.log(
      `minute ${String(minute)}: ${await memory()}; ${String(sorted.length)} requests, ` +
        `p50 ${ms(0.5)} ms, p95 ${ms(0.95)} ms, p99 ${ms(0.99)} ms, ${String(errors)} errors`,
    )
    latencies = []
    errors = 0
  }
  running = false
  await Promise.all(clients)
} finally {
  running = false
  server.kill('SIGTERM')
  await new Promise(resolve => server.on('exit', resolve))
  rmSync(dataDir, { recursive: true, force: true })
}
