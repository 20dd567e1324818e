import { describe, expect, it } from 'vitest'
import type { Role } from '../../../src/platform/permissions.js'
import { useTestApp } from '../../helpers/test-app.js'
import { seedSection11, seedYear } from './seed.js'

const t = useTestApp()

async function homeOf(role: Role): Promise<string> {
  const cookie = await t.signInAs(role)
  const response = await t.inject({ method: 'GET', url: '/', headers: { cookie } })
  expect(response.statusCode).toBe(200)
  return response.body
}

describe('home pages of agency leads and the business unit (issue 19 point 10)', () => {
  it('tells an agency lead with nothing owed so, and shows no calendar', async () => {
    const body = await homeOf('agency-lead')
    expect(body).toContain('Your agency’s returns and reviews due')
    expect(body).toContain(
      'Your agency has no returns, self-assessments or case file audit forms waiting.',
    )
    expect(body).not.toContain('href="/calendar"')
    expect(body).not.toContain('working days')
  })

  it('gives an agency lead their own agency’s open returns and Section 11 return, not others’', async () => {
    const { agencyReturnId } = await seedYear(t)
    await seedSection11(t)
    const body = await homeOf('agency-lead')
    expect(body).toContain(
      `href="/dataset/returns/${agencyReturnId}">Quarterly return: Northbridge Police, 1 July 2026 to 30 September 2026`,
    )
    // The other agency's return (signed off) is not theirs and not shown.
    expect(body).not.toContain('Northbridge NHS Foundation Trust')
    expect(body).toContain('Due 20 October 2026')
    expect(body).toContain('section-11 2026/27: Agency 1')
    expect(body).toContain('Due 31 March 2027')
    expect(body).toMatch(/href="\/assurance\/returns\/[0-9a-f-]{36}"/)
  })

  it('gives the business officer the calendar panel and a link to the year’s calendar', async () => {
    const body = await homeOf('business-officer')
    expect(body).toContain('Coming up in the business unit’s calendar')
    expect(body).toContain('href="/calendar"')
    // The business unit sees every agency's returns on the calendar, not the agency panel.
    expect(body).not.toContain('Your agency’s returns and reviews due')
  })

  it('gives neither panel to roles that owe no returns and run no calendar', async () => {
    for (const role of ['referrer', 'social-worker', 'board-member'] as const) {
      const body = await homeOf(role)
      expect(body).not.toContain('Your agency’s returns and reviews due')
      expect(body).not.toContain('Coming up in the business unit’s calendar')
    }
  })
})
