/**
 * Issue 19 point 5, the rest of governance: meetings, memberships, meeting actions and the
 * attendance period are entered in GOV.UK date boxes, and an impossible date writes nothing.
 */
import { describe, expect, it } from 'vitest'
import { boxes, boxValue } from '../../helpers/date-boxes.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { addBody, visibleText } from './helpers.js'

const t = useTestApp()

async function firstRow(table: 'gov_meeting' | 'gov_membership' | 'gov_action') {
  return t.database.owner.selectFrom(table).selectAll().executeTakeFirstOrThrow()
}

describe('governance meetings and memberships dated in GOV.UK boxes', () => {
  it('schedules a meeting, adds a member and sets an action from the boxes', async () => {
    const officer = await t.signInAs('business-officer')
    const bodyId = await addBody(t, officer)
    for (const url of [
      `/governance/bodies/${bodyId}/meetings/new`,
      `/governance/bodies/${bodyId}/memberships/new`,
    ]) {
      const form = await t.inject({ method: 'GET', url, headers: { cookie: officer } })
      expect(form.statusCode, url).toBe(200)
      expect(form.body, url).not.toMatch(/For example, \d{4}-\d{2}/)
    }

    const meeting = await t.postForm(
      `/governance/bodies/${bodyId}/meetings`,
      { title: 'Board meeting', status: 'held', ...boxes('heldOn', '20 4 2016') },
      officer,
    )
    expect(meeting.statusCode).toBe(303)
    expect(String((await firstRow('gov_meeting')).held_on)).toBe('2016-04-20')

    const member = await t.postForm(
      `/governance/bodies/${bodyId}/memberships`,
      {
        memberName: 'Cafcass',
        role: 'member',
        ...boxes('startsOn', '1 4 2016'),
        ...boxes('endsOn', ''),
      },
      officer,
    )
    expect(member.statusCode).toBe(303)
    const membership = await firstRow('gov_membership')
    expect([String(membership.starts_on), membership.ends_on]).toEqual(['2016-04-01', null])

    const meetingId = /meetings\/([0-9a-f-]{36})/.exec(meeting.headers.location ?? '')?.[1] ?? ''
    const action = await t.postForm(
      `/governance/meetings/${meetingId}/actions`,
      {
        text: 'Send the audit report',
        ownerName: 'Business manager',
        ...boxes('dueOn', '31 5 2016'),
      },
      officer,
    )
    expect(action.statusCode).toBe(303)
    expect(String((await firstRow('gov_action')).due_on)).toBe('2016-05-31')

    const attendance = await t.inject({
      method: 'GET',
      url: `/governance/bodies/${bodyId}/attendance?${new URLSearchParams({
        ...boxes('from', '1 4 2016'),
        ...boxes('to', '31 3 2017'),
      }).toString()}`,
      headers: { cookie: officer },
    })
    expect(attendance.statusCode).toBe(200)
    expect(attendance.body).toContain(boxValue('from', 'day', '1'))
    const badPeriod = await t.inject({
      method: 'GET',
      url: `/governance/bodies/${bodyId}/attendance?${new URLSearchParams(boxes('from', '31 2 2016')).toString()}`,
      headers: { cookie: officer },
    })
    expect(visibleText(badPeriod.body)).toContain('The start of the period must be a real date')
  })

  it('refuses an impossible meeting date in words, keeping the boxes, and writes nothing', async () => {
    const officer = await t.signInAs('business-officer')
    const bodyId = await addBody(t, officer)
    const response = await expectNothingWritten(t, () =>
      t.postForm(
        `/governance/bodies/${bodyId}/meetings`,
        { title: 'Board meeting', status: 'held', ...boxes('heldOn', '31 2 2026') },
        officer,
      ),
    )
    expect(response.statusCode).toBe(400)
    expect(visibleText(response.body)).toMatch(/date of the meeting must be a real date/i)
    expect(response.body).toContain(boxValue('heldOn', 'day', '31'))
  })
})
