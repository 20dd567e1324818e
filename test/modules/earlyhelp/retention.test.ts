/**
 * Retention over early help (privacy module, issue 16 point 17): episodes closed more than six
 * years ago (by default) are counted on /admin/privacy and removed with their reviews when the
 * rules are applied; open episodes, newer ones and the other partnership's stay.
 */
import { describe, expect, it } from 'vitest'
import type { SeededPartnership } from '../../../src/demo/platform-data.js'
import { applyRetention } from '../../../src/modules/privacy/service.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { addCalendarDays } from '../../../src/platform/working-days.js'
import { insertChildRecord } from '../../helpers/child-records.js'
import { useTestApp } from '../../helpers/test-app.js'

const t = useTestApp()
const YEAR_DAYS = 366

/** An early help episode, closed `closedYearsAgo` years ago (null: still open), with one review. */
async function episode(partnership: SeededPartnership, closedYearsAgo: number | null) {
  const childId = await insertChildRecord(t, `EH${String(Math.random()).slice(2, 10)}`)
  if (partnership !== t.northbridge) {
    await t.database.owner
      .updateTable('child')
      .set({ partnership_id: partnership.id })
      .where('id', '=', childId)
      .execute()
  }
  const ended =
    closedYearsAgo === null ? null : addCalendarDays(londonToday(), -closedYearsAgo * YEAR_DAYS)
  const row = await t.database.owner
    .insertInto('early_help_episode')
    .values({
      partnership_id: partnership.id,
      child_id: childId,
      start_date: '2015-01-05',
      reason: 'Parenting support',
      end_date: ended,
      end_reason: ended ? 'needs-met' : null,
      created_by: partnership.users[0]?.id ?? '',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await t.database.owner
    .insertInto('early_help_review')
    .values({
      partnership_id: partnership.id,
      episode_id: row.id,
      held_on: '2015-03-02',
      notes: 'Going well',
      recorded_by: partnership.users[0]?.id ?? '',
    })
    .execute()
  return row.id as string
}

describe('retention of early help episodes', () => {
  it('counts and removes only episodes closed before the rule, with their reviews', async () => {
    const old = await episode(t.northbridge, 7)
    const recent = await episode(t.northbridge, 2)
    const open = await episode(t.northbridge, null)
    const otherOld = await episode(t.southbridge, 7)

    const admin = await t.signInAs('partnership-admin')
    const page = await t.inject({
      method: 'GET',
      url: '/admin/privacy',
      headers: { cookie: admin },
    })
    expect(page.body).toContain('Early help episodes, counted from the day they closed')
    expect(page.body).toMatch(/id="due-closed-early-help-episodes">1</)

    const removed = await applyRetention(t.database.db, {
      partnershipId: t.northbridge.id,
      userId: t.userId('partnership-admin'),
      requestId: 'test',
    })
    expect(removed).toMatchObject({ 'closed-early-help-episodes': 1 })
    const left = await t.database.owner.selectFrom('early_help_episode').select('id').execute()
    expect(left.map(row => row.id).sort()).toEqual([recent, open, otherOld].sort())
    const reviews = await t.database.owner
      .selectFrom('early_help_review')
      .select('episode_id')
      .execute()
    expect(reviews.map(row => row.episode_id)).not.toContain(old)
    expect(reviews).toHaveLength(3)
  })
})
