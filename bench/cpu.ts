/**
 * Processor time per request, the steady measure on a shared machine: this process's CPU (PGlite
 * included, as it runs here) and, on PostgreSQL, the CPU of the server processes serving this
 * database, read from /proc (the server is on the same machine).
 */
import { readFileSync } from 'node:fs'
import { Session } from 'node:inspector'
import { sql } from 'kysely'
import type { DatabaseHandles } from '../src/db/database.js'

/** CPU milliseconds used so far by the server processes of this database (0 on PGlite). */
export async function databaseServerCpuMs(database: DatabaseHandles): Promise<number> {
  if (database.kind !== 'postgres') return 0
  const { rows } = await sql<{ pid: number }>`
    select pid from pg_stat_activity where datname = current_database()`.execute(database.owner)
  let ticks = 0
  for (const { pid } of rows) {
    try {
      const fields =
        readFileSync(`/proc/${String(pid)}/stat`, 'utf8')
          .split(') ')[1]
          ?.split(' ') ?? []
      ticks += Number(fields[11]) + Number(fields[12])
    } catch {
      // The process ended between the two reads.
    }
  }
  return ticks * 10
}

export interface CpuPerRequest {
  processMs: number
  serverMs: number
  wallMs: number
}

/** Runs `request` `count` times, `concurrency` at once, and divides the CPU used among them. */
export async function cpuPerRequest(
  database: DatabaseHandles,
  request: () => Promise<unknown>,
  count: number,
  concurrency = 50,
): Promise<CpuPerRequest> {
  const started = performance.now()
  const processBefore = process.cpuUsage()
  const serverBefore = await databaseServerCpuMs(database)
  for (let sent = 0; sent < count; sent += concurrency) {
    await Promise.all(Array.from({ length: Math.min(concurrency, count - sent) }, () => request()))
  }
  const used = process.cpuUsage(processBefore)
  return {
    processMs: (used.user + used.system) / 1000 / count,
    serverMs: ((await databaseServerCpuMs(database)) - serverBefore) / count,
    wallMs: (performance.now() - started) / count,
  }
}

export function describeCpu(what: string, cpu: CpuPerRequest): string {
  return (
    `${what}: ${cpu.processMs.toFixed(2)} ms CPU in Keepsafe's process, ` +
    `${cpu.serverMs.toFixed(2)} ms in the PostgreSQL server, ${cpu.wallMs.toFixed(2)} ms wall, per request`
  )
}

/** A CPU profile of this thread from now until stop() (open it in Chrome's DevTools). */
export async function startProfile() {
  const session = new Session()
  session.connect()
  const post = (method: string) =>
    new Promise<unknown>((resolve, reject) => {
      session.post(method, (error, result) => (error ? reject(error) : resolve(result)))
    })
  await post('Profiler.enable')
  await post('Profiler.start')
  return {
    async stop() {
      const { profile } = (await post('Profiler.stop')) as { profile: unknown }
      session.disconnect()
      return profile
    },
  }
}
