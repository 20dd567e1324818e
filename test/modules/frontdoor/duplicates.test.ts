import { describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { inPartnership } from '../../../src/db/database.js'
import { countReferralsReceived } from '../../../src/modules/frontdoor/figures.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { Visitor } from './journey.js'

const t = useTestApp()
const HOUR = 3_600_000

/** A contact about one child, received hours ago, undecided unless said otherwise. */
async function insertContact(values: {
  reference: string
  hoursAgo: number
  givenName?: string
  concern?: string
  decided?: boolean
}) {
  const receivedAt = new Date(Date.now() - values.hoursAgo * HOUR)
  const decided = values.decided ?? false
  const referral = await t.database.owner
    .insertInto('referral')
    .values({
      partnership_id: t.northbridge.id,
      reference: values.reference,
      draft_id: crypto.randomUUID(),
      source: 'public',
      status: decided ? 'decided' : 'received',
      received_at: receivedAt,
      decision_due_at: new Date(receivedAt.getTime() + 24 * HOUR),
      household: 'Mother',
      parents_carers: '',
      concern: values.concern ?? 'Bruises on both arms',
      child_says: 'Scared to go home',
      child_feels: '',
      consent: 'given',
      reporter_anonymous: true,
      decision: decided ? 'no-further-action' : null,
      decision_reasons: decided ? 'Advice given' : null,
      decided_by: decided ? t.userId('front-door-manager') : null,
      decided_at: decided ? new Date(receivedAt.getTime() + HOUR) : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await t.database.owner
    .insertInto('referral_child')
    .values({
      partnership_id: t.northbridge.id,
      referral_id: referral.id,
      position: 1,
      given_name: values.givenName ?? 'Amira',
      family_name: 'Khan',
      birth_date: '2018-04-03',
    })
    .execute()
  return referral.id as string
}

async function practitioner() {
  return new Visitor(t, await t.signInAs('front-door-practitioner'))
}

async function referralRow(id: string) {
  return t.database.owner
    .selectFrom('referral')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

describe('likely duplicate contacts', () => {
  it('tags the second contact about a child in the queue, filters on it, and links the first', async () => {
    const first = await insertContact({ reference: 'NSCP-2026-000001', hoursAgo: 30 })
    const second = await insertContact({ reference: 'NSCP-2026-000002', hoursAgo: 2 })
    await insertContact({ reference: 'NSCP-2026-000003', hoursAgo: 1, givenName: 'Zara' })
    const worker = await practitioner()

    const queue = await worker.get('/front-door')
    expect(queue.statusCode).toBe(200)
    const rowOf = (reference: string) =>
      queue.body.slice(
        queue.body.indexOf(reference),
        queue.body.indexOf('</tr>', queue.body.indexOf(reference)),
      )
    expect(rowOf('NSCP-2026-000002')).toContain('Likely duplicate')
    expect(rowOf('NSCP-2026-000001')).not.toContain('Likely duplicate')
    expect(rowOf('NSCP-2026-000003')).not.toContain('Likely duplicate')

    const filtered = await worker.get('/front-door?duplicate=likely')
    expect(filtered.body).toContain('NSCP-2026-000002')
    expect(filtered.body).not.toContain('NSCP-2026-000001</a>')
    expect(filtered.body).not.toContain('NSCP-2026-000003')

    const page = await worker.get(`/referrals/${second}`)
    expect(page.body).toContain('Likely duplicate')
    expect(page.body).toContain(`href="/referrals/${first}"`)
    expect(page.body).toContain('Join to the first contact')
  })

  it('joins the second contact to the first: it leaves the queue, is not counted, and its answers show on the first', async () => {
    const first = await insertContact({ reference: 'NSCP-2026-000001', hoursAgo: 30 })
    const second = await insertContact({
      reference: 'NSCP-2026-000002',
      hoursAgo: 2,
      concern: 'Neighbour heard shouting all night',
    })
    const worker = await practitioner()

    const joined = await worker.post(`/referrals/${second}/join`, { firstId: first })
    expect(joined.statusCode).toBe(303)
    expect(joined.headers.location).toContain(`/referrals/${first}`)
    expect(await referralRow(second)).toMatchObject({
      duplicate_of_id: first,
      joined_by: t.userId('front-door-practitioner'),
      status: 'received',
    })
    const audit = await t.database.owner
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'referral.joined')
      .execute()
    expect(audit).toHaveLength(1)
    expect(audit[0]).toMatchObject({ resource_id: second })

    const queue = await worker.get('/front-door')
    expect(queue.body).toContain('NSCP-2026-000001')
    expect(queue.body).not.toContain('NSCP-2026-000002')

    const firstPage = await worker.get(`/referrals/${first}`)
    expect(firstPage.body).toContain('Contacts joined to this one')
    expect(firstPage.body).toContain('Neighbour heard shouting all night')

    const secondPage = await worker.get(`/referrals/${second}`)
    expect(secondPage.body).toContain('This contact is joined to the first contact')
    expect(secondPage.body).not.toContain('Record decision')
    const decided = await expectNothingWritten(t, () =>
      worker.post(`/referrals/${second}/decision`, {
        decision: 'no-further-action',
        decisionReasons: 'Same concern',
        referralSource: '9',
      }),
    )
    expect(decided.statusCode).toBe(400)

    // The dataset's contacts received count the joined contact once, with the first.
    const received = await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
      countReferralsReceived(trx, {
        partnershipId: t.northbridge.id,
        from: '2000-01-01',
        to: '2100-01-01',
        start: new Date(Date.now() - 48 * HOUR),
        end: new Date(),
      }),
    )
    expect(received.reduce((sum, row) => sum + row.count, 0)).toBe(1)
  })

  it.each([
    ['itself', 'self', 'a contact cannot be joined to itself'],
    ['a contact about another child', 'other-child', 'is about a different child'],
    ['a contact decided on another day', 'decided', 'was decided and came in on another day'],
    ['a later contact', 'later', 'came in after this one'],
  ])('refuses to join a contact to %s, and changes nothing', async (_, kind, message) => {
    const first = await insertContact({
      reference: 'NSCP-2026-000001',
      hoursAgo: kind === 'later' ? 1 : 50,
      givenName: kind === 'other-child' ? 'Zara' : 'Amira',
      decided: kind === 'decided',
    })
    const second = await insertContact({ reference: 'NSCP-2026-000002', hoursAgo: 2 })
    const worker = await practitioner()

    const refused = await expectNothingWritten(t, () =>
      worker.post(`/referrals/${second}/join`, { firstId: kind === 'self' ? second : first }),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('There is a problem')
    expect(refused.body).toContain(message)
    expect((await referralRow(second)).duplicate_of_id).toBeNull()
  })

  it('refuses a referrer (403)', async () => {
    const first = await insertContact({ reference: 'NSCP-2026-000001', hoursAgo: 30 })
    const second = await insertContact({ reference: 'NSCP-2026-000002', hoursAgo: 2 })
    const referrer = new Visitor(t, await t.signInAs('referrer'))
    const response = await referrer.post(`/referrals/${second}/join`, { firstId: first })
    expect(response.statusCode).toBe(403)
    expect((await referralRow(second)).duplicate_of_id).toBeNull()
  })
})

describe('a joined contact is not a re-referral', () => {
  async function childRecord() {
    const row = await t.database.owner
      .insertInto('child')
      .values({
        partnership_id: t.northbridge.id,
        la_child_id: 'DUP1',
        given_name: 'Amira',
        family_name: 'Khan',
        birth_date: '2018-04-03',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id as string
  }

  async function referralChild(referralId: string) {
    return t.database.owner
      .selectFrom('referral_child')
      .select(['id', 'previous_referral_on'])
      .where('referral_id', '=', referralId)
      .executeTakeFirstOrThrow()
  }

  async function link(worker: Visitor, referralId: string, recordId: string) {
    const { id } = await referralChild(referralId)
    await worker.step(`/referrals/${referralId}/children/${id}/link`, { recordId })
  }

  it('tags a contact whose child is linked to the same record as an earlier one, whatever the names', async () => {
    const recordId = await childRecord()
    const first = await insertContact({ reference: 'NSCP-2026-000001', hoursAgo: 30 })
    const second = await insertContact({
      reference: 'NSCP-2026-000002',
      hoursAgo: 2,
      givenName: 'Mira',
    })
    const worker = await practitioner()
    const isTagged = async () =>
      (await worker.get('/front-door?duplicate=likely')).body.includes('NSCP-2026-000002')
    expect(await isTagged()).toBe(false)
    await t.database.owner
      .updateTable('referral_child')
      .set({ child_id: recordId })
      .where('referral_id', 'in', [first, second])
      .execute()
    expect(await isTagged()).toBe(true)
    expect((await worker.get(`/referrals/${second}`)).body).toContain(`href="/referrals/${first}"`)
  })

  it('never flags the joined contact, and a later contact finds the first, not the joined one', async () => {
    const recordId = await childRecord()
    const first = await insertContact({ reference: 'NSCP-2026-000001', hoursAgo: 50 })
    const joined = await insertContact({ reference: 'NSCP-2026-000002', hoursAgo: 26 })
    const worker = await practitioner()
    await link(worker, first, recordId)
    // Linked before it is joined: flagged against the first, until the join clears it.
    await link(worker, joined, recordId)
    expect((await referralChild(joined)).previous_referral_on).not.toBeNull()
    await worker.step(`/referrals/${joined}/join`, { firstId: first })
    expect((await referralChild(joined)).previous_referral_on).toBeNull()
    const audit = await t.database.owner
      .selectFrom('audit_event')
      .select('fields')
      .where('action', '=', 'referral.joined')
      .executeTakeFirstOrThrow()
    expect(audit.fields).toMatchObject({ previousReferralOn: 'cleared' })
    // Linked again after the join: still not a re-referral.
    await link(worker, joined, recordId)
    expect((await referralChild(joined)).previous_referral_on).toBeNull()
    expect((await worker.get(`/referrals/${joined}`)).body).not.toContain('Re-referral</strong>')

    // A later contact is a re-referral of the first contact's day, not of the joined contact's.
    const later = await insertContact({ reference: 'NSCP-2026-000003', hoursAgo: 1 })
    await link(worker, later, recordId)
    const firstReceived = await t.database.owner
      .selectFrom('referral')
      .select(sql<string>`(received_at at time zone 'Europe/London')::date::text`.as('on'))
      .where('id', '=', first)
      .executeTakeFirstOrThrow()
    expect((await referralChild(later)).previous_referral_on).toBe(firstReceived.on)
  })
})
