import { describe, expect, it } from 'vitest'
import { returnsDemoContributor } from '../../../../src/modules/dataset/returns/demo.js'
import { SeededRandom } from '../../../../src/platform/random.js'
import { useTestApp } from '../../../helpers/test-app.js'
import { countRows } from './helpers.js'

const t = useTestApp()

describe('demo agency returns', () => {
  it('adds a catalogue, four quarters of returns with one overdue and one part way, and a report card, once', async () => {
    const context = {
      database: t.database,
      random: new SeededRandom(1),
      partnerships: [t.northbridge],
      options: { partnerships: 1, seed: 1 },
    }
    expect(await returnsDemoContributor.contribute(context)).toEqual({
      indicators: 8,
      returns: 16,
      reportCards: 1,
    })
    const signed = await t.database.owner
      .selectFrom('agency_return')
      .select(eb => eb.fn.countAll<string>().as('n'))
      .where('signed_off_at', 'is not', null)
      .executeTakeFirstOrThrow()
    expect(Number(signed.n)).toBe(14)
    const officer = await t.signInAs('business-officer')
    const chase = await t.inject({
      method: 'GET',
      url: '/dataset/returns/chase',
      headers: { cookie: officer },
    })
    expect(chase.body).toContain('Northbridge Council Children’s Services')
    expect(chase.body).toContain('Northbridge NHS Foundation Trust')
    expect(await returnsDemoContributor.contribute(context)).toEqual({ indicators: 0 })
    expect(await countRows(t, ['return_indicator', 'report_card'])).toEqual({
      return_indicator: 8,
      report_card: 1,
    })
  })
})
