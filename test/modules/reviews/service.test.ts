import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import { reviewsDemoContributor } from '../../../src/modules/reviews/demo.js'
import { referCaseForScreening } from '../../../src/modules/reviews/service.js'
import { refusable } from '../../../src/platform/refusal.js'
import { SeededRandom } from '../../../src/platform/random.js'
import { useTestApp } from '../../helpers/test-app.js'
import { snapshot } from './helpers.js'

const t = useTestApp()

describe('referral from another module, and demo data', () => {
  it('refers a child death review for screening once, and refuses the same record twice', async () => {
    const actor = {
      userId: t.userId('cdop-coordinator'),
      email: 'cdop@example.org',
      displayName: 'CDOP',
      partnershipId: t.northbridge.id,
      partnershipName: 'Northbridge',
      roles: ['cdop-coordinator' as const],
      agencyIds: [],
      via: 'session' as const,
    }
    const referral = {
      source: 'cdop' as const,
      sourceId: '11111111-1111-4111-8111-111111111111',
      childName: 'Alex Roe',
      childId: null,
      dateOfBirth: '2024-01-02',
      awareOn: '2026-12-01',
      agencyId: null,
      summary: 'Unexpected death; neglect suspected.',
    }
    const scope = { partnershipId: t.northbridge.id, userId: actor.userId }
    const first = await inPartnership(t.database.db, scope, trx =>
      referCaseForScreening(trx, { actor, requestId: 'test' }, referral),
    )
    const stored = await t.database.owner
      .selectFrom('cr_case')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(stored.id).toBe(first.referralId)
    expect(stored.source).toBe('cdop')
    // Aware Tuesday 1 December 2026: due Tuesday 8 December.
    expect(stored.notification_due_on).toBe('2026-12-08')
    const before = await snapshot(t)
    const again = await refusable(() =>
      inPartnership(t.database.db, scope, trx =>
        referCaseForScreening(trx, { actor, requestId: 'test' }, referral),
      ),
    )
    expect(again).toMatchObject({ kind: 'refused', field: 'form' })
    expect(await snapshot(t)).toEqual(before)
  })

  it('generates demo cases and reviews through the services, once', async () => {
    const context = {
      database: t.database,
      random: new SeededRandom(1),
      partnerships: [t.northbridge],
      options: { partnerships: 1, seed: 1 },
    }
    expect(await reviewsDemoContributor.contribute(context)).toEqual({ cases: 4, reviews: 2 })
    expect(await reviewsDemoContributor.contribute(context)).toEqual({ cases: 0 })
    const actions = await t.database.owner.selectFrom('cr_recommendation').selectAll().execute()
    expect(actions.length).toBe(1)
  })
})
