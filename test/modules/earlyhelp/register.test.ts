import { describe, expect, it } from 'vitest'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { Visitor } from '../frontdoor/journey.js'
import { earlyHelpFlows } from '../../../src/modules/earlyhelp/queries.js'
import { recordStepUp } from '../../../src/modules/earlyhelp/service.js'
import { inPartnership } from '../../../src/db/database.js'
import { EARLY_HELP, decide, insertChild, insertReferral } from './fixtures.js'

const t = useTestApp()
const DECIDED = new Date('2026-11-10T10:00:00Z')

async function episodeAfterDecision(laChildId: string) {
  const childId = await insertChild(t, laChildId)
  const referralId = await insertReferral(t, new Date('2026-11-09T10:00:00Z'), childId)
  expect(await decide(t, referralId, EARLY_HELP, DECIDED)).toMatchObject({ kind: 'decided' })
  const episode = await t.database.owner
    .selectFrom('early_help_episode')
    .selectAll()
    .where('child_id', '=', childId)
    .executeTakeFirstOrThrow()
  return { childId, referralId, episodeId: episode.id as string, episode }
}

function date(prefix: string, iso: string) {
  const [year = '', month = '', day = ''] = iso.split('-')
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year,
  }
}

describe('the early help register', () => {
  it('a front door decision of early help opens an early help episode and a referral with NFA, not an open CIN episode', async () => {
    const { childId, referralId, episode } = await episodeAfterDecision('EH1')
    expect(episode).toMatchObject({
      referral_id: referralId,
      start_date: '2026-11-10',
      end_date: null,
    })
    const cin = await t.database.owner
      .selectFrom('cin_episode')
      .selectAll()
      .where('child_id', '=', childId)
      .execute()
    expect(cin).toHaveLength(1)
    expect(cin[0]).toMatchObject({ referral_nfa: true, closure_date: '2026-11-09' })
    const audit = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'early-help-episode.opened')
      .execute()
    expect(audit).toHaveLength(1)
  })

  it('writes a contact only, with no census record, when the partnership says so', async () => {
    await t.database.owner
      .insertInto('front_door_setting')
      .values({ partnership_id: t.northbridge.id, early_help_writes: 'contact-only' })
      .execute()
    const { childId } = await episodeAfterDecision('EH2')
    const cin = await t.database.owner
      .selectFrom('cin_episode')
      .selectAll()
      .where('child_id', '=', childId)
      .execute()
    expect(cin).toHaveLength(0)
  })

  it('lists episodes, exports them, and keeps them from roles outside the front door and social work', async () => {
    await episodeAfterDecision('EH3')
    const worker = new Visitor(t, await t.signInAs('social-worker'))
    const page = await worker.get('/early-help')
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('EH3')
    const manager = new Visitor(t, await t.signInAs('front-door-manager'))
    const csv = await manager.get('/early-help/export/csv?show=all')
    expect(csv.statusCode).toBe(200)
    expect(csv.body).toContain('EH3')
    const xlsx = await manager.get('/early-help/export/xlsx')
    expect(xlsx.statusCode).toBe(200)
    expect((await worker.get('/early-help/export/csv')).statusCode).toBe(403)
    const trainer = new Visitor(t, await t.signInAs('trainer'))
    expect((await trainer.get('/early-help')).statusCode).toBe(403)
    expect((await worker.get('/early-help?show=all&show=open')).statusCode).toBe(400)
  })

  it('records the lead professional, a review and the closure with its outcome', async () => {
    const { episodeId } = await episodeAfterDecision('EH4')
    const agency = await t.database.owner
      .selectFrom('agency')
      .select('id')
      .where('partnership_id', '=', t.northbridge.id)
      .where('is_active', '=', true)
      .executeTakeFirstOrThrow()
    const worker = new Visitor(t, await t.signInAs('front-door-practitioner'))
    await worker.step(`/early-help/${episodeId}/lead`, {
      leadProfessional: 'Jo Family-Support',
      leadAgencyId: agency.id as string,
      familyPlan: 'School attendance support; parenting course',
      ...date('agreedOn', '2026-11-12'),
    })
    await worker.step(`/early-help/${episodeId}/reviews`, {
      ...date('heldOn', '2026-11-20'),
      reviewNotes: 'Attendance improving',
      ...date('nextReviewOn', '2026-12-20'),
    })
    const page = await worker.get(`/early-help/${episodeId}`)
    expect(page.body).toContain('Jo Family-Support')
    expect(page.body).toContain('Attendance improving')
    await worker.step(`/early-help/${episodeId}/close`, {
      ...date('endedOn', '2026-11-25'),
      endReason: 'needs-met',
    })
    const closed = await t.database.owner
      .selectFrom('early_help_episode')
      .selectAll()
      .where('id', '=', episodeId)
      .executeTakeFirstOrThrow()
    expect(closed).toMatchObject({
      end_date: '2026-11-25',
      end_reason: 'needs-met',
      family_plan_agreed_on: '2026-11-12',
    })
    const refused = await expectNothingWritten(t, () =>
      worker.post(`/early-help/${episodeId}/reviews`, {
        ...date('heldOn', '2026-11-26'),
        reviewNotes: 'Late',
      }),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('This early help episode has ended')
  })

  it('refuses bad input with a message next to the field, and writes nothing', async () => {
    const { episodeId } = await episodeAfterDecision('EH5')
    const worker = new Visitor(t, await t.signInAs('social-worker'))
    const cases: [string, Record<string, string>, string][] = [
      ['lead', { leadProfessional: '', leadAgencyId: 'x' }, 'Enter the lead professional’s name'],
      [
        'lead',
        { leadProfessional: 'Jo', leadAgencyId: crypto.randomUUID() },
        'Select the lead professional’s agency from the list',
      ],
      ['reviews', { reviewNotes: 'x' }, 'Enter the date of the review'],
      [
        'reviews',
        { ...date('heldOn', '2026-11-01'), reviewNotes: 'Too early' },
        'The review cannot be before the episode started',
      ],
      ['close', { ...date('endedOn', '2026-11-20') }, 'Select the outcome of the early help'],
      [
        'close',
        { ...date('endedOn', '2026-11-20'), endReason: 'other' },
        'Enter why the early help ended',
      ],
      [
        'close',
        { ...date('endedOn', '2026-11-01'), endReason: 'needs-met' },
        'on or after the date it started',
      ],
      [
        'close',
        {
          'endedOn-day': '31',
          'endedOn-month': '2',
          'endedOn-year': '2026',
          endReason: 'needs-met',
        },
        'must be a real date',
      ],
    ]
    for (const [path, fields, message] of cases) {
      const response = await expectNothingWritten(t, () =>
        worker.post(`/early-help/${episodeId}/${path}`, fields),
      )
      expect(response.statusCode).toBe(400)
      expect(response.body).toContain(message)
    }
    const episode = await t.database.owner
      .selectFrom('early_help_episode')
      .selectAll()
      .where('id', '=', episodeId)
      .executeTakeFirstOrThrow()
    expect(episode).toMatchObject({ end_date: null, lead_professional: null })
  })

  it('offers step-up to children’s social care as a command, counted as a flow', async () => {
    const { childId } = await episodeAfterDecision('EH6')
    const scope = { partnershipId: t.northbridge.id, userId: t.userId('social-worker') }
    const outcome = await inPartnership(t.database.db, scope, trx =>
      recordStepUp(trx, { ...scope, requestId: 'test' }, { childId, on: '2026-11-30' }),
    )
    expect(outcome).toBe('stepped-up')
    const flows = await inPartnership(t.database.db, scope, trx =>
      earlyHelpFlows(trx, t.northbridge.id, { from: '2026-11-01', to: '2026-11-30' }),
    )
    expect(flows).toEqual({ started: 1, steppedUp: 1 })
  })
})
