/**
 * Fault test: the process taking public reports of a concern is killed (SIGKILL) while submissions
 * are arriving; after a restart on the same database folder, every report whose reference was shown
 * is there, whole (its referral, children, audit event, draft marked submitted, confirmation email),
 * and no report is there in part.
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

const FIXTURE = 'test/faults/fixtures/concern-process.ts'
const SUBMISSIONS = 400
const work = faultWorkDir('concern')
afterAll(work.remove)

interface Stored {
  referrals: {
    id: string
    reference: string
    children: number
    audits: number
    draftMarked: boolean
    mails: number
  }[]
  orphanChildren: number
}

describe('fault: the process dies while reports of a concern are submitted', () => {
  it('keeps every acknowledged report whole and none in part, after a restart', async () => {
    const dataDir = join(work.dir, 'db')
    const submitter = startFixture(FIXTURE, ['start', dataDir, String(SUBMISSIONS)])
    // Mid-way: a few have been acknowledged and the next is being written.
    await waitForLines(submitter, 8, 480_000)
    expect(await killHard(submitter)).toBe(true)
    const acknowledged = parsedLines<{ reference: string; referralId: string }>(submitter)
    expect(acknowledged.length).toBeLessThan(SUBMISSIONS)

    const stored = await finalAnswer<Stored>(FIXTURE, ['check', dataDir])
    const byId = new Map(stored.referrals.map(r => [r.id, r]))
    for (const ack of acknowledged) {
      expect(byId.get(ack.referralId)?.reference).toBe(ack.reference)
    }
    // At most the one in flight when the process died may have committed unacknowledged.
    expect(stored.referrals.length - acknowledged.length).toBeLessThanOrEqual(1)
    for (const referral of stored.referrals) {
      expect(referral).toMatchObject({ children: 2, audits: 1, draftMarked: true, mails: 1 })
    }
    expect(stored.orphanChildren).toBe(0)
  }, 720_000)
})
