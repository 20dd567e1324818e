import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../helpers/test-app.js'
import { agency, dateFields, expect400, snapshot, toScheduledConference } from './helpers.js'

const t = useTestApp()

async function conference(id: string) {
  return t.database.owner
    .selectFrom('conference')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

describe('scheduling, invitations and outcomes of a conference', () => {
  it('reschedules a conference and moves the reports’ due date with it, audited', async () => {
    const { conferenceId, worker } = await toScheduledConference(t)
    await worker.step(`/protection/conferences/${conferenceId}/invitations`, {
      'invitation-0-agency': agency(t, 4),
      'invitation-0-name': 'Head teacher',
    })
    const [invitation] = await t.database.owner
      .selectFrom('conference_invitation')
      .selectAll()
      .execute()
    expect(invitation?.report_due_at).toEqual(new Date('2024-09-26T22:59:59Z'))
    await worker.step(`/protection/conferences/${conferenceId}/schedule`, {
      ...dateFields('date', '2024-10-03'),
      time: '14:30',
      venue: 'Civic Centre',
      chairId: t.userId('conference-chair'),
    })
    expect(await conference(conferenceId)).toMatchObject({
      status: 'scheduled',
      scheduled_at: new Date('2024-10-03T13:30:00Z'),
    })
    const [moved] = await t.database.owner.selectFrom('conference_invitation').selectAll().execute()
    expect(moved?.report_due_at).toEqual(new Date('2024-09-30T22:59:59Z'))
    const event = await t.database.owner
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'conference.rescheduled')
      .executeTakeFirstOrThrow()
    expect(event.fields).toEqual({
      scheduledAt: { from: '2024-10-01T09:00:00.000Z', to: '2024-10-03T13:30:00.000Z' },
      reportsDueOn: '2024-09-30',
    })
  })

  it('cancels a conference with a reason; nothing more can be recorded on it', async () => {
    const { conferenceId, worker } = await toScheduledConference(t)
    const empty = await worker.post(`/protection/conferences/${conferenceId}/cancel`, {})
    expect400(empty, 'Enter why the conference is cancelled')
    await worker.step(`/protection/conferences/${conferenceId}/cancel`, {
      cancelledReason: 'Family moved to another area',
    })
    expect(await conference(conferenceId)).toMatchObject({
      status: 'cancelled',
      cancelled_reason: 'Family moved to another area',
    })
    const page = await worker.get(`/protection/conferences/${conferenceId}`)
    expect(page.body).toContain('Cancelled')
    expect(page.body).not.toContain('Record the conference as held')
    const before = await snapshot(t)
    expect400(
      await worker.post(`/protection/conferences/${conferenceId}/outcome`, {
        ...dateFields('heldOn', '2024-10-01'),
        outcome: 'no-plan',
      }),
      'This conference was cancelled',
    )
    expect(await snapshot(t)).toEqual(before)
  })

  it('records an initial conference that makes no plan on the enquiry only', async () => {
    const { conferenceId, section47Id, worker } = await toScheduledConference(t)
    const to = await worker.step(`/protection/conferences/${conferenceId}/outcome`, {
      ...dateFields('heldOn', '2024-10-01'),
      outcome: 'no-plan',
      outcomeNotes: 'Support under a child in need plan',
    })
    expect(to.split('?')[0]).toBe(`/protection/conferences/${conferenceId}`)
    const section47 = await t.database.owner
      .selectFrom('section47')
      .selectAll()
      .where('id', '=', section47Id)
      .executeTakeFirstOrThrow()
    expect(section47.date_of_initial_cpc).toBe('2024-10-01')
    expect(
      await t.database.owner.selectFrom('child_protection_plan').selectAll().execute(),
    ).toEqual([])
    expect(await conference(conferenceId)).toMatchObject({
      status: 'held',
      outcome: 'no-plan',
      category: null,
    })
    expect(
      await t.database.owner
        .selectFrom('conference')
        .selectAll()
        .where('kind', '=', 'review')
        .execute(),
    ).toEqual([])
    expect400(
      await worker.post(`/protection/conferences/${conferenceId}/outcome`, {
        ...dateFields('heldOn', '2024-10-01'),
        outcome: 'no-plan',
      }),
      'The outcome of this conference is already recorded',
    )
  })

  it('records attendance once the conference is held, and not before', async () => {
    const { conferenceId, worker } = await toScheduledConference(t)
    await worker.step(`/protection/conferences/${conferenceId}/invitations`, {
      'invitation-0-agency': agency(t, 1),
      'invitation-0-name': 'DS Pat Officer',
    })
    const [invitation] = await t.database.owner
      .selectFrom('conference_invitation')
      .selectAll()
      .execute()
    const field = `attendance-${String(invitation?.id)}`
    expect400(
      await worker.post(`/protection/conferences/${conferenceId}/attendance`, {
        [field]: 'absent',
      }),
      'Attendance is recorded once the conference has been held',
    )
    await worker.step(`/protection/conferences/${conferenceId}/outcome`, {
      ...dateFields('heldOn', '2024-10-01'),
      outcome: 'no-plan',
    })
    expect400(
      await worker.post(`/protection/conferences/${conferenceId}/attendance`, {}),
      'Select whether each agency attended',
    )
    await worker.step(`/protection/conferences/${conferenceId}/attendance`, { [field]: 'absent' })
    const updated = await t.database.owner
      .selectFrom('conference_invitation')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(updated.attendance).toBe('absent')
    const event = await t.database.owner
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'conference-invitation.attendance-recorded')
      .executeTakeFirstOrThrow()
    expect(event.fields).toEqual({ attendance: { from: null, to: 'absent' } })
  })

  it('refuses invitations without a name or with a wrong email, and invitations sent in the future', async () => {
    const { conferenceId, worker } = await toScheduledConference(t)
    const before = await snapshot(t)
    expect400(
      await worker.post(`/protection/conferences/${conferenceId}/invitations`, {
        'invitation-0-agency': agency(t, 1),
        'invitation-0-name': '',
        'invitation-1-agency': agency(t, 2),
        'invitation-1-name': 'Jo Nurse',
        'invitation-1-email': 'not-an-email',
      }),
      'Enter the name of the person invited',
    )
    expect400(
      await worker.post(`/protection/conferences/${conferenceId}/invitations`, {}),
      'Enter at least one invitation',
    )
    expect(await snapshot(t)).toEqual(before)
    await worker.step(`/protection/conferences/${conferenceId}/invitations`, {
      'invitation-0-agency': agency(t, 1),
      'invitation-0-name': 'DS Pat Officer',
    })
    const [invitation] = await t.database.owner
      .selectFrom('conference_invitation')
      .selectAll()
      .execute()
    expect400(
      await worker.post(`/protection/conferences/${conferenceId}/invitations/sent`, {
        invitationIds: String(invitation?.id),
        ...dateFields('sentOn', '2099-01-01'),
      }),
      'The date sent must be today or in the past',
    )
    expect400(
      await worker.post(`/protection/conferences/${conferenceId}/invitations/sent`, {}),
      'Select the invitations sent',
    )
  })
})
