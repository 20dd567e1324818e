import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import {
  findAgencyInvitation,
  listAgencyInvitations,
} from '../../../src/modules/protection/queries.js'
import { useTestApp } from '../../helpers/test-app.js'
import { auditOf, insertChild, insertConference, insertInvitation } from './helpers.js'

const t = useTestApp()

/** The demo agency lead works for Northbridge Police; health is another agency. */
const police = () => t.northbridge.agencyIds[1]!
const health = () => t.northbridge.agencyIds[2]!

async function get(url: string, cookie: string) {
  return t.inject({ method: 'GET', url, headers: { cookie } })
}

async function invitedConference() {
  const { childId } = await insertChild(t)
  const conferenceId = await insertConference(t, {
    child_id: childId,
    status: 'scheduled',
    scheduled_at: new Date('2026-12-03T10:00:00Z'),
    venue: 'Northbridge Civic Centre, Room 4',
  })
  const ours = await insertInvitation(t, conferenceId, police())
  const theirs = await insertInvitation(t, conferenceId, health())
  return { childId, conferenceId, ours, theirs }
}

function invitationRow(id: string) {
  return t.database.owner
    .selectFrom('conference_invitation')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

describe('agencies see what they were invited to', () => {
  it('lists the conference invitations of the lead’s own agency only, audited', async () => {
    const { ours, theirs } = await invitedConference()
    const lead = await t.signInAs('agency-lead')
    const page = await get('/conference-invitations', lead)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Leo Hart')
    expect(page.body).toContain('1 May 2019')
    expect(page.body).toContain('Northbridge Civic Centre, Room 4')
    expect(page.body).toContain('3 December 2026 at 10:00am')
    expect(page.body).toContain(`/conference-invitations/${ours}/report`)
    expect(page.body).not.toContain(theirs)
    const listed = (await auditOf(t, 'conference-invitation.listed'))[0]!
    expect(listed.detail).toMatchObject({ invitations: 1 })
  })

  it('answers 404 for another agency’s invitation, to read it or to send its report', async () => {
    const { theirs } = await invitedConference()
    const lead = await t.signInAs('agency-lead')
    expect((await get(`/conference-invitations/${theirs}/report`, lead)).statusCode).toBe(404)
    const post = await t.postForm(
      `/conference-invitations/${theirs}/report`,
      { reportText: 'Not ours to send' },
      lead,
    )
    expect(post.statusCode).toBe(404)
    expect((await invitationRow(theirs)).report_text).toBeNull()
  })

  it('answers 404 for another partnership’s invitation, even to a partnership-wide reader', async () => {
    const { childId } = await insertChild(t, t.southbridge)
    const conferenceId = await insertConference(t, { child_id: childId }, t.southbridge)
    const invitation = await insertInvitation(
      t,
      conferenceId,
      t.southbridge.agencyIds[1]!,
      {},
      t.southbridge,
    )
    const chair = await t.signInAs('conference-chair')
    expect((await get(`/conference-invitations/${invitation}/report`, chair)).statusCode).toBe(404)
    expect((await get('/conference-invitations', chair)).body).not.toContain(invitation)
  })

  it('shows a partnership-wide reader every agency’s invitations', async () => {
    const { ours, theirs } = await invitedConference()
    const page = await get('/conference-invitations', await t.signInAs('social-worker'))
    expect(page.body).toContain(ours)
    expect(page.body).toContain(theirs)
  })
})

describe('an agency’s report to conference', () => {
  it('is received once, with who sent it and when, audited without its words', async () => {
    const { ours, childId } = await invitedConference()
    const lead = await t.signInAs('agency-lead')
    const form = await get(`/conference-invitations/${ours}/report`, lead)
    expect(form.body).toContain('Send report')
    const response = await t.postForm(
      `/conference-invitations/${ours}/report`,
      { reportText: '  Police attended the address twice in October.  ' },
      lead,
    )
    expect(response.statusCode).toBe(303)
    const row = await invitationRow(ours)
    expect(row).toMatchObject({
      report_text: 'Police attended the address twice in October.',
      report_received_by: t.userId('agency-lead'),
      report_received_at: expect.any(Date),
    })
    const event = (await auditOf(t, 'conference-invitation.report-received'))[0]!
    expect(event).toMatchObject({ resource_id: ours, child_id: childId })
    expect(JSON.stringify(event.fields)).not.toContain('Police attended')

    const again = await t.postForm(
      `/conference-invitations/${ours}/report`,
      { reportText: 'A second report' },
      lead,
    )
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('already been received')
    expect((await invitationRow(ours)).report_text).toBe(
      'Police attended the address twice in October.',
    )
  })

  it('is refused once the conference is held or cancelled, and when empty', async () => {
    const { ours, conferenceId } = await invitedConference()
    const lead = await t.signInAs('agency-lead')
    const empty = await t.postForm(
      `/conference-invitations/${ours}/report`,
      { reportText: ' ' },
      lead,
    )
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('Enter your agency’s report')

    await t.database.owner
      .updateTable('conference')
      .set({ status: 'cancelled', cancelled_reason: 'Family moved away' })
      .where('id', '=', conferenceId)
      .execute()
    const late = await t.postForm(
      `/conference-invitations/${ours}/report`,
      { reportText: 'Too late' },
      lead,
    )
    expect(late.statusCode).toBe(400)
    expect(late.body).toContain('no longer takes reports')
    expect((await invitationRow(ours)).report_text).toBeNull()
  })

  it('is refused to roles that cannot send reports', async () => {
    const { ours } = await invitedConference()
    const refused = await t.postForm(
      `/conference-invitations/${ours}/report`,
      { reportText: 'Not mine to send' },
      await t.signInAs('board-member'),
    )
    expect(refused.statusCode).toBe(403)
  })
})

describe('the invitations a person of no agency can see', () => {
  it('are none, where a person of every agency sees them all', async () => {
    const { ours, theirs } = await invitedConference()
    await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, async trx => {
      const id = t.northbridge.id
      expect(await listAgencyInvitations(trx, id, [])).toEqual([])
      expect(await findAgencyInvitation(trx, id, ours, [])).toBeUndefined()
      const all = (await listAgencyInvitations(trx, id, null)).map(row => row.id)
      expect(all).toEqual(expect.arrayContaining([ours, theirs]))
      expect((await findAgencyInvitation(trx, id, theirs, null))?.id).toBe(theirs)
      expect(await findAgencyInvitation(trx, id, theirs, [police()])).toBeUndefined()
    })
  })
})
