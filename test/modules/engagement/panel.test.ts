import { describe, expect, it } from 'vitest'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { createBody, scheduleMeeting } from '../../../src/modules/governance/service.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { addCalendarDays } from '../../../src/platform/working-days.js'
import { ctxAs, rows } from './helpers.js'

const t = useTestApp()

async function namedCoordinator() {
  const admin = await t.signInAs('partnership-admin')
  const named = await t.postForm(
    '/engagement/panel/coordinators',
    { userId: t.userId('business-officer') },
    admin,
  )
  expect(named.statusCode).toBe(303)
  return t.signInAs('business-officer')
}

describe('the young people’s panel', () => {
  it('shows its members only to the coordinators the administrator names', async () => {
    const officer = await t.signInAs('business-officer')
    const before = await t.inject({
      method: 'GET',
      url: '/engagement/panel',
      headers: { cookie: officer },
    })
    // Not yet a coordinator: told who sees the panel, and shown no member.
    expect(before.statusCode).toBe(200)
    expect(before.body).toContain('Only the panel’s coordinators see its members')
    // A 403 is itself recorded (access.refused), so the check here is on the panel's table.
    const refused = await t.postForm(
      '/engagement/panel/members',
      { firstName: 'Ayo', ageBand: '16-17' },
      officer,
    )
    expect(refused.statusCode).toBe(403)
    expect(await rows(t, 'select id from eng_panel_member')).toEqual([])

    const coordinator = await namedCoordinator()
    expect(
      (
        await t.postForm(
          '/engagement/panel/members',
          { firstName: 'Ayo', ageBand: '16-17' },
          coordinator,
        )
      ).statusCode,
    ).toBe(303)
    const page = await t.inject({
      method: 'GET',
      url: '/engagement/panel',
      headers: { cookie: coordinator },
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Ayo')

    for (const role of ['partnership-admin', 'board-member', 'social-worker', 'analyst'] as const) {
      const cookie = await t.signInAs(role)
      const response = await t.inject({
        method: 'GET',
        url: '/engagement/panel',
        headers: { cookie },
      })
      expect(response.statusCode, role).toBe(403)
      expect(response.body).not.toContain('Ayo')
    }
    const board = await t.signInAs('board-member')
    const report = await t.inject({
      method: 'GET',
      url: '/engagement/panel/report',
      headers: { cookie: board },
    })
    expect(report.statusCode).toBe(200)
    expect(report.body).toContain('The panel has 1 members')
    expect(report.body).not.toContain('Ayo')
    const other = await t.signInAs('business-officer', t.southbridge)
    const otherPage = await t.inject({
      method: 'GET',
      url: '/engagement/panel',
      headers: { cookie: other },
    })
    expect(otherPage.statusCode).toBe(200)
    expect(otherPage.body).toContain('Only the panel’s coordinators see its members')
    expect(otherPage.body).not.toContain('Ayo')
    const events = await rows<{ text: string }>(
      t,
      "select coalesce(fields::text, '') as text from audit_event where action like 'engagement.panel%'",
    )
    expect(events.map(e => e.text).join(' ')).not.toContain('Ayo')
  })

  it('keeps minimal data: a member under 16 needs a parent’s consent, bad input writes nothing', async () => {
    const coordinator = await namedCoordinator()
    const noConsent = await expectNothingWritten(t, () =>
      t.postForm('/engagement/panel/members', { firstName: 'Mia', ageBand: '11-13' }, coordinator),
    )
    expect(noConsent.statusCode).toBe(400)
    expect(noConsent.body).toContain('A member under 16 needs the consent of a parent or carer')
    const blank = await expectNothingWritten(t, () =>
      t.postForm('/engagement/panel/members', { firstName: '', ageBand: '9-10' }, coordinator),
    )
    expect(blank.body).toContain('Enter the member’s first name')
    expect(blank.body).toContain('Select the member’s age band')
    expect(
      (
        await t.postForm(
          '/engagement/panel/members',
          { firstName: 'Mia', ageBand: '11-13', parentalConsent: 'yes' },
          coordinator,
        )
      ).statusCode,
    ).toBe(303)
    const [member] = await rows<Record<string, unknown>>(t, 'select * from eng_panel_member')
    expect(Object.keys(member ?? {}).sort()).toEqual(
      [
        'age_band',
        'first_name',
        'id',
        'joined_on',
        'left_on',
        'parental_consent',
        'partnership_id',
      ].sort(),
    )
    expect(member?.parental_consent).toBe('given')
  })

  it('records contributions, reported to the board as a standing item', async () => {
    const coordinator = await namedCoordinator()
    const bad = await expectNothingWritten(t, () =>
      t.postForm('/engagement/panel/contributions', { topic: '', views: '' }, coordinator),
    )
    expect(bad.body).toContain('Enter what the panel was asked about')
    await t.postForm(
      '/engagement/panel/contributions',
      {
        topic: 'The neglect strategy',
        views: 'Use plain words',
        influenced: 'The strategy was rewritten in plain English',
      },
      coordinator,
    )
    const board = await t.signInAs('board-member')
    const report = await t.inject({
      method: 'GET',
      url: '/engagement/panel/report',
      headers: { cookie: board },
    })
    expect(report.body).toContain('The strategy was rewritten in plain English')
    const admin = await t.signInAs('partnership-admin')
    const twice = await expectNothingWritten(t, () =>
      t.postForm('/engagement/panel/coordinators', { userId: t.userId('business-officer') }, admin),
    )
    expect(twice.body).toContain('This person is already a coordinator')
  })
})

describe('engagement figures for the annual report', () => {
  it('count the panel’s contributions and the decisions they influenced in the period', async () => {
    const coordinator = await namedCoordinator()
    await t.postForm(
      '/engagement/panel/contributions',
      { topic: 'A', views: 'B', influenced: 'C' },
      coordinator,
    )
    await t.postForm('/engagement/panel/contributions', { topic: 'D', views: 'E' }, coordinator)
    const { engagementFigures } = await import('../../../src/modules/engagement/queries.js')
    const { inPartnership } = await import('../../../src/db/database.js')
    const { londonToday } = await import('../../../src/platform/calendar.js')
    const figures = await inPartnership(
      t.database.db,
      { partnershipId: t.northbridge.id, userId: null },
      trx => engagementFigures(trx, { from: londonToday(), to: londonToday() }),
    )
    expect(figures).toEqual({
      surveys: [],
      panelContributions: 2,
      panelDecisionsInfluenced: 1,
      campaigns: [],
      campaignReach: 0,
    })
  })
})

describe('the panel’s report as a standing item of the board', () => {
  async function boardWithMeetings() {
    const ctx = ctxAs(t)
    const today = londonToday()
    const body = await createBody(t.database.db, ctx, {
      name: 'Safeguarding Children Board',
      kind: 'board',
      parentId: null,
      chairName: null,
      termsOfReference: null,
      termsReviewOn: null,
      activeFrom: addCalendarDays(today, -400),
      activeTo: null,
      attendanceTarget: 75,
    })
    if (body.kind !== 'saved') throw new Error('no board')
    const meeting = async (heldOn: string, title: string, status: 'scheduled' | 'held') => {
      const made = await scheduleMeeting(t.database.db, ctx, body.id, { heldOn, title, status })
      if (made.kind !== 'saved') throw new Error('no meeting')
      return made.id
    }
    return {
      next: await meeting(addCalendarDays(today, 20), 'Board, spring', 'scheduled'),
      past: await meeting(addCalendarDays(today, -20), 'Board, winter', 'held'),
    }
  }

  it('is put on the agenda of a meeting to come by the business unit, once, and links from the meeting', async () => {
    const { next, past } = await boardWithMeetings()
    const officer = await t.signInAs('business-officer')
    const page = await t.inject({
      method: 'GET',
      url: '/engagement/panel/report',
      headers: { cookie: officer },
    })
    expect(page.body).toContain('Board, spring')
    expect(page.body).not.toContain('Board, winter')
    const put = await t.postForm('/engagement/panel/report/agenda', { meetingId: next }, officer)
    expect(put.statusCode).toBe(303)
    const items = await rows<{ report: string; title: string }>(
      t,
      `select report, title from gov_agenda_item where meeting_id = '${next}'`,
    )
    expect(items).toEqual([
      { report: 'young-peoples-panel', title: 'The young people’s panel: report to the board' },
    ])
    const meeting = await t.inject({
      method: 'GET',
      url: `/governance/meetings/${next}`,
      headers: { cookie: officer },
    })
    expect(meeting.body).toContain('href="/engagement/panel/report"')

    for (const [meetingId, message] of [
      [next, 'The report is already on the agenda of this meeting'],
      [past, 'Select a meeting that has not yet been held'],
      [t.northbridge.id, 'Select the meeting from the list'],
      ['not-an-id', 'Select the meeting from the list'],
    ] as const) {
      const refused = await expectNothingWritten(t, () =>
        t.postForm('/engagement/panel/report/agenda', { meetingId }, officer),
      )
      expect(refused.statusCode, message).toBe(400)
      expect(refused.body).toContain(message)
    }
    const board = await t.signInAs('board-member')
    const readOnly = await t.inject({
      method: 'GET',
      url: '/engagement/panel/report',
      headers: { cookie: board },
    })
    expect(readOnly.body).toContain('Board, spring')
    expect(readOnly.body).not.toContain('Put the report on the agenda')
    expect(
      (await t.postForm('/engagement/panel/report/agenda', { meetingId: next }, board)).statusCode,
    ).toBe(403)
  })

  it('can be a standing item of the board, on every meeting it schedules', async () => {
    const officer = await t.signInAs('business-officer')
    const { next } = await boardWithMeetings()
    const [body] = await rows<{ id: string }>(
      t,
      `select body_id as id from gov_meeting where id = '${next}'`,
    )
    const added = await t.postForm(
      `/governance/bodies/${body?.id}/standing-items`,
      { title: 'Young people’s panel', report: 'young-peoples-panel' },
      officer,
    )
    expect(added.statusCode).toBe(303)
    const ctx = ctxAs(t)
    const later = await scheduleMeeting(t.database.db, ctx, body?.id ?? '', {
      heldOn: addCalendarDays(londonToday(), 60),
      title: 'Board, summer',
      status: 'scheduled',
    })
    if (later.kind !== 'saved') throw new Error('no meeting')
    const items = await rows<{ report: string }>(
      t,
      `select report from gov_agenda_item where meeting_id = '${later.id}'`,
    )
    expect(items).toEqual([{ report: 'young-peoples-panel' }])
  })

  it('and the coordinators page are a link away for the administrator', async () => {
    const admin = await t.signInAs('partnership-admin')
    const engagement = await t.inject({
      method: 'GET',
      url: '/admin',
      headers: { cookie: admin },
    })
    expect(engagement.body).toContain('href="/engagement/panel/coordinators"')
    const officer = await t.signInAs('business-officer')
    const index = await t.inject({
      method: 'GET',
      url: '/engagement',
      headers: { cookie: officer },
    })
    expect(index.body).not.toContain('href="/engagement/panel/coordinators"')
    expect(index.body).toContain('href="/engagement/campaigns"')
  })
})
