import { describe, expect, it } from 'vitest'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { Visitor } from '../frontdoor/journey.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { addCalendarDays } from '../../../src/platform/working-days.js'
import { insertChild } from './fixtures.js'

const t = useTestApp()
const today = londonToday()
const startedOn = addCalendarDays(today, -10)

function date(prefix: string, iso: string) {
  const [year = '', month = '', day = ''] = iso.split('-')
  return {
    [`${prefix}-day`]: String(Number(day)),
    [`${prefix}-month`]: String(Number(month)),
    [`${prefix}-year`]: year,
  }
}

/** The demo agencies: the agency lead's (index 1) and another (index 0). */
function agencies() {
  const [other = '', ownAgency = ''] = t.northbridge.agencyIds
  return { other, ownAgency }
}

function openForm(laChildId: string, leadAgencyId: string, extra: Record<string, string> = {}) {
  return {
    laChildId,
    ...date('startedOn', startedOn),
    reason: 'Parenting support after a house move; school attendance falling',
    leadProfessional: 'Jo Family-Support',
    leadAgencyId,
    ...extra,
  }
}

async function episodeOf(childId: string) {
  return t.database.owner
    .selectFrom('early_help_episode')
    .selectAll()
    .where('child_id', '=', childId)
    .executeTakeFirstOrThrow()
}

describe('opening an early help episode by hand', () => {
  it('opens the episode with its lead professional and agency, audited, with no referral', async () => {
    const childId = await insertChild(t, 'HAND1')
    const worker = new Visitor(t, await t.signInAs('social-worker'))
    const form = await worker.get('/early-help/new')
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Child’s LA child ID')
    const next = await worker.step('/early-help', openForm('HAND1', agencies().other))
    expect(next).toMatch(/^\/early-help\/[0-9a-f-]{36}\?notice=early-help-opened$/)
    const episode = await episodeOf(childId)
    expect(episode).toMatchObject({
      referral_id: null,
      start_date: startedOn,
      end_date: null,
      lead_professional: 'Jo Family-Support',
      lead_agency_id: agencies().other,
    })
    const page = await worker.get(next)
    expect(page.body).toContain('Early help episode opened')
    expect(page.body).toContain('Parenting support after a house move')
    const audit = await t.database.owner
      .selectFrom('audit_event')
      .select(['action', 'child_id'])
      .where('action', '=', 'early-help-episode.opened')
      .execute()
    expect(audit).toEqual([{ action: 'early-help-episode.opened', child_id: childId }])
  })

  it('refuses bad input with a message next to the field, and writes nothing', async () => {
    const childId = await insertChild(t, 'HAND2')
    const worker = new Visitor(t, await t.signInAs('front-door-practitioner'))
    const { other } = agencies()
    const cases: [Record<string, string>, string, string][] = [
      [openForm('', other), 'laChildId', 'Enter the child’s LA child ID'],
      [openForm('NOSUCHCHILD', other), 'laChildId', 'No child’s record has this LA child ID'],
      [openForm('HAND-2!', other), 'laChildId', 'letters and numbers only'],
      [
        openForm('HAND2', other, { reason: ' ' }),
        'reason',
        'Enter why the family needs early help',
      ],
      [
        openForm('HAND2', other, { leadProfessional: '' }),
        'leadProfessional',
        'Enter the lead professional’s name',
      ],
      [openForm('HAND2', ''), 'leadAgencyId', 'Select the lead professional’s agency'],
      [
        openForm('HAND2', crypto.randomUUID()),
        'leadAgencyId',
        'Select the lead professional’s agency from the list',
      ],
      [
        openForm('HAND2', other, date('startedOn', addCalendarDays(today, 3))),
        'startedOn-day',
        'must be today or in the past',
      ],
      [
        openForm('HAND2', other, { 'startedOn-day': '31', 'startedOn-month': '2' }),
        'startedOn-day',
        'must be a real date',
      ],
    ]
    for (const [fields, field, message] of cases) {
      const response = await expectNothingWritten(t, () => worker.post('/early-help', fields))
      expect(response.statusCode, message).toBe(400)
      expect(response.body).toContain(message)
      expect(response.body).toContain(`href="#${field}"`)
    }
    // A second episode for a child whose episode is open is refused too.
    await worker.step('/early-help', openForm('HAND2', other))
    const again = await expectNothingWritten(t, () =>
      worker.post('/early-help', openForm('HAND2', other)),
    )
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('This child already has an open early help episode')
    expect((await episodeOf(childId)).lead_agency_id).toBe(other)
  })

  it('is refused to roles outside early help: no episode written, only the refusal audited', async () => {
    await insertChild(t, 'HAND3')
    const trainer = new Visitor(t, await t.signInAs('trainer'))
    expect((await trainer.get('/early-help/new')).statusCode).toBe(403)
    const refused = await trainer.post('/early-help', openForm('HAND3', agencies().other))
    expect(refused.statusCode).toBe(403)
    const episodes = await t.database.owner.selectFrom('early_help_episode').select('id').execute()
    expect(episodes).toEqual([])
    const opened = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'early-help%')
      .execute()
    expect(opened).toEqual([])
  })
})

describe('the agency lead’s view of early help', () => {
  it('shows only the episodes their agency leads, and refuses the others', async () => {
    const { other, ownAgency } = agencies()
    const ownChild = await insertChild(t, 'AGENCY1')
    const otherChild = await insertChild(t, 'AGENCY2')
    const worker = new Visitor(t, await t.signInAs('social-worker'))
    await worker.step('/early-help', openForm('AGENCY1', ownAgency))
    await worker.step('/early-help', openForm('AGENCY2', other))
    const ownEpisode = (await episodeOf(ownChild)).id as string
    const otherEpisode = (await episodeOf(otherChild)).id as string

    const lead = new Visitor(t, await t.signInAs('agency-lead'))
    const register = await lead.get('/early-help')
    expect(register.statusCode).toBe(200)
    expect(register.body).toContain('Early help led by your agency')
    expect(register.body).toContain('AGENCY1')
    expect(register.body).not.toContain('AGENCY2')
    const csv = await lead.get('/early-help/export/csv?show=all')
    expect(csv.statusCode).toBe(200)
    expect(csv.body).toContain('AGENCY1')
    expect(csv.body).not.toContain('AGENCY2')
    // Asking for the other agency's episodes by the filter shows none of them.
    const asked = await lead.get(`/early-help?show=all&agency=${other}`)
    expect(asked.body).not.toContain('AGENCY2')

    expect((await lead.get(`/early-help/${ownEpisode}`)).statusCode).toBe(200)
    expect((await lead.get(`/early-help/${otherEpisode}`)).statusCode).toBe(404)
    const review = { ...date('heldOn', today), reviewNotes: 'Going well' }
    const refused = await expectNothingWritten(t, () =>
      lead.post(`/early-help/${otherEpisode}/reviews`, review),
    )
    expect(refused.statusCode).toBe(404)
    await lead.step(`/early-help/${ownEpisode}/reviews`, review)

    // They cannot hand their episode to another agency, nor open one for another agency.
    const handOver = await expectNothingWritten(t, () =>
      lead.post(`/early-help/${ownEpisode}/lead`, {
        leadProfessional: 'Someone else',
        leadAgencyId: other,
      }),
    )
    expect(handOver.statusCode).toBe(400)
    expect(handOver.body).toContain('Select the lead professional’s agency from the list')
    await insertChild(t, 'AGENCY3')
    const elsewhere = await expectNothingWritten(t, () =>
      lead.post('/early-help', openForm('AGENCY3', other)),
    )
    expect(elsewhere.statusCode).toBe(400)
    await lead.step('/early-help', openForm('AGENCY3', ownAgency))

    // Those who see every agency can choose one.
    const filtered = await worker.get(`/early-help?show=all&agency=${other}`)
    expect(filtered.body).toContain('AGENCY2')
    expect(filtered.body).not.toContain('AGENCY1')
  })
})
