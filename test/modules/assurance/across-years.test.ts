import { describe, expect, it } from 'vitest'
import { saveStandard, submitReturn } from '../../../src/modules/assurance/returns/service.js'
import { SHIPPED_TEMPLATES } from '../../../src/modules/assurance/templates/shipped.js'
import { useTestApp } from '../../helpers/test-app.js'
import { agencyOrganisation, ctxFor, cycle } from './helpers.js'

const t = useTestApp()

/** The business unit enters a Section 11 return with every standard at `score`, the first area at `first`. */
async function answer(organisationId: string, cycleId: string, first: number, score: number) {
  const returnId = (
    await t.database.owner
      .selectFrom('asr_return')
      .select('id')
      .where('organisation_id', '=', organisationId)
      .where('cycle_id', '=', cycleId)
      .executeTakeFirstOrThrow()
  ).id as string
  const officer = { kind: 'user' as const, ctx: ctxFor(t, 'business-officer') }
  const s11 = SHIPPED_TEMPLATES.find(x => x.key === 'section-11')!.definition
  for (const [index, area] of s11.areas.entries())
    for (const standard of area.standards)
      await saveStandard(t.database.db, officer, returnId, standard.key, {
        'q-score': String(index === 0 ? first : score),
      })
  expect(await submitReturn(t.database.db, officer, returnId)).toEqual({ kind: 'saved' })
}

describe('one agency across years', () => {
  it('shows an organisation’s scores per area in each cycle, oldest first, as a chart with its table and a download', async () => {
    const police = await agencyOrganisation(t, 1, 'lead@police.example')
    const health = await agencyOrganisation(t, 2, 'lead@health.example')
    const later = await cycle(
      t,
      'section-11',
      [police, health],
      { opensOn: '2017-04-01', dueOn: '2018-03-31' },
      'Section 11 2017/18',
    )
    const earlier = await cycle(
      t,
      'section-11',
      [police],
      { opensOn: '2016-04-01', dueOn: '2017-03-31' },
      'Section 11 2016/17',
    )
    await answer(police, earlier.id, 60, 100)
    await answer(police, later.id, 90, 100)
    await answer(health, later.id, 10, 10)

    const officer = await t.signInAs('business-officer')
    const url = `/assurance/organisations/${police}/across-years`
    const page = await t.inject({ method: 'GET', url, headers: { cookie: officer } })
    expect(page.statusCode).toBe(200)
    const table = page.body.slice(page.body.indexOf('id="chart-across-years-table"'))
    const text = table.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ')
    expect(text).toContain('Area Section 11 2016/17 Section 11 2017/18')
    expect(text).toContain('Management commitment and delegation 60% 90%')
    expect(page.body).toContain('<svg')
    expect(page.body).not.toContain('10%')

    const csv = await t.inject({
      method: 'GET',
      url: `${url}?format=csv`,
      headers: { cookie: officer },
    })
    expect(csv.headers['content-type']).toContain('text/csv')
    const lines = csv.body.trim().split(/\r?\n/)
    expect(lines[0]).toContain('Area,Section 11 2016/17,Section 11 2017/18')
    expect(lines).toHaveLength(14)
    expect(lines[2]).toMatch(/,100%,100%$/)
    const xlsx = await t.inject({
      method: 'GET',
      url: `${url}?format=xlsx`,
      headers: { cookie: officer },
    })
    expect(xlsx.headers['content-type']).toContain('spreadsheetml')

    const bad = await t.inject({
      method: 'GET',
      url: `${url}?format=pdf`,
      headers: { cookie: officer },
    })
    expect(bad.statusCode).toBe(400)
    const lead = await t.signInAs('agency-lead')
    expect((await t.inject({ method: 'GET', url, headers: { cookie: lead } })).statusCode).toBe(403)
  })
})
