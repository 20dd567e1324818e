import { expect } from 'vitest'
import type { TestApp } from '../../helpers/test-app.js'
import { csv, upload } from '../governance/helpers.js'

/** Starts a report through its form and returns its id. */
export async function startReport(t: TestApp, cookie: string, startYear = 2016, kind = 'full') {
  const response = await t.postForm('/reports', { startYear: String(startYear), kind }, cookie)
  const id = /\/reports\/([0-9a-f-]{36})/.exec(response.headers.location ?? '')?.[1]
  expect(response.statusCode, response.body.slice(0, 500)).toBe(303)
  return id ?? ''
}

export async function page(t: TestApp, url: string, cookie = '') {
  return t.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} })
}

/** The id of the section with this title, read from the report page's edit links. */
export async function sectionId(t: TestApp, reportId: string, title: string, cookie: string) {
  const body = (await page(t, `/reports/${reportId}`, cookie)).body
  const match = new RegExp(
    `/reports/sections/([0-9a-f-]{36})">Edit<span class="govuk-visually-hidden"> ${title}<`,
  ).exec(body)
  if (!match?.[1]) throw new Error(`No section ${title}`)
  return match[1]
}

/** A financial year with its budget lines, through governance's forms and import. */
export async function addBudget(
  t: TestApp,
  cookie: string,
  label: string,
  lines: {
    kind: 'brought-forward' | 'contribution' | 'expenditure'
    description: string
    amount: number
  }[],
  create = true,
) {
  if (create) {
    const year = await t.postForm('/governance/budget', { label }, cookie)
    expect(year.statusCode).toBe(303)
  }
  const content = csv(
    ['year', 'kind', 'description', 'agency', 'contribution_type', 'budget', 'actual'],
    lines.map(l => [
      label,
      l.kind,
      l.description,
      '',
      l.kind === 'contribution' ? 'cash' : '',
      '',
      l.amount,
    ]),
  )
  const response = await upload(t, '/governance/import/budget', 'budget.csv', content, cookie)
  expect(response.statusCode, response.body.slice(0, 1000)).toBe(303)
}

export async function signOff(t: TestApp, reportId: string, officer: string) {
  const chair = await t.signInAs('board-member')
  expect((await t.postForm(`/reports/${reportId}/submit`, {}, officer)).statusCode).toBe(303)
  expect((await t.postForm(`/reports/${reportId}/approve`, {}, chair)).statusCode).toBe(303)
  expect((await t.postForm(`/reports/${reportId}/publish`, {}, officer)).statusCode).toBe(303)
}
