import { describe, expect, it } from 'vitest'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { visibleText } from './helpers.js'

const t = useTestApp()

const RISK = {
  reference: 'R1',
  title: 'Agencies do not submit data for the dataset',
  ownerName: 'PMQA subgroup chair',
  likelihood: '4',
  impact: '3',
}

describe('governance dates entered in GOV.UK date inputs (issue 19 point 5)', () => {
  it('shows the three boxes on the forms for new records', async () => {
    const officer = await t.signInAs('business-officer')
    for (const [url, name] of [
      ['/governance/risks/new', 'reviewOn'],
      ['/governance/challenges/new', 'raisedOn'],
      ['/governance/inspections/new', 'startedOn'],
      ['/governance/bodies/new', 'activeFrom'],
      ['/governance/plans/new', 'startsOn'],
    ] as const) {
      const page = await t.inject({ method: 'GET', url, headers: { cookie: officer } })
      expect(page.statusCode, url).toBe(200)
      expect(page.body, url).toContain(`name="${name}-day"`)
      expect(page.body, url).toContain(`name="${name}-year"`)
      expect(visibleText(page.body), url).toContain('For example, 27 3 2026')
    }
  })

  it('writes a risk whose review date was entered in the boxes', async () => {
    const officer = await t.signInAs('business-officer')
    const response = await t.postForm(
      '/governance/risks',
      { ...RISK, 'reviewOn-day': '31', 'reviewOn-month': '1', 'reviewOn-year': '2017' },
      officer,
    )
    expect(response.statusCode).toBe(303)
    const risk = await t.database.owner
      .selectFrom('gov_risk')
      .select('review_on')
      .executeTakeFirstOrThrow()
    expect(String(risk.review_on)).toBe('2017-01-31')
  })

  it('refuses an impossible date in words, keeping the boxes, and writes nothing', async () => {
    const officer = await t.signInAs('business-officer')
    const response = await expectNothingWritten(t, () =>
      t.postForm(
        '/governance/risks',
        { ...RISK, 'reviewOn-day': '31', 'reviewOn-month': '2', 'reviewOn-year': '2026' },
        officer,
      ),
    )
    expect(response.statusCode).toBe(400)
    expect(visibleText(response.body)).toContain('The next review date must be a real date')
    expect(response.body).toContain('name="reviewOn-day" type="text" value="31"')
    expect(response.body).toContain('govuk-input--error')
  })

  it('asks for a missing date in words and writes a body from the boxes', async () => {
    const officer = await t.signInAs('business-officer')
    const empty = await expectNothingWritten(t, () =>
      t.postForm('/governance/bodies', { name: 'Board', kind: 'board' }, officer),
    )
    expect(empty.statusCode).toBe(400)
    expect(visibleText(empty.body)).toContain('Enter the date the body started')
    const added = await t.postForm(
      '/governance/bodies',
      {
        name: 'Board',
        kind: 'board',
        'activeFrom-day': '1',
        'activeFrom-month': '4',
        'activeFrom-year': '2016',
      },
      officer,
    )
    expect(added.statusCode).toBe(303)
    const bodyId = /bodies\/([0-9a-f-]{36})/.exec(added.headers.location ?? '')?.[1] ?? ''
    const body = await t.database.owner
      .selectFrom('gov_body')
      .select('active_from')
      .where('id', '=', bodyId)
      .executeTakeFirstOrThrow()
    expect(String(body.active_from)).toBe('2016-04-01')
    const edit = await t.inject({
      method: 'GET',
      url: `/governance/bodies/${bodyId}/edit`,
      headers: { cookie: officer },
    })
    expect(edit.body).toContain('name="activeFrom-month" type="text" value="4"')
  })
})
