/**
 * Fault test: a process importing a census file is killed (SIGKILL) part way; a new process on the
 * same database folder finds the import either completed by the job runner or failed with its
 * reason, with all of the file's children or none of them. Never "running", never half a file.
 */
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { writeCensusXmlFile } from '../../src/modules/census/generate-xml.js'
import { UPLOAD_FILE } from '../../src/modules/census/jobs.js'
import { faultWorkDir, finalAnswer, killHard, startFixture, waitForLines } from './harness.js'

const FIXTURE = 'test/faults/fixtures/census-process.ts'
const CHILDREN = 1500
const work = faultWorkDir('census')
afterAll(work.remove)

describe('fault: the process dies during a census import', () => {
  it('ends with the whole file imported or none of it, after a restart', async () => {
    const dataDir = join(work.dir, 'db')
    const uploadDir = join(work.dir, 'upload')
    mkdirSync(uploadDir)
    await writeCensusXmlFile(join(uploadDir, UPLOAD_FILE), { children: CHILDREN, seed: 7 })
    const importer = startFixture(FIXTURE, ['start', dataDir, uploadDir])
    await waitForLines(importer, 1, 480_000)
    // Part way: the check and the save of 1,500 children take several seconds. On a fast machine
    // the import may have ended already; killHard then finds the process gone rather than waiting
    // for ever for an exit that has happened (what stopped this test under Node 24).
    await new Promise(resolve => setTimeout(resolve, 1500))
    await killHard(importer)

    const outcome = await finalAnswer<{ status: string; children: number; childRows: number }>(
      FIXTURE,
      ['resume', dataDir],
    )
    expect(outcome.status).not.toBe('running')
    if (outcome.status === 'succeeded') expect(outcome.childRows).toBe(CHILDREN)
    else expect(outcome.childRows).toBe(0)
  }, 720_000)
})
