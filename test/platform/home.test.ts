import { describe, expect, it } from 'vitest'
import type { Role } from '../../src/platform/permissions.js'
import { useTestApp } from '../helpers/test-app.js'

const t = useTestApp()

async function homeOf(role: Role): Promise<string> {
  const cookie = await t.signInAs(role)
  const response = await t.inject({ method: 'GET', url: '/', headers: { cookie } })
  expect(response.statusCode).toBe(200)
  return response.body
}

describe('each role’s home page shows what needs that person', () => {
  it('gives a referrer "Make a referral" and their referrals and drafts', async () => {
    const body = await homeOf('referrer')
    expect(body).toContain('Make a referral')
    expect(body).toContain('Your referrals')
    expect(body).toContain('You have no drafts and have not sent a referral.')
    expect(body).not.toContain('Meetings coming up')
    expect(body).not.toContain('working days')
  })

  it('gives a front door practitioner their work tray’s due and overdue items', async () => {
    const body = await homeOf('front-door-practitioner')
    expect(body).toContain('Due and overdue in your work tray')
    expect(body).toContain('href="/work-tray"')
  })

  it('gives a board member the meetings coming up and their open actions', async () => {
    const owner = t.database.owner
    const [body] = await owner
      .insertInto('gov_body')
      .values({
        partnership_id: t.northbridge.id,
        name: 'Executive board',
        kind: 'board',
        active_from: '2024-04-01',
      })
      .returning('id')
      .execute()
    const [meeting] = await owner
      .insertInto('gov_meeting')
      .values({
        partnership_id: t.northbridge.id,
        body_id: body?.id,
        held_on: '2099-03-14',
        title: 'Spring board',
      })
      .returning('id')
      .execute()
    await owner
      .insertInto('gov_action')
      .values({
        partnership_id: t.northbridge.id,
        body_id: body?.id,
        meeting_id: meeting?.id,
        text: 'Bring the neglect audit',
        owner_name: 'Demo Board Member',
        due_on: '2020-01-31',
      })
      .execute()
    const page = await homeOf('board-member')
    expect(page).toContain('Meetings coming up and your actions')
    expect(page).toContain('Spring board (Executive board)')
    expect(page).toContain('14 March 2099; 0 papers')
    expect(page).toContain('Your action: Bring the neglect audit')
    expect(page).toContain('Due 31 January 2020')
  })
})
