import { describe, expect, it } from 'vitest'
import {
  DEMO_CENSUS_DEFAULTS,
  generateCensusDemoRecords,
} from '../../../src/modules/census/demo.js'
import { seedDemoEarlyHelp } from '../../../src/modules/earlyhelp/demo.js'
import { useTestApp } from '../../helpers/test-app.js'
import { Visitor } from '../frontdoor/journey.js'

const t = useTestApp()

describe('the early help demo', () => {
  it('shows episodes at every stage, one stepped up on the day its child was referred', async () => {
    await generateCensusDemoRecords(t.database.db, t.northbridge.id, {
      ...DEMO_CENSUS_DEFAULTS,
      seed: 1,
    })
    expect(await seedDemoEarlyHelp(t.database.db, t.northbridge)).toBe(6)
    const owner = t.database.owner
    const episodes = await owner
      .selectFrom('early_help_episode')
      .select([
        'id',
        'child_id',
        'end_date',
        'end_reason',
        'family_plan',
        eb =>
          eb
            .selectFrom('early_help_review')
            .select(eb.fn.countAll<number>().as('n'))
            .whereRef('early_help_review.episode_id', '=', 'early_help_episode.id')
            .as('reviews'),
      ])
      .execute()
    const open = episodes.filter(e => e.end_date === null)
    expect(open.length).toBe(3)
    expect(open.some(e => e.family_plan !== null && Number(e.reviews) >= 2)).toBe(true)
    expect(episodes.map(e => e.end_reason).sort()).toEqual(
      ['family-declined', 'needs-met', 'stepped-up', null, null, null].sort(),
    )
    const steppedUp = episodes.find(e => e.end_reason === 'stepped-up')
    const referral = await owner
      .selectFrom('cin_episode')
      .select(['referral_date', 'closure_date'])
      .where('child_id', '=', steppedUp?.child_id as string)
      .where('referral_date', '=', steppedUp?.end_date as string)
      .executeTakeFirstOrThrow()
    expect(referral.closure_date).toBeNull()
    const step = await owner
      .selectFrom('journey_step')
      .select(['kind', 'stepped_on'])
      .where('child_id', '=', steppedUp?.child_id as string)
      .executeTakeFirstOrThrow()
    expect(step).toEqual({ kind: 'early-help-to-social-care', stepped_on: steppedUp?.end_date })
    // No open early help beside an open child in need episode.
    for (const episode of open) {
      const cin = await owner
        .selectFrom('cin_episode')
        .select('id')
        .where('child_id', '=', episode.child_id as string)
        .where('closure_date', 'is', null)
        .where('referral_nfa', 'is not', true)
        .execute()
      expect(cin).toEqual([])
    }
    // Seeding again adds nothing; the agency lead sees their agency's episode.
    expect(await seedDemoEarlyHelp(t.database.db, t.northbridge)).toBe(0)
    const lead = new Visitor(t, await t.signInAs('agency-lead'))
    const page = await lead.get('/early-help')
    expect(page.body).toContain('PC Dan Hughes, neighbourhood team')
    expect(page.body).not.toContain('Priya Shah')
  })
})
