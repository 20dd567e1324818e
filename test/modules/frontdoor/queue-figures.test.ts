import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import {
  queueFiguresCache,
  type QueuePageOptions,
} from '../../../src/modules/frontdoor/queue/figures.js'
import { NO_QUEUE_FILTERS, type QueueFilters } from '../../../src/modules/frontdoor/repo.js'
import type { SeededPartnership } from '../../../src/demo/platform-data.js'
import { useTestApp } from '../../helpers/test-app.js'
import { Visitor } from './journey.js'

const t = useTestApp()
const HOUR = 3_600_000

/** A child, named and aged, on a Northbridge contact. */
async function addChild(referralId: string, givenName: string, approximateAge: number) {
  await t.database.owner
    .insertInto('referral_child')
    .values({
      partnership_id: t.northbridge.id,
      referral_id: referralId,
      position: 1,
      given_name: givenName,
      approximate_age: approximateAge,
    })
    .execute()
}

/** `count` open referrals in one statement, the first `overdue` of them past their due time. */
async function insertOpenReferrals(count: number, overdue = 0, partnership = t.northbridge) {
  const now = Date.now()
  await t.database.owner
    .insertInto('referral')
    .values(
      Array.from({ length: count }, (_, i) => ({
        partnership_id: partnership.id,
        reference: `FIG-${String(now)}-${String(i)}`,
        draft_id: crypto.randomUUID(),
        source: 'public',
        status: 'received',
        received_at: new Date(now - 2 * HOUR),
        decision_due_at: new Date(i < overdue ? now - HOUR : now + HOUR),
        household: 'Mother',
        parents_carers: '',
        concern: 'Worried',
        child_says: 'Not spoken to',
        child_feels: '',
        consent: 'given',
        reporter_anonymous: true,
      })),
    )
    .execute()
}

function shown(body: string, key: string): number {
  const match = new RegExp(
    `${key}</dt>\\s*<dd class="govuk-summary-list__value">(?:<strong[^>]*>)?(\\d+)`,
  ).exec(body)
  return Number(match?.[1] ?? Number.NaN)
}

/** The change number a partnership's transactions read. */
function versionOf(partnership: SeededPartnership): Promise<string> {
  return inPartnership(t.database.db, { partnershipId: partnership.id }, async trx => {
    const { rows } = await sql<{
      version: string
    }>`select keepsafe_front_door_version()::text as version`.execute(trx)
    return rows[0]?.version ?? ''
  })
}

describe('the front door queue keeps its figures until the front door changes', () => {
  it('shows a new contact in the counts at once, and says when they were counted', async () => {
    await insertOpenReferrals(3, 1)
    const manager = new Visitor(t, await t.signInAs('front-door-manager'))
    const before = await manager.get('/front-door')
    expect(shown(before.body, 'Open referrals')).toBe(3)
    expect(before.body).toMatch(/Figures counted at \d{1,2}:\d{2}(am|pm)\./)

    await insertOpenReferrals(2, 2)
    const after = await manager.get('/front-door')
    expect(shown(after.body, 'Open referrals')).toBe(5)
    expect(shown(after.body, 'Decisions overdue')).toBe(3)
  })

  it('keeps the figures while nothing changes, and counts again after any write', async () => {
    await insertOpenReferrals(4)
    const cache = queueFiguresCache()
    const red: QueueFilters = { ...NO_QUEUE_FILTERS, rag: 'red' }
    const read = () =>
      inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
        cache.read(trx, t.northbridge.id, red),
      )
    const first = await read()
    expect([first.counts.open, first.counts.matching]).toEqual([4, 0])
    expect(await read()).toBe(first)

    await t.database.owner
      .updateTable('referral')
      .set({ rag_rating: 'red' })
      .where('partnership_id', '=', t.northbridge.id)
      .where('reference', 'like', 'FIG-%-0')
      .execute()
    const second = await read()
    expect(second).not.toBe(first)
    expect([second.counts.open, second.counts.matching]).toEqual([4, 1])

    await t.database.owner
      .insertInto('front_door_setting')
      .values({ partnership_id: t.northbridge.id, allocation_working_days: 3 })
      .onConflict(conflict =>
        conflict.column('partnership_id').doUpdateSet({ allocation_working_days: 3 }),
      )
      .execute()
    expect(await read()).not.toBe(second)
  })

  it('raises the change number once a statement, only for the partnerships it touched', async () => {
    const north = Number(await versionOf(t.northbridge))
    const south = Number(await versionOf(t.southbridge))
    await insertOpenReferrals(25)
    expect(Number(await versionOf(t.northbridge))).toBe(north + 1)
    expect(Number(await versionOf(t.southbridge))).toBe(south)

    await t.database.owner
      .deleteFrom('referral')
      .where('partnership_id', '=', t.northbridge.id)
      .execute()
    expect(Number(await versionOf(t.northbridge))).toBe(north + 2)
    expect(Number(await versionOf(t.southbridge))).toBe(south)
  })

  it('gives the app role no way to read or write the change numbers but the function', async () => {
    const attempt = (statement: ReturnType<typeof sql>) =>
      inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
        statement.execute(trx),
      )
    await expect(attempt(sql`select * from front_door_change`)).rejects.toThrow(/permission denied/)
    await expect(attempt(sql`update front_door_change set version = 0`)).rejects.toThrow(
      /permission denied/,
    )
    await expect(attempt(sql`select keepsafe_front_door_changed()`)).rejects.toThrow()
  })

  it('keeps a page of contacts while nothing changes, and reads it again when a child is added', async () => {
    await insertOpenReferrals(3)
    const cache = queueFiguresCache()
    const page: QueuePageOptions = {
      order: { sort: 'received', order: 'asc' },
      limit: 2,
      offset: 0,
    }
    const read = (options = page) =>
      inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
        cache.readWithPage(trx, t.northbridge.id, NO_QUEUE_FILTERS, options),
      )
    const first = await read()
    expect(first.rows.map(row => row.childCount)).toEqual([0, 0])
    expect(first.counts.open).toBe(3)
    const again = await read()
    expect(again.rows).toBe(first.rows)
    expect(again.countedAt).toEqual(first.countedAt)
    const nextPage = await read({ ...page, offset: 2 })
    expect(nextPage.rows).toHaveLength(1)

    const [firstContact] = first.rows
    await addChild(firstContact?.id ?? '', 'Ada', 7)
    const after = await read()
    expect(after.rows).not.toBe(first.rows)
    expect(after.rows.map(row => row.childCount)).toEqual([1, 0])
    expect(after.rows[0]?.children).toEqual([
      { givenName: 'Ada', familyName: null, birthDate: null, approximateAge: 7 },
    ])
  })

  it('raises the change number when a contact’s children change', async () => {
    await insertOpenReferrals(1)
    const [contact] = await t.database.owner
      .selectFrom('referral')
      .select('id')
      .where('partnership_id', '=', t.northbridge.id)
      .execute()
    const before = Number(await versionOf(t.northbridge))
    await addChild(contact?.id ?? '', 'Ben', 9)
    expect(Number(await versionOf(t.northbridge))).toBe(before + 1)
    await t.database.owner
      .updateTable('referral_child')
      .set({ family_name: 'Okafor' })
      .where('partnership_id', '=', t.northbridge.id)
      .execute()
    expect(Number(await versionOf(t.northbridge))).toBe(before + 2)
  })
})
