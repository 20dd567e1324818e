import { describe, expect, it } from 'vitest'
import {
  firstCoreGroupDueDate,
  DEFAULT_PROTECTION_TIMESCALES,
} from '../../../src/modules/protection/timescales.js'
import { englandAndWales } from '../../../src/platform/working-days.js'
import { useTestApp } from '../../helpers/test-app.js'
import {
  HOUR,
  auditOf,
  insertCheck,
  insertChild,
  insertConference,
  insertInvitation,
  insertReferral,
  insertSection47,
  insertTeam,
  today,
  workingDaysFromToday,
} from './helpers.js'

const t = useTestApp()

async function get(url: string, cookie: string) {
  return t.inject({ method: 'GET', url, headers: { cookie } })
}

/** The rows of the tray's table: [work, child, reference, due, status]. */
function trayRows(html: string): string[][] {
  const body = /<tbody class="govuk-table__body">([\s\S]*?)<\/tbody>/.exec(html)?.[1] ?? ''
  return [...body.matchAll(/<tr class="govuk-table__row">([\s\S]*?)<\/tr>/g)].map(row =>
    [...(row[1] ?? '').matchAll(/<td class="govuk-table__cell">([\s\S]*?)<\/td>/g)].map(cell =>
      (cell[1] ?? '').replace(/<[^>]+>/g, '').trim(),
    ),
  )
}

describe('the front door’s work in trays', () => {
  it('puts the unallocated queue in every front door tray and an allocated referral in its worker’s only', async () => {
    await insertReferral(t, { decision_due_at: new Date(Date.now() - HOUR) })
    await insertReferral(t, { allocated_to: t.userId('social-worker') })
    const practitioner = await get('/work-tray', await t.signInAs('front-door-practitioner'))
    expect(practitioner.statusCode).toBe(200)
    const rows = trayRows(practitioner.body)
    expect(rows).toHaveLength(1)
    expect(rows[0]).toEqual([
      'Front door decision due',
      'Amira Khan',
      expect.stringMatching(/^NSCP-2026-/),
      expect.any(String),
      'Overdue',
    ])
    const worker = trayRows((await get('/work-tray', await t.signInAs('social-worker'))).body)
    expect(worker).toHaveLength(1)
    expect(worker[0]?.[0]).toBe('Front door decision due')
  })

  it('gives managers the decisions awaiting authorisation, and deciders the feedback they owe', async () => {
    await insertReferral(t, {
      status: 'awaiting-authorisation',
      decision: 'assessment',
      decision_reasons: 'Needs an assessment',
      decided_by: t.userId('front-door-practitioner'),
      decided_at: new Date(),
    })
    await insertReferral(t, {
      status: 'decided',
      decision: 'early-help',
      decision_reasons: 'Early help fits',
      decided_by: t.userId('front-door-practitioner'),
      decided_at: new Date(Date.now() - 10 * 24 * HOUR),
    })
    const manager = trayRows((await get('/work-tray', await t.signInAs('front-door-manager'))).body)
    expect(manager.map(row => row[0])).toEqual(['Decision awaiting authorisation'])
    const practitioner = trayRows(
      (await get('/work-tray', await t.signInAs('front-door-practitioner'))).body,
    )
    expect(practitioner).toEqual([
      [
        'Feedback owed to the referrer',
        'Amira Khan',
        expect.any(String),
        expect.any(String),
        'Overdue',
      ],
    ])
  })
})

describe('the protection journey’s work in trays', () => {
  it('shows conferences to their chair and to the enquiry’s lead worker, with statuses on working days', async () => {
    const { childId, episodeId } = await insertChild(t)
    const section47Id = await insertSection47(t, episodeId, t.userId('social-worker'))
    await insertConference(t, {
      child_id: childId,
      section47_id: section47Id,
      target_date: today(),
      chair_id: t.userId('conference-chair'),
    })
    const chair = trayRows((await get('/work-tray', await t.signInAs('conference-chair'))).body)
    expect(chair).toEqual([
      [
        'Initial conference to schedule',
        'Leo Hart',
        expect.stringMatching(/^LA/),
        expect.any(String),
        'Due today',
      ],
    ])
    const worker = trayRows((await get('/work-tray', await t.signInAs('social-worker'))).body)
    expect(worker.map(row => row[0])).toEqual(['Initial conference to schedule'])
  })

  it('shows a review conference and the first core group of a plan to the plan’s lead worker', async () => {
    const { childId, episodeId } = await insertChild(t)
    const icpcHeldOn = englandAndWales.addWorkingDays(today(), -12)
    const icpc = await insertConference(t, {
      child_id: childId,
      status: 'held',
      held_on: icpcHeldOn,
      outcome: 'plan',
      category: 'NEG',
    })
    const plan = await t.database.owner
      .insertInto('child_protection_plan')
      .values({
        partnership_id: t.northbridge.id,
        episode_id: episodeId,
        start_date: icpcHeldOn,
        initial_conference_id: icpc,
        lead_worker_id: t.userId('social-worker'),
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await insertConference(t, {
      child_id: childId,
      kind: 'review',
      plan_id: plan.id,
      target_date: workingDaysFromToday(20),
    })
    const response = await get('/work-tray?sort=kind', await t.signInAs('social-worker'))
    const rows = trayRows(response.body)
    // No statutory visit recorded in the plan's first 12 working days: one is overdue too.
    expect(rows.map(row => [row[0], row[4]])).toEqual([
      ['Child protection visit due', 'Overdue'],
      ['First core group due', 'Overdue'],
      ['Review conference due', 'Later'],
    ])
    const due = firstCoreGroupDueDate(icpcHeldOn, DEFAULT_PROTECTION_TIMESCALES, englandAndWales)
    expect(due < today()).toBe(true)

    // Once a core group has met, the plan leaves the tray.
    await t.database.owner
      .insertInto('core_group_meeting')
      .values({
        partnership_id: t.northbridge.id,
        plan_id: plan.id,
        held_on: today(),
        recorded_by: t.userId('social-worker'),
      })
      .execute()
    const after = trayRows((await get('/work-tray', await t.signInAs('social-worker'))).body)
    expect(after.map(row => row[0])).toEqual([
      'Child protection visit due',
      'Review conference due',
    ])
  })
})

describe('sorting, filtering, exporting and auditing', () => {
  async function threeItems() {
    const { childId } = await insertChild(t)
    const chair = t.userId('conference-chair')
    await insertConference(t, {
      child_id: childId,
      chair_id: chair,
      target_date: workingDaysFromToday(30),
    })
    await insertConference(t, {
      child_id: childId,
      chair_id: chair,
      target_date: workingDaysFromToday(2),
    })
    await insertConference(t, {
      child_id: childId,
      chair_id: chair,
      target_date: englandAndWales.addWorkingDays(today(), -1),
    })
  }

  it('sorts by due date either way and filters by status', async () => {
    await threeItems()
    const cookie = await t.signInAs('conference-chair')
    const soonest = trayRows((await get('/work-tray', cookie)).body).map(row => row[4])
    expect(soonest).toEqual(['Overdue', 'Due in the next 5 working days', 'Later'])
    const latest = trayRows((await get('/work-tray?sort=due&order=desc', cookie)).body)
    expect(latest.map(row => row[4])).toEqual([
      'Later',
      'Due in the next 5 working days',
      'Overdue',
    ])
    const byStatus = trayRows((await get('/work-tray?sort=status&order=desc', cookie)).body)
    expect(byStatus.map(row => row[4])).toEqual([
      'Later',
      'Due in the next 5 working days',
      'Overdue',
    ])
    const overdue = trayRows((await get('/work-tray?status=overdue', cookie)).body)
    expect(overdue).toHaveLength(1)
    const nonsense = await get('/work-tray?status=%3Cscript%3E&sort=1', cookie)
    expect(nonsense.statusCode).toBe(200)
    expect(trayRows(nonsense.body)).toHaveLength(3)
  })

  it('records every view of a tray, and exports it as CSV, audited', async () => {
    await threeItems()
    const cookie = await t.signInAs('conference-chair')
    await get('/work-tray', cookie)
    const viewed = (await auditOf(t, 'work-tray.viewed'))[0]!
    expect(viewed).toMatchObject({ user_id: t.userId('conference-chair') })
    expect(viewed.detail).toEqual({ tray: 'own', items: 3 })

    const csv = await get('/work-tray/export.csv?status=later', cookie)
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    const lines = csv.body.trim().split('\n')
    expect(lines[0]).toBe('kind,status,due_on,due_at,child,reference,link')
    expect(lines).toHaveLength(2)
    expect(lines[1]).toContain('Leo Hart')
    const exported = (await auditOf(t, 'work-tray.exported'))[0]!
    expect(exported.detail).toEqual({ tray: 'own', items: 1, format: 'csv' })
  })

  it('says so when the tray is empty, or nothing matches the filter', async () => {
    const cookie = await t.signInAs('social-worker')
    const empty = await get('/work-tray', cookie)
    expect(empty.body).toContain('There is nothing in this tray')
    const filtered = await get('/work-tray?status=overdue', cookie)
    expect(filtered.body).toContain('Nothing is overdue')
  })

  it('is in the navigation of those who have a tray, with invitations for agency leads', async () => {
    const worker = await get('/work-tray', await t.signInAs('social-worker'))
    expect(worker.body).toContain('href="/work-tray"')
    const lead = await get('/work-tray', await t.signInAs('agency-lead'))
    expect(lead.body).toContain('href="/conference-invitations"')
    const referrer = await get('/account', await t.signInAs('referrer'))
    expect(referrer.body).not.toContain('href="/work-tray"')
  })

  it('refuses people who have no work tray', async () => {
    for (const role of ['referrer', 'analyst'] as const) {
      const response = await get('/work-tray', await t.signInAs(role))
      expect(response.statusCode).toBe(403)
    }
  })
})

describe('team trays', () => {
  it('shows the team’s members’ work to a member and to a manager, and 404 to anyone else', async () => {
    const teamId = await insertTeam(t, 'Child protection team', [t.userId('social-worker')])
    const { childId, episodeId } = await insertChild(t)
    const section47Id = await insertSection47(t, episodeId, t.userId('social-worker'))
    await insertConference(t, { child_id: childId, section47_id: section47Id })
    await insertReferral(t, { team_id: teamId, allocated_to: t.userId('front-door-practitioner') })

    for (const role of ['social-worker', 'front-door-manager'] as const) {
      const response = await get(`/work-tray/teams/${teamId}`, await t.signInAs(role))
      expect(response.statusCode).toBe(200)
      expect(response.body).toContain('Child protection team: work tray')
      expect(
        trayRows(response.body)
          .map(row => row[0])
          .sort(),
      ).toEqual(['Front door decision due', 'Initial conference to schedule'])
    }
    const outsider = await get(`/work-tray/teams/${teamId}`, await t.signInAs('conference-chair'))
    expect(outsider.statusCode).toBe(404)
    const viewed = (await auditOf(t, 'work-tray.viewed'))[0]!
    expect(viewed).toMatchObject({ resource_id: teamId })
  })

  it('answers 404 for another partnership’s team', async () => {
    const theirs = await insertTeam(t, 'Their team', [], t.southbridge)
    const response = await get(`/work-tray/teams/${theirs}`, await t.signInAs('front-door-manager'))
    expect(response.statusCode).toBe(404)
  })
})

describe('agency trays', () => {
  const police = () => t.northbridge.agencyIds[1]!
  const health = () => t.northbridge.agencyIds[2]!

  it('shows an agency’s checks and reports to its lead, and to no other agency', async () => {
    const referralId = await insertReferral(t)
    await insertCheck(t, referralId, police(), new Date(Date.now() + 30 * 60_000))
    await insertCheck(t, referralId, health(), new Date(Date.now() + HOUR))
    const { childId } = await insertChild(t)
    const conferenceId = await insertConference(t, { child_id: childId })
    await insertInvitation(t, conferenceId, police())
    await insertInvitation(t, conferenceId, police(), {
      report_text: 'Known to police',
      report_received_at: new Date(),
    })

    const lead = await t.signInAs('agency-lead')
    const tray = await get(`/work-tray/agencies/${police()}`, lead)
    expect(tray.statusCode).toBe(200)
    expect(
      trayRows(tray.body)
        .map(row => row[0])
        .sort(),
    ).toEqual(['Agency check to answer', 'Agency report to conference due'])
    // The lead's own tray is their agency's.
    expect(trayRows((await get('/work-tray', lead)).body)).toHaveLength(2)

    expect((await get(`/work-tray/agencies/${health()}`, lead)).statusCode).toBe(404)
    expect((await get(`/work-tray/agencies/${t.southbridge.agencyIds[1]!}`, lead)).statusCode).toBe(
      404,
    )
    const manager = await get(
      `/work-tray/agencies/${health()}`,
      await t.signInAs('front-door-manager'),
    )
    expect(trayRows(manager.body).map(row => row[0])).toEqual(['Agency check to answer'])
    expect(
      (await get(`/work-tray/agencies/${health()}`, await t.signInAs('social-worker'))).statusCode,
    ).toBe(404)
  })
})
