import { describe, expect, it } from 'vitest'
import { DEFAULT_RISK_MATRIX, ragFor } from '../../../src/modules/governance/service/risk-matrix.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { parseCsvText, visibleText } from './helpers.js'

const t = useTestApp()

async function get(url: string, cookie: string) {
  return t.inject({ method: 'GET', url, headers: { cookie } })
}

function matrixForm(change: Record<string, string> = {}) {
  const form: Record<string, string> = {}
  DEFAULT_RISK_MATRIX.forEach((row, l) =>
    row.forEach((rag, i) => (form[`cell-${l + 1}-${i + 1}`] = rag)),
  )
  return { ...form, ...change }
}

describe('budget variances', () => {
  it('shows budget, actual and variance for income and expenditure, flagging shortfalls and overspends', async () => {
    const officer = await t.signInAs('business-officer')
    const year = await t.postForm('/governance/budget', { label: '2026/27' }, officer)
    const url = year.headers.location ?? ''
    const line = (fields: Record<string, string>) => t.postForm(`${url}/lines`, fields, officer)
    await line({
      kind: 'contribution',
      description: 'Police',
      contributionType: 'cash',
      budget: '20,000',
      actual: '15,000',
    })
    await line({
      kind: 'contribution',
      description: 'Health',
      contributionType: 'cash',
      budget: '10,000',
      actual: '10,000',
    })
    await line({ kind: 'expenditure', description: 'Training', budget: '8,000', actual: '9,500' })
    await line({ kind: 'expenditure', description: 'Scrutiny', budget: '12,000', actual: '11,000' })

    const text = visibleText((await get(url, officer)).body)
    expect(text).toContain('£20,000 £15,000 −£5,000 Shortfall')
    expect(text).toContain('Health Cash £10,000 £10,000 £0')
    expect(text).toContain('Total income £30,000 £25,000 −£5,000 Shortfall')
    expect(text).toContain('Training £8,000 £9,500 +£1,500 Overspend')
    expect(text).toContain('Scrutiny £12,000 £11,000 −£1,000')
    expect(text).toContain('Total expenditure £20,000 £20,500 +£500 Overspend')
    expect(text).toContain(
      '1 income line is short of budget and 1 expenditure line is over budget.',
    )

    const rows = parseCsvText((await get(`${url}?format=csv`, officer)).body)
    expect(rows[0]?.slice(4)).toEqual(['budget', 'actual', 'variance', 'flag'])
    expect(rows.find(r => r[1] === 'Police')?.slice(4)).toEqual([
      '20000',
      '15000',
      "'-5000", // the platform's CSV guard quotes a leading minus
      'shortfall',
    ])
    expect(rows.find(r => r[1] === 'Training')?.slice(4)).toEqual([
      '8000',
      '9500',
      '1500',
      'overspend',
    ])
  })
})

describe('risk matrix', () => {
  it('gives 1 to 6 green, 8 to 12 amber and 15 to 25 red by default', () => {
    expect(ragFor(DEFAULT_RISK_MATRIX, 2, 3)).toBe('green')
    expect(ragFor(DEFAULT_RISK_MATRIX, 4, 2)).toBe('amber')
    expect(ragFor(DEFAULT_RISK_MATRIX, 3, 4)).toBe('amber')
    expect(ragFor(DEFAULT_RISK_MATRIX, 3, 5)).toBe('red')
  })

  it('rates a risk by the matrix, ignores a rating sent by hand, and rates every risk again when the matrix changes', async () => {
    const officer = await t.signInAs('business-officer')
    const created = await t.postForm(
      '/governance/risks',
      {
        reference: 'R1',
        title: 'Agencies do not submit data',
        ownerName: 'Chair',
        likelihood: '4',
        impact: '3',
        rag: 'green',
        reviewOn: '2027-01-31',
      },
      officer,
    )
    expect(created.statusCode).toBe(303)
    const risk = () =>
      t.database.owner.selectFrom('gov_risk').select(['rag']).executeTakeFirstOrThrow()
    expect((await risk()).rag).toBe('amber')

    const refused = await expectNothingWritten(t, () =>
      t.postForm('/governance/risks/matrix', matrixForm({ 'cell-4-3': 'purple' }), officer),
    )
    expect(refused.statusCode).toBe(400)
    expect(visibleText(refused.body)).toContain('Select the rating for likelihood 4 and impact 3')

    const saved = await t.postForm(
      '/governance/risks/matrix',
      matrixForm({ 'cell-4-3': 'red' }),
      officer,
    )
    expect(saved.statusCode).toBe(303)
    expect((await risk()).rag).toBe('red')
    const [event] = await t.database.owner
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'governance.risk-matrix.updated')
      .execute()
    expect(event?.detail).toMatchObject({ rerated: 1 })
    const page = visibleText(
      (await get('/governance/risks/matrix?notice=risk-matrix-saved', officer)).body,
    )
    expect(page).toContain('Risk matrix saved')

    const reviewed = await t.postForm(
      `${created.headers.location ?? ''}/reviews`,
      { likelihood: '2', impact: '2', reviewOn: '2027-04-30', status: 'open' },
      officer,
    )
    expect(reviewed.statusCode).toBe(303)
    expect((await risk()).rag).toBe('green')
  })

  it('lets a board member read the matrix but not change it', async () => {
    const member = await t.signInAs('board-member')
    expect((await get('/governance/risks/matrix', member)).statusCode).toBe(200)
    const refused = await t.postForm('/governance/risks/matrix', matrixForm(), member)
    expect(refused.statusCode).toBe(403)
    expect(await t.database.owner.selectFrom('gov_risk_matrix').selectAll().execute()).toEqual([])
  })
})
