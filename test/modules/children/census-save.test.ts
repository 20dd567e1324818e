import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import type { CensusChild } from '../../../src/modules/census/model.js'
import { ConcurrentWriteError } from '../../../src/modules/children/repo.js'
import { saveCensusChildren } from '../../../src/modules/children/service.js'
import { useTestApp } from '../../helpers/test-app.js'

const t = useTestApp()

/** Text an array literal must quote: a quote, a backslash, a comma, braces, the word NULL. */
const AWKWARD = ['A"B', 'C\\D', 'E,F', '{G}', 'NULL', ' H ']

function child(disabilities: string[], laChildId = 'S1'): CensusChild {
  return {
    line: 1,
    identifiers: { laChildId, personBirthDate: '2015-06-01', sex: 'F' },
    ethnicity: 'WBRI',
    disabilities,
    episodes: [
      {
        referralDate: '2024-05-01',
        referralNfa: 'false',
        assessments: [{ startDate: '2024-05-02', factors: AWKWARD }],
        cinPlans: [],
        section47s: [{ startDate: '2024-05-03', icpcNotRequired: 'true' }],
        childProtectionPlans: [
          {
            startDate: '2024-05-22',
            numberOfPreviousCpp: '2',
            reviewDates: ['2024-08-20', undefined],
          },
        ],
        preProceedings: [],
      },
    ],
  }
}

function save(children: CensusChild[]) {
  const scope = { partnershipId: t.northbridge.id, userId: null }
  return inPartnership(t.database.db, scope, trx =>
    saveCensusChildren(trx, t.northbridge.id, children),
  )
}

async function heldDisabilities(laChildId = 'S1') {
  const rows = await t.database.owner
    .selectFrom('child')
    .select('disabilities')
    .where('partnership_id', '=', t.northbridge.id)
    .where('la_child_id', '=', laChildId)
    .execute()
  return rows.map(row => row.disabilities).flat()
}

describe('saving census children', () => {
  it('keeps array items and types exactly, and finds the same child unchanged again', async () => {
    const first = await save([child(AWKWARD)])
    expect(first.child).toEqual({ inserted: 1, updated: 0, unchanged: 0 })
    const held = await t.database.owner
      .selectFrom('child')
      .innerJoin('cin_episode', 'cin_episode.child_id', 'child.id')
      .innerJoin('assessment', 'assessment.episode_id', 'cin_episode.id')
      .innerJoin('section47', 'section47.episode_id', 'cin_episode.id')
      .innerJoin('child_protection_plan', 'child_protection_plan.episode_id', 'cin_episode.id')
      .select([
        'child.disabilities',
        'child.birth_date',
        'cin_episode.referral_nfa',
        'assessment.factors',
        'section47.icpc_not_required',
        'child_protection_plan.number_of_previous_plans',
        'child_protection_plan.review_dates',
      ])
      .executeTakeFirstOrThrow()
    expect(held).toMatchObject({
      disabilities: AWKWARD,
      referral_nfa: false,
      factors: AWKWARD,
      icpc_not_required: true,
      number_of_previous_plans: 2,
    })
    expect(held.review_dates).toHaveLength(1)
    const again = await save([child(AWKWARD)])
    for (const table of ['child', 'cinEpisode', 'assessment', 'section47'] as const) {
      expect(again[table], table).toEqual({ inserted: 0, updated: 0, unchanged: 1 })
    }
    const changed = await save([child([...AWKWARD, 'I'])])
    expect(changed.child).toEqual({ inserted: 0, updated: 1, unchanged: 0 })
  })

  it('keeps the last of two children given with one LA child ID, new or already held', async () => {
    const first = await save([child(['A']), child(['B'])])
    expect(first.child).toEqual({ inserted: 1, updated: 0, unchanged: 1 })
    expect(await heldDisabilities()).toEqual(['B'])
    const again = await save([child(['C']), child(['D'])])
    expect(again.child).toEqual({ inserted: 0, updated: 1, unchanged: 1 })
    expect(await heldDisabilities()).toEqual(['D'])
  })

  it.skipIf(!process.env.TEST_DATABASE_URL)(
    'keeps nothing when another transaction saves the same child while it saves',
    async () => {
      let saved!: () => void
      let commit!: () => void
      const firstSaved = new Promise<void>(resolve => (saved = resolve))
      const mayCommit = new Promise<void>(resolve => (commit = resolve))
      const scope = { partnershipId: t.northbridge.id, userId: null }
      const first = inPartnership(t.database.db, scope, async trx => {
        await saveCensusChildren(trx, t.northbridge.id, [child(['FIRST'], 'S9')])
        saved()
        await mayCommit
      })
      await firstSaved
      const second = save([child(['SECOND'], 'S9')])
      second.catch(() => undefined)
      await waitForALockWait()
      commit()
      await first
      await expect(second).rejects.toBeInstanceOf(ConcurrentWriteError)
      expect(await heldDisabilities('S9')).toEqual(['FIRST'])
      const episodes = await t.database.owner
        .selectFrom('cin_episode')
        .innerJoin('child', 'child.id', 'cin_episode.child_id')
        .where('child.la_child_id', '=', 'S9')
        .select('cin_episode.id')
        .execute()
      expect(episodes).toHaveLength(1)
    },
  )
})

/** Until a backend of this database waits for a lock (the second save, on the first's child). */
async function waitForALockWait() {
  for (let tries = 0; tries < 200; tries++) {
    const waiting = await sql<{ count: number }>`
      select count(*)::int as count from pg_stat_activity
       where datname = current_database() and wait_event_type = 'Lock'`.execute(t.database.owner)
    if ((waiting.rows[0]?.count ?? 0) > 0) return
    await new Promise(resolve => setTimeout(resolve, 25))
  }
  throw new Error('The second save never waited for the first')
}
