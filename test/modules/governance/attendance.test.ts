import { describe, expect, it } from 'vitest'
import { attendanceFigures } from '../../../src/modules/governance/service.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { addCalendarMonths } from '../../../src/platform/working-days.js'
import { useTestApp } from '../../helpers/test-app.js'
import { addBody, parseCsvText, visibleText } from './helpers.js'

const t = useTestApp()

const member = {
  id: 'a',
  memberName: 'Cafcass',
  role: 'member',
  agencyId: null,
  agencyName: null,
  startsOn: '2026-01-01',
  endsOn: null,
}

describe('board attendance counts only meetings held', () => {
  it('leaves out future, cancelled and unrecorded scheduled meetings', () => {
    const { members } = attendanceFigures({
      meetings: [
        { id: 'held', heldOn: '2026-03-01', status: 'held' },
        { id: 'recorded', heldOn: '2026-05-01', status: 'scheduled' },
        { id: 'cancelled', heldOn: '2026-07-01', status: 'cancelled' },
        { id: 'forgotten', heldOn: '2026-09-01', status: 'scheduled' },
        { id: 'future', heldOn: '2027-01-20', status: 'scheduled' },
        { id: 'future-held', heldOn: '2027-03-20', status: 'held' },
      ],
      memberships: [member],
      attendance: [
        { meetingId: 'held', membershipId: 'a', status: 'present' },
        { meetingId: 'recorded', membershipId: 'a', status: 'absent' },
      ],
      target: 75,
      today: '2026-12-06',
    })
    expect(members.map(m => [m.eligible, m.attended, m.percent])).toEqual([[2, 1, 50]])
  })

  it('shows a body’s figures without the meetings still to come or cancelled', async () => {
    const officer = await t.signInAs('business-officer')
    const bodyId = await addBody(t, officer)
    const today = londonToday()
    const lastMonth = addCalendarMonths(today, -1)
    await t.postForm(
      `/governance/bodies/${bodyId}/memberships`,
      { memberName: 'Cafcass', role: 'member', startsOn: addCalendarMonths(today, -6) },
      officer,
    )
    const schedule = async (heldOn: string, status: string, extra: Record<string, string> = {}) =>
      t.postForm(
        `/governance/bodies/${bodyId}/meetings`,
        { title: `Board meeting ${status}`, heldOn, status, ...extra },
        officer,
      )
    const held = await schedule(lastMonth, 'held')
    const heldId = /meetings\/([0-9a-f-]{36})/.exec(held.headers.location ?? '')?.[1] ?? ''
    await schedule(addCalendarMonths(today, -2), 'cancelled')
    // A series of four meetings every three months from next month: none has happened yet.
    expect(
      (
        await schedule(addCalendarMonths(today, 1), 'scheduled', {
          repeatMonths: '3',
          occurrences: '4',
        })
      ).statusCode,
    ).toBe(303)
    const membership = await t.database.owner
      .selectFrom('gov_membership')
      .select('id')
      .where('body_id', '=', bodyId)
      .executeTakeFirstOrThrow()
    await t.postForm(
      `/governance/meetings/${heldId}/attendance`,
      { [`status-${membership.id}`]: 'present' },
      officer,
    )

    const figures = await t.inject({
      method: 'GET',
      url: `/governance/bodies/${bodyId}/attendance?format=csv`,
      headers: { cookie: officer },
    })
    expect(parseCsvText(figures.body)[1]?.slice(0, 5)).toEqual([
      'Cafcass',
      'Member',
      '1',
      '1',
      '100%',
    ])
    const page = await t.inject({
      method: 'GET',
      url: `/governance/bodies/${bodyId}/attendance`,
      headers: { cookie: officer },
    })
    expect(visibleText(page.body)).toContain('1 meeting held in the period')
  })
})
