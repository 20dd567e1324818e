/**
 * `keepsafe census import FILE` goes through the jobs table as the web upload does: the import is
 * logged with its job, its progress is stored on its row (what /census/imports shows), the job
 * finishes, and the command prints the progress, the result and the exit code.
 */
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { writeCensusXmlFile } from '../../../src/modules/census/generate-xml.js'
import { runImportCommand } from '../../../src/modules/census/records-cli.js'
import { useTestApp } from '../../helpers/test-app.js'
import { capture, censusXml, childXml, countRows, workDir, writeFile } from './records-helpers.js'

const t = useTestApp()

async function runImport(file: string) {
  const stdout = capture()
  const stderr = capture()
  const code = await runImportCommand(
    t.database,
    { file, partnership: 'northbridge' },
    { stdout: stdout.stream, stderr: stderr.stream },
  )
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

describe('keepsafe census import through the jobs table', () => {
  it('runs as a job with stored progress, shown on /census/imports, and prints the result', async () => {
    const path = join(workDir, 'cli-job.xml')
    await writeCensusXmlFile(path, { children: 300, seed: 3 })
    const run = await runImport(path)
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/Imported 300 children into northbridge/)
    expect(run.stdout).toMatch(/children: 300 new, 0 updated, 0 unchanged/)
    const log = await t.database.owner
      .selectFrom('census_import')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(run.stderr).toContain(`Import started: see /census/imports/${String(log.id)}`)
    expect(log).toMatchObject({ status: 'succeeded', children: 300 })
    const job = await t.database.owner
      .selectFrom('job')
      .selectAll()
      .where('id', '=', log.job_id)
      .executeTakeFirstOrThrow()
    expect(job).toMatchObject({ kind: 'census-import', last_error: null })
    expect(job.finished_at).not.toBeNull()
    expect(await countRows(t, 'child')).toBe(300)

    const cookie = await t.signInAs('front-door-manager')
    const status = await t.inject({
      method: 'GET',
      url: `/census/imports/${String(log.id)}`,
      headers: { cookie },
    })
    expect(status.statusCode).toBe(200)
  }, 180_000)

  it('exits 1 with the problems and their lines when the file has errors, saving nothing', async () => {
    const path = writeFile('cli-job-bad.xml', censusXml(childXml('C1', { birth: '2015-13-01' })))
    const run = await runImport(path)
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/Nothing was imported/)
    expect(run.stderr).toMatch(/line \d+: <PersonBirthDate> "2015-13-01"/)
    expect(await countRows(t, 'child')).toBe(0)
    const log = await t.database.owner
      .selectFrom('census_import')
      .select('status')
      .where('file_name', '=', 'cli-job-bad.xml')
      .executeTakeFirstOrThrow()
    expect(log.status).toBe('failed')
  }, 120_000)

  it('exits 2 when the file cannot be read, starting no import', async () => {
    const run = await runImport(join(workDir, 'no-such-file.xml'))
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/Cannot import/)
    expect(await countRows(t, 'census_import')).toBe(0)
  })
})
