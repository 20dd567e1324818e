import { describe, expect, it } from 'vitest'
import { addCalendarDays } from '../../../src/platform/working-days.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { useTestApp } from '../../helpers/test-app.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { agency, as, dateFields, expect400, toPlan } from './helpers.js'

const t = useTestApp()

const inDays = (days: number) => addCalendarDays(londonToday(), days)

function planForm(conferenceId: string, extra: Record<string, string> = {}) {
  return {
    agreedAt: `conference:${conferenceId}`,
    'outcome-0': 'Amira has enough to eat every day and a warm, clean home.',
    'outcome-1': 'Amira goes to school every day.',
    'action-0-what': 'Visit the home every week and see Amira alone',
    'action-0-ownerName': 'Sam Worker',
    'action-0-agencyId': agency(t, 0),
    ...dateFields('action-0-dueOn', inDays(14)),
    'action-0-status': 'not-started',
    'action-1-what': 'Tell the social worker the same day if Amira is absent',
    'action-1-ownerName': 'Jo Clarke',
    'action-1-agencyId': agency(t, 4),
    ...dateFields('action-1-dueOn', inDays(30)),
    'action-1-status': 'in-progress',
    contingency: 'If the home does not improve, a legal planning meeting will be held.',
    ...extra,
  }
}

async function versions(planId: string) {
  return t.database.owner
    .selectFrom('cp_plan_version')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('version')
    .execute()
}

async function auditActions(action: string) {
  return t.database.owner
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .execute()
}

describe('what a child protection plan says, version by version', () => {
  it('records the outcomes, actions and contingency the conference agreed, audited', async () => {
    const { planId, conferenceId, worker } = await toPlan(t)
    const to = await worker.step(`/protection/plans/${planId}/contents`, planForm(conferenceId))
    expect(to.split('?')[0]).toBe(`/protection/plans/${planId}`)
    const [first] = await versions(planId)
    expect(first).toMatchObject({ version: 1, conference_id: conferenceId })
    expect(first?.outcomes).toEqual([
      'Amira has enough to eat every day and a warm, clean home.',
      'Amira goes to school every day.',
    ])
    expect(first?.actions).toMatchObject([
      { what: 'Visit the home every week and see Amira alone', ownerName: 'Sam Worker' },
      { ownerName: 'Jo Clarke', status: 'in-progress', doneOn: null, dueOn: inDays(30) },
    ])
    const page = await worker.get(`/protection/plans/${planId}`)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Amira goes to school every day.')
    expect(page.body).toContain('Sam Worker')
    expect(page.body).toContain('a legal planning meeting will be held')
    const [event] = await auditActions('plan.version-recorded')
    expect(event?.fields).toMatchObject({ version: 1, outcomes: 2, contingency: 'set' })
  })

  it('refuses an action without an owner, a new action already overdue, and no outcome: nothing written', async () => {
    const { planId, conferenceId, worker } = await toPlan(t)
    const url = `/protection/plans/${planId}/contents`
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(url, planForm(conferenceId, { 'action-1-ownerName': '' })),
        'Enter who will do action 2',
      ),
    )
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(url, planForm(conferenceId, dateFields('action-0-dueOn', inDays(-1)))),
        'A new action’s due date must be today or in the future',
      ),
    )
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(url, planForm(conferenceId, { 'outcome-0': '', 'outcome-1': '' })),
        'Enter at least one outcome for the child',
      ),
    )
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(url, planForm(conferenceId, { 'action-0-status': 'done' })),
        'Enter the date action 1 was done',
      ),
    )
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(url, planForm(conferenceId, { contingency: '' })),
        'Enter the contingency plan',
      ),
    )
    const elsewhere = await toPlan(t, 'CPOTHER')
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(url, planForm(elsewhere.conferenceId)),
        'Select a held conference or a core group meeting of this plan',
      ),
    )
    expect(await versions(planId)).toEqual([])
  })

  it('a core group records who came and moves an action on: a new version, and the old one kept', async () => {
    const { planId, conferenceId, worker } = await toPlan(t)
    await worker.step(`/protection/plans/${planId}/contents`, planForm(conferenceId))
    const [first] = await versions(planId)
    const [visit, school] = first?.actions ?? []
    if (!visit || !school) throw new Error('No actions')
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(`/protection/plans/${planId}/core-groups`, {
          ...dateFields('heldOn', '2024-10-10'),
          'attendee-0-name': 'Jo Clarke',
          'attendee-0-agency': agency(t, 4),
          'attendee-0-attendance': 'attended',
          [`update-${visit.key}-status`]: 'done',
        }),
        'Enter the date the action was done',
      ),
    )
    await worker.step(`/protection/plans/${planId}/core-groups`, {
      ...dateFields('heldOn', '2024-10-10'),
      'attendee-0-name': 'Jo Clarke',
      'attendee-0-agency': agency(t, 4),
      'attendee-0-attendance': 'attended',
      'attendee-1-name': 'DS Pat Officer',
      'attendee-1-agency': agency(t, 1),
      'attendee-1-attendance': 'apologies',
      [`update-${visit.key}-status`]: 'done',
      ...dateFields(`update-${visit.key}-doneOn`, '2024-10-09'),
      [`update-${school.key}-status`]: 'in-progress',
    })
    const meeting = await t.database.owner
      .selectFrom('core_group_meeting')
      .selectAll()
      .executeTakeFirstOrThrow()
    // Only those who attended count as agencies present.
    expect(meeting.agencies_present).toEqual([agency(t, 4)])
    const attendees = await t.database.owner
      .selectFrom('core_group_attendee')
      .select(['person_name', 'attendance'])
      .orderBy('person_name')
      .execute()
    expect(attendees).toEqual([
      { person_name: 'DS Pat Officer', attendance: 'apologies' },
      { person_name: 'Jo Clarke', attendance: 'attended' },
    ])
    const [, second] = await versions(planId)
    expect(second).toMatchObject({ version: 2, core_group_meeting_id: meeting.id })
    expect(second?.actions).toMatchObject([
      { key: visit.key, status: 'done', doneOn: '2024-10-09' },
      { key: school.key, status: 'in-progress', doneOn: null },
    ])
    expect(second?.outcomes).toEqual(first?.outcomes)
    const page = await worker.get(`/protection/plans/${planId}`)
    expect(page.body).toContain('Done on 9 October 2024')
    expect(page.body).toContain('Version 2, recorded')
    expect(page.body).toContain(`/protection/plans/${planId}/print?version=1`)
    expect(page.body).toContain('DS Pat Officer (')
  })

  it('prints the plan and an earlier version for the family and agencies, audited', async () => {
    const { planId, conferenceId, worker } = await toPlan(t)
    const empty = await worker.get(`/protection/plans/${planId}/print`)
    expect(empty.statusCode).toBe(200)
    expect(empty.body).toContain('has not been recorded yet')
    await worker.step(`/protection/plans/${planId}/contents`, planForm(conferenceId))
    const [first] = await versions(planId)
    const visit = first?.actions[0]
    if (!visit) throw new Error('No action')
    await worker.step(`/protection/plans/${planId}/core-groups`, {
      ...dateFields('heldOn', '2024-10-10'),
      'attendee-0-name': 'Jo Clarke',
      'attendee-0-agency': agency(t, 4),
      'attendee-0-attendance': 'attended',
      [`update-${visit.key}-status`]: 'done',
      ...dateFields(`update-${visit.key}-doneOn`, '2024-10-09'),
    })
    // A role that reads protection records but does not update them reads and prints the plan.
    const lead = await as(t, 'front-door-practitioner')
    const printed = await lead.get(`/protection/plans/${planId}/print`)
    expect(printed.statusCode).toBe(200)
    expect(printed.body).toContain('Version 2 of 2')
    expect(printed.body).toContain('Amira goes to school every day.')
    expect(printed.body).toContain('Done on 9 October 2024')
    expect(printed.body).toContain('Jo Clarke')
    expect(printed.body).toContain('a legal planning meeting will be held')
    // The first review: three months after the initial conference on 1 October 2024.
    expect(printed.body).toContain('1 January 2025')
    expect(printed.body).not.toContain('keepsafe-navigation')
    const older = await lead.get(`/protection/plans/${planId}/print?version=1`)
    expect(older.body).toContain('Version 1 of 2')
    expect(older.body).toContain('This is not the latest version')
    expect(older.body).not.toContain('Done on 9 October 2024')
    expect((await lead.get(`/protection/plans/${planId}/print?version=3`)).statusCode).toBe(404)
    expect((await lead.get(`/protection/plans/${planId}/contents`)).statusCode).toBe(403)
    const refused = await lead.post(`/protection/plans/${planId}/contents`, planForm(conferenceId))
    expect(refused.statusCode).toBe(403)
    const prints = await auditActions('plan.printed')
    expect(prints.map(event => event.detail)).toEqual([
      { version: null },
      { version: 2 },
      { version: 1 },
    ])
  })
})
