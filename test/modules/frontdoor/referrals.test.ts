import { describe, expect, it } from 'vitest'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { CHILD, CONCERN, CONSENT, FAMILY, VOICE, Visitor, sendPublicReport } from './journey.js'

const t = useTestApp()

async function professional(role: 'referrer' = 'referrer') {
  return new Visitor(t, await t.signInAs(role))
}

const YOUR_DETAILS = {
  jobTitle: 'Designated safeguarding lead',
  relationship: 'Head of year',
  phone: '01632 960 123',
}

describe('the multi-agency referral form', () => {
  it('fills in the referrer’s details, saves a draft, resumes it and sends it', async () => {
    const visitor = await professional()
    expect(await visitor.step('/referrals/new', {})).toBe('/report-a-concern/child/1')
    const childPage = await visitor.get('/report-a-concern/child/1')
    expect(childPage.body).toContain('Save and come back later')
    await visitor.step('/report-a-concern/child/1', CHILD)
    await visitor.step('/report-a-concern/children', { another: 'no' })
    // Save and come back later.
    expect(await visitor.step('/report-a-concern/family', { ...FAMILY, action: 'save' })).toBe(
      '/referrals?saved=1',
    )
    const list = await visitor.get('/referrals?saved=1')
    expect(list.body).toContain('Your draft has been saved')
    expect(list.body).toContain('Amira')
    const draftId = /action="\/referrals\/drafts\/([0-9a-f-]{36})\/resume"/.exec(list.body)?.[1]
    expect(draftId).toBeDefined()

    // Later, from another browser where the same person is signed in.
    const later = new Visitor(t, visitor.cookie.replace(/keepsafe_concern=[^;]+(; )?/, ''))
    expect(later.cookie).not.toContain('keepsafe_concern')
    expect(await later.step(`/referrals/drafts/${draftId ?? ''}/resume`, {})).toBe(
      '/report-a-concern/check-answers',
    )
    expect((await later.get('/report-a-concern/check-answers')).headers.location).toBe(
      '/report-a-concern/concern',
    )
    // The old browser's token no longer opens the draft.
    expect((await visitor.get('/report-a-concern/concern')).headers.location).toBe(
      '/report-a-concern?expired=1',
    )
    await later.step('/report-a-concern/concern', CONCERN)
    await later.step('/report-a-concern/child-voice', VOICE)
    expect(await later.step('/report-a-concern/consent', CONSENT)).toBe(
      '/report-a-concern/your-details',
    )
    const details = await later.get('/report-a-concern/your-details')
    expect(details.body).toContain('value="Demo Referrer"')
    expect(details.body).toContain('value="referrer@northbridge.example"')
    // The account's agency is selected.
    expect(details.body).toMatch(new RegExp(`value="${t.northbridge.agencyIds[4] ?? ''}" selected`))
    const bad = await expectNothingWritten(t, () =>
      later.post('/report-a-concern/your-details', {
        name: 'Demo Referrer',
        email: 'referrer@northbridge.example',
        agencyId: t.southbridge.agencyIds[0] ?? '',
        ...YOUR_DETAILS,
      }),
    )
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Select your agency')
    expect(
      await later.step('/report-a-concern/your-details', {
        name: 'Demo Referrer',
        email: 'referrer@northbridge.example',
        agencyId: t.northbridge.agencyIds[4] ?? '',
        ...YOUR_DETAILS,
      }),
    ).toBe('/report-a-concern/action-taken')
    const noAction = await later.post('/report-a-concern/action-taken', {})
    expect(noAction.body).toContain('Enter what has been done so far, or ‘nothing yet’')
    expect(
      await later.step('/report-a-concern/action-taken', { actionsTaken: 'Spoke with mother' }),
    ).toBe('/report-a-concern/check-answers')
    const check = await later.get('/report-a-concern/check-answers')
    expect(check.body).toContain('Northbridge Schools and Colleges')
    expect(await later.step('/report-a-concern/check-answers', {})).toBe(
      '/report-a-concern/confirmation',
    )
    const confirmation = await later.get('/report-a-concern/confirmation')
    expect(confirmation.body).toContain('Referral sent')

    const referral = await t.database.owner
      .selectFrom('referral')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(referral).toMatchObject({
      source: 'professional',
      referrer_user_id: t.userId('referrer'),
      referrer_agency_id: t.northbridge.agencyIds[4],
      referrer_job_title: 'Designated safeguarding lead',
      reporter_name: 'Demo Referrer',
      actions_taken: 'Spoke with mother',
    })
    const mine = await later.get('/referrals')
    expect(mine.body).toContain(referral.reference)
    expect(mine.body).toContain('Received')
    expect(mine.body).toContain('You have no drafts')
  })

  it('does not open a professional’s draft for anyone else', async () => {
    const visitor = await professional()
    await visitor.step('/referrals/new', {})
    const draftCookie = /keepsafe_concern=[^;]+/.exec(visitor.cookie)?.[0] ?? ''
    const stranger = new Visitor(t, draftCookie)
    expect((await stranger.get('/report-a-concern/child/1')).headers.location).toBe(
      '/report-a-concern?expired=1',
    )
    const colleague = new Visitor(t, `${await t.signInAs('front-door-manager')}; ${draftCookie}`)
    expect((await colleague.get('/report-a-concern/child/1')).headers.location).toBe(
      '/report-a-concern?expired=1',
    )
    const draft = await t.database.owner
      .selectFrom('referral_draft')
      .select('id')
      .executeTakeFirstOrThrow()
    const other = new Visitor(t, await t.signInAs('referrer', t.southbridge))
    expect((await other.post(`/referrals/drafts/${draft.id}/resume`, {})).statusCode).toBe(404)
  })

  it('shows referrers only their own referrals', async () => {
    const { reference } = await sendPublicReport(t)
    const publicReferral = await t.database.owner
      .selectFrom('referral')
      .select('id')
      .executeTakeFirstOrThrow()
    const visitor = await professional()
    const list = await visitor.get('/referrals')
    expect(list.statusCode).toBe(200)
    expect(list.body).not.toContain(reference)
    expect((await visitor.get(`/referrals/${publicReferral.id}`)).statusCode).toBe(404)
    // The queue is not theirs: they are sent to their own page.
    expect((await visitor.get('/front-door')).headers.location).toBe('/referrals')
    expect((await visitor.get('/front-door/export.csv')).statusCode).toBe(403)
  })
})

async function insertReferral(reference: string, receivedAt: Date, dueAt: Date) {
  const row = await t.database.owner
    .insertInto('referral')
    .values({
      partnership_id: t.northbridge.id,
      reference,
      draft_id: crypto.randomUUID(),
      source: 'public',
      received_at: receivedAt,
      decision_due_at: dueAt,
      household: 'not known',
      parents_carers: '',
      concern: 'Worried',
      child_says: 'Not spoken to',
      child_feels: '',
      consent: 'given',
      reporter_anonymous: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id as string
}

const HOUR = 3_600_000

describe('the front door queue', () => {
  it('lists received referrals by due time with an overdue flag, and sorts by receipt', async () => {
    const now = Date.now()
    await insertReferral('NSCP-2026-000001', new Date(now - 30 * HOUR), new Date(now - 6 * HOUR))
    await insertReferral('NSCP-2026-000002', new Date(now - 2 * HOUR), new Date(now + 22 * HOUR))
    await insertReferral('NSCP-2026-000003', new Date(now - 50 * HOUR), new Date(now + 1 * HOUR))
    const visitor = new Visitor(t, await t.signInAs('front-door-practitioner'))
    const queue = await visitor.get('/front-door')
    expect(queue.statusCode).toBe(200)
    const order = [...queue.body.matchAll(/NSCP-2026-00000(\d)/g)].map(m => m[1])
    expect(order).toEqual(['1', '3', '2'])
    const rows = queue.body.split('<tr class="govuk-table__row">').slice(2)
    expect(rows[0]).toContain('Overdue')
    expect(rows[1]).not.toContain('Overdue')

    const byReceipt = await visitor.get('/front-door?sort=received&order=desc')
    expect([...byReceipt.body.matchAll(/NSCP-2026-00000(\d)/g)].map(m => m[1])).toEqual([
      '2',
      '1',
      '3',
    ])
    // Nonsense sort parameters fall back to the default.
    expect((await visitor.get('/front-door?sort=name&order=sideways')).statusCode).toBe(200)
  })

  it('exports the queue as CSV and records the export', async () => {
    const now = Date.now()
    await insertReferral('NSCP-2026-000001', new Date(now - 30 * HOUR), new Date(now - 6 * HOUR))
    const visitor = new Visitor(t, await t.signInAs('front-door-manager'))
    const csv = await visitor.get('/front-door/export.csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.headers['content-type']).toContain('text/csv')
    const lines = csv.body.trim().split('\n')
    expect(lines[0]).toMatch(
      /^reference,source,status,received_at,decision_due_at,overdue,children,rag_rating,/,
    )
    expect(lines[1]).toMatch(/^NSCP-2026-000001,public,received,[^,]+,[^,]+,yes,0,/)
    const events = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'referral.exported')
      .execute()
    expect(events).toHaveLength(1)
  })

  it('shows a referral to the front door and records every view', async () => {
    await sendPublicReport(t)
    const referral = await t.database.owner
      .selectFrom('referral')
      .select(['id', 'reference'])
      .executeTakeFirstOrThrow()
    const visitor = new Visitor(t, await t.signInAs('front-door-practitioner'))
    for (let i = 0; i < 2; i++) {
      const page = await visitor.get(`/referrals/${referral.id}`)
      expect(page.statusCode).toBe(200)
      expect(page.body).toContain(referral.reference)
      expect(page.body).toContain('Amira Khan')
      expect(page.body).toContain('Her mother said it is nobody’s business')
    }
    const views = await t.database.owner
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'referral.viewed')
      .execute()
    expect(views).toHaveLength(2)
    expect(views[0]).toMatchObject({
      resource_id: referral.id,
      child_id: null,
      user_id: t.userId('front-door-practitioner'),
    })
    expect((await visitor.get('/referrals/00000000-0000-4000-8000-000000000000')).statusCode).toBe(
      404,
    )
    expect((await visitor.get('/referrals/not-an-id')).statusCode).toBe(404)
  })

  it('does not show Northbridge referrals to the Southbridge front door', async () => {
    const { reference } = await sendPublicReport(t)
    const referral = await t.database.owner
      .selectFrom('referral')
      .select('id')
      .executeTakeFirstOrThrow()
    const visitor = new Visitor(t, await t.signInAs('front-door-manager', t.southbridge))
    const queue = await visitor.get('/front-door')
    expect(queue.statusCode).toBe(200)
    expect(queue.body).not.toContain(reference)
    expect(queue.body).toContain('There are no referrals waiting')
    expect((await visitor.get(`/referrals/${referral.id}`)).statusCode).toBe(404)
    const csv = await visitor.get('/front-door/export.csv')
    expect(csv.body).not.toContain(reference)
  })

  it('shows the front door in the navigation of front door roles only', async () => {
    const frontDoor = await new Visitor(t, await t.signInAs('front-door-manager')).get(
      '/front-door',
    )
    expect(frontDoor.body).toContain('href="/front-door"')
    const referrer = await new Visitor(t, await t.signInAs('referrer')).get('/referrals')
    expect(referrer.body).not.toContain('href="/front-door"')
    expect(referrer.body).toContain('href="/referrals"')
  })
})
