import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { DatabaseHandles } from '../../../src/db/database.js'
import { migrateToLatest } from '../../../src/db/migrate.js'
import { frontdoorJobs } from '../../../src/modules/frontdoor/jobs.js'
import { JobRunner } from '../../../src/platform/jobs.js'
import { createTestDatabase } from '../../helpers/test-app.js'

let database: DatabaseHandles
let drop: () => Promise<void>

beforeAll(async () => {
  const created = await createTestDatabase()
  database = created.database
  drop = created.drop
  await migrateToLatest(database.owner)
})

afterAll(async () => {
  await drop()
})

async function insertDraft(partnershipId: string, token: string, expiresInMs: number) {
  await database.owner
    .insertInto('referral_draft')
    .values({
      partnership_id: partnershipId,
      token_hash: token,
      source: 'public',
      answers: JSON.stringify({ concern: { concern: 'A worry about a child', startedOn: null } }),
      expires_at: new Date(Date.now() + expiresInMs),
    })
    .execute()
}

describe('the front door’s purge of expired drafts', () => {
  it('deletes every partnership’s expired report drafts and keeps live ones', async () => {
    const ids: string[] = []
    for (const slug of ['northbridge', 'southbridge']) {
      const row = await database.owner
        .insertInto('partnership')
        .values({ slug, name: slug })
        .returning('id')
        .executeTakeFirstOrThrow()
      ids.push(row.id as string)
      await insertDraft(row.id as string, `${slug}-expired`, -60_000)
      await insertDraft(row.id as string, `${slug}-live`, 3_600_000)
    }
    const jobs = frontdoorJobs({ db: database.db })
    const runner = new JobRunner(database.db, jobs.handlers, { recurring: jobs.recurring })

    expect(await runner.runDue()).toMatchObject({ done: 2, gaveUp: 0 })

    const left = await sql<{ token_hash: string }>`
      select token_hash from referral_draft order by token_hash`.execute(database.owner)
    expect(left.rows.map(row => row.token_hash)).toEqual(['northbridge-live', 'southbridge-live'])
    const next = await database.owner
      .selectFrom('job')
      .select(['kind', 'partnership_id'])
      .where('finished_at', 'is', null)
      .execute()
    expect(next).toHaveLength(2)
    expect(next.every(job => job.kind === 'purge-expired-drafts')).toBe(true)
    expect(new Set(next.map(job => job.partnership_id))).toEqual(new Set(ids))
  })
})
