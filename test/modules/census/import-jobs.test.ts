import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { JobRunner } from '../../../src/platform/jobs.js'
import { UPLOAD_FILE, censusJobs, startImportJob } from '../../../src/modules/census/jobs.js'
import { useTestApp } from '../../helpers/test-app.js'
import { censusXml, childXml, countRows } from './records-helpers.js'

const t = useTestApp()
const LEASE_MS = 300

function uploadFolder(content: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'keepsafe-census-test-'))
  writeFileSync(join(dir, UPLOAD_FILE), content)
  return dir
}

async function startImport(dir: string) {
  return startImportJob(t.database.db, {
    partnershipId: t.northbridge.id,
    userId: t.userId('analyst'),
    fileName: 'census-2025.xml',
    fileBytes: 100,
    dir,
    requestId: null,
  })
}

function runner(name: string) {
  return new JobRunner(t.database.db, censusJobs({ db: t.database.db }).handlers, {
    name,
    leaseMs: LEASE_MS,
  })
}

/** A runner that claims the import and then stops, as a process killed part way would. */
async function claimAndDie(progress: { phase: string; fraction: number }) {
  const dead = runner('killed-process')
  expect(await dead.claim()).toHaveLength(1)
  await t.database.owner
    .updateTable('census_import')
    .set({ progress_phase: progress.phase, progress_fraction: progress.fraction })
    .execute()
}

function importRow(id: string) {
  return t.database.owner
    .selectFrom('census_import')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

const afterLease = () => new Promise(resolve => setTimeout(resolve, LEASE_MS + 100))

describe('census imports as jobs', () => {
  it('keeps its progress in the database and the job, so any instance shows it', async () => {
    const { importId, jobId } = await startImport(uploadFolder(censusXml(childXml('J1'))))
    const row = await importRow(importId)
    expect(row).toMatchObject({ status: 'running', job_id: jobId, progress_phase: 'checking' })
    await claimAndDie({ phase: 'checking', fraction: 0.4 })
    const cookie = await t.signInAs('analyst')
    const page = await t.inject({
      method: 'GET',
      url: `/census/imports/${importId}`,
      headers: { cookie },
    })
    expect(page.body).toContain('Checking the file: 40%')
  })

  it('is taken over and completed by another runner once the stopped one’s lease runs out', async () => {
    const dir = uploadFolder(censusXml(childXml('J1') + childXml('J2')))
    const { importId } = await startImport(dir)
    await claimAndDie({ phase: 'saving', fraction: 0.6 })
    const next = runner('restarted-process')
    expect(await next.runDue()).toEqual({ done: 0, retried: 0, gaveUp: 0 })
    await afterLease()
    expect((await next.runDue()).done).toBe(1)
    expect(await importRow(importId)).toMatchObject({ status: 'succeeded', children: 2 })
    expect(await countRows(t, 'child')).toBe(2)
  })

  it('ends failed with a message when the stopped import’s file is gone', async () => {
    const { importId } = await startImport(join(tmpdir(), 'keepsafe-census-gone'))
    await claimAndDie({ phase: 'saving', fraction: 0.6 })
    await afterLease()
    expect((await runner('restarted-process').runDue()).done).toBe(1)
    const row = await importRow(importId)
    expect(row.status).toBe('failed')
    expect(JSON.stringify(row.problems)).toContain('its uploaded file is no longer there')
    expect(await countRows(t, 'child')).toBe(0)
    const cookie = await t.signInAs('analyst')
    const page = await t.inject({
      method: 'GET',
      url: `/census/imports/${importId}`,
      headers: { cookie },
    })
    expect(page.body).toContain('The census file was not imported')
    expect(page.body).not.toContain('http-equiv="refresh"')
  })

  it('ends failed rather than trying for ever when its process keeps dying', async () => {
    const { importId, jobId } = await startImport(uploadFolder(censusXml(childXml('J1'))))
    await t.database.owner.updateTable('job').set({ attempts: 2 }).where('id', '=', jobId).execute()
    await claimAndDie({ phase: 'saving', fraction: 0.1 })
    await afterLease()
    expect((await runner('restarted-process').runDue()).done).toBe(1)
    const row = await importRow(importId)
    expect(row.status).toBe('failed')
    expect(JSON.stringify(row.problems)).toContain('The import stopped part way 3 times')
    expect(await countRows(t, 'child')).toBe(0)
  })

  it('ends failed, never running for ever, when a problem quotes a character the log cannot hold', async () => {
    // A NUL inside a date: the reader quotes the value, and PostgreSQL's jsonb refuses U+0000.
    // The refusal could not be logged, so the import stayed "running" (the property test hung).
    const xml = censusXml(childXml('J1', { birth: '2015\u00006-01' }) + childXml('J2'))
    const { importId } = await startImport(uploadFolder(xml))
    expect((await runner('runner').runDue()).done).toBe(1)
    const row = await importRow(importId)
    expect(row.status).toBe('failed')
    expect(JSON.stringify(row.problems)).toContain('2015\uFFFD6-01')
    expect(await countRows(t, 'child')).toBe(0)
  })
})
