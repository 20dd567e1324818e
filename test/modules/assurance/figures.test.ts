import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import {
  keyAreaTable,
  returnRates,
  scoresByArea,
  dslTrainingNeeds,
} from '../../../src/modules/assurance/queries.js'
import { saveStandard, submitReturn } from '../../../src/modules/assurance/returns/service.js'
import { SHIPPED_TEMPLATES } from '../../../src/modules/assurance/templates/shipped.js'
import { useTestApp } from '../../helpers/test-app.js'
import { HAS_FIXTURES, SKIP_MESSAGE, fixture } from '../governance/helpers.js'
import { ctxFor, cycle, must, school } from './helpers.js'
import { addOrganisation } from '../../../src/modules/assurance/cycles/service.js'

const t = useTestApp()

interface Birmingham {
  section_11_key_areas: string[]
  section_11_scores_percent: Record<string, number[]>
}

const figures = <T>(work: Parameters<typeof inPartnership<T>>[2]) =>
  inPartnership(t.database.db, { partnershipId: t.northbridge.id }, work)

describe.skipIf(!HAS_FIXTURES)('the Birmingham 2016/17 Section 11 key areas by agency', () => {
  it('is reproduced exactly from returns answered standard by standard', async () => {
    if (!HAS_FIXTURES) throw new Error(SKIP_MESSAGE)
    const source = fixture<Birmingham>('birmingham-2016-17-key-figures.json')
    const agencies = Object.keys(source.section_11_scores_percent)
    const organisations: string[] = []
    for (const [index, name] of agencies.entries()) {
      organisations.push(
        must(
          await addOrganisation(t.database.db, ctxFor(t, 'business-officer'), {
            kind: 'agency',
            agencyId: t.northbridge.agencyIds[index]!,
            urn: null,
            name,
            phase: null,
            leadEmail: `s11@${name.toLowerCase()}.example`,
          }),
          'saved',
        ).id,
      )
    }
    const opened = await cycle(
      t,
      'section-11',
      organisations,
      { opensOn: '2016-04-01', dueOn: '2017-03-31' },
      'Section 11 2016/17',
    )
    const s11 = SHIPPED_TEMPLATES.find(x => x.key === 'section-11')!.definition
    for (const [index, name] of agencies.entries()) {
      // A past cycle's links have expired: the business unit enters the returns as they were made.
      const returnId = (
        await t.database.owner
          .selectFrom('asr_return')
          .select('id')
          .where('organisation_id', '=', organisations[index]!)
          .executeTakeFirstOrThrow()
      ).id as string
      const officer = { kind: 'user' as const, ctx: ctxFor(t, 'business-officer') }
      for (const [areaIndex, area] of s11.areas.entries()) {
        const target = source.section_11_scores_percent[name]![areaIndex]!
        // Two standards that average to the area's score: one above it, one below where possible.
        const spread = Math.min(100 - target, target, 7)
        const answers = [target + spread, target - spread]
        for (const [i, standard] of area.standards.entries()) {
          expect(
            await saveStandard(t.database.db, officer, returnId, standard.key, {
              'q-score': String(answers[i]),
            }),
          ).toEqual({ kind: 'saved' })
        }
      }
      expect(await submitReturn(t.database.db, officer, returnId)).toEqual({ kind: 'saved' })
    }
    const table = keyAreaTable(
      await figures(trx => scoresByArea(trx, t.northbridge.id, opened.id)),
      agencies,
    )
    expect(table.rows.map(r => r.area)).toEqual(source.section_11_key_areas)
    expect(
      Object.fromEntries(agencies.map((name, i) => [name, table.rows.map(r => r.scores[i])])),
    ).toEqual(source.section_11_scores_percent)
    expect(table.summary).toEqual(['100% in 11 of 13', '100% in 10 of 13'])
  })
})

describe('return rates', () => {
  it('counts submitted returns against the cycle’s target', async () => {
    const ids = []
    for (let i = 0; i < 20; i += 1)
      ids.push(await school(t, String(100000 + i), `School ${i}`, `dsl${i}@school.example`))
    const opened = await cycle(t, 'section-175-157', ids)
    const tokens = ids.map(id => opened.links[id]!)
    const answerAll = async (token: string, dsl: string) => {
      const link = { kind: 'link' as const, token, requestId: 'r' }
      for (const key of ['a1s1', 'a1s2', 'a2s1', 'a2s2', 'a3s1', 'a3s2', 'a4s1', 'a5s1', 'a6s1']) {
        await saveStandard(t.database.db, link, null, key, {
          'q-score': key === 'a2s1' ? dsl : 'yes',
        })
      }
      return submitReturn(t.database.db, link, null)
    }
    for (const [i, token] of tokens.slice(0, 18).entries())
      await answerAll(token, i === 0 ? 'no' : 'yes')
    let [rate] = await figures(trx => returnRates(trx, t.northbridge.id))
    expect(rate).toMatchObject({
      invited: 20,
      submitted: 18,
      ratePercent: 90,
      targetPercent: 95,
      meetsTarget: false,
    })
    await answerAll(tokens[18]!, 'yes')
    ;[rate] = await figures(trx => returnRates(trx, t.northbridge.id))
    expect(rate).toMatchObject({ submitted: 19, ratePercent: 95, meetsTarget: true })
    // The schools whose DSL standard is not met feed the DSL training needs analysis.
    expect(await figures(trx => dslTrainingNeeds(trx, t.northbridge.id))).toEqual([
      { cycleTitle: 'section-175-157 2026/27', school: 'School 0', score: 50 },
    ])
  })
})
