/**
 * Fault test: the process is killed (SIGKILL) while board papers are being uploaded; after a
 * restart on the same database folder, each paper is there with its whole file, its version and
 * its audit event, or not there at all, and every upload that was acknowledged is there.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  faultWorkDir,
  finalAnswer,
  killHard,
  parsedLines,
  startFixture,
  waitForLines,
} from './harness.js'

const FIXTURE = 'test/faults/fixtures/paper-process.ts'
const UPLOADS = 200
const PAPER_BYTES = 2 * 1024 * 1024
const work = faultWorkDir('paper')
afterAll(work.remove)

interface Stored {
  papers: {
    id: string
    title: string
    version: number
    sizeBytes: number
    storedBytes: number
    audits: number
  }[]
}

describe('fault: the process dies during a board paper upload', () => {
  it('has each paper with its file and version, or none of it, after a restart', async () => {
    const dataDir = join(work.dir, 'db')
    const uploader = startFixture(FIXTURE, ['start', dataDir, String(UPLOADS)])
    await waitForLines(uploader, 4, 480_000)
    expect(await killHard(uploader)).toBe(true)
    const acknowledged = parsedLines<{ paperId: string }>(uploader)
    expect(acknowledged.length).toBeLessThan(UPLOADS)

    const { papers } = await finalAnswer<Stored>(FIXTURE, ['check', dataDir])
    const ids = new Set(papers.map(paper => paper.id))
    for (const ack of acknowledged) expect(ids.has(ack.paperId)).toBe(true)
    expect(papers.length - acknowledged.length).toBeLessThanOrEqual(1)
    for (const paper of papers) {
      expect(paper).toMatchObject({ sizeBytes: PAPER_BYTES, storedBytes: PAPER_BYTES, audits: 1 })
    }
    // Versions of each title run 1, 2, 3... with no gap and no repeat.
    const versions = new Map<string, number[]>()
    for (const paper of papers)
      versions.set(paper.title, [...(versions.get(paper.title) ?? []), paper.version])
    for (const list of versions.values()) expect(list).toEqual(list.map((_, i) => i + 1))
  }, 720_000)
})
