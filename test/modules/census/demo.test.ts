import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  generateCensusDemoRecords,
  seedDemoCensusRecords,
  writeCensusDemoFiles,
} from '../../../src/modules/census/demo.js'
import { readCensusFile } from '../../../src/modules/census/xml-reader.js'
import { useTestApp } from '../../helpers/test-app.js'
import { countRows, workDir } from './records-helpers.js'

const t = useTestApp()

describe('demo census data', () => {
  it('writes one XML file a year, with children unique across the years', async () => {
    const written = await writeCensusDemoFiles(join(workDir, 'demo.xml'), {
      children: 50,
      years: 2,
      seed: 3,
      breaches: 0,
    })
    expect(written.map(w => w.file.split('/').at(-1))).toEqual([
      'demo-2023-24.xml',
      'demo-2024-25.xml',
    ])
    const ids: string[] = []
    for (const { file } of written) {
      expect(readFileSync(file, 'utf8')).toContain('<ReferenceDate>')
      for await (const event of readCensusFile(file)) {
        if (event.kind === 'issue') throw new Error(event.issue.message)
        if (event.kind === 'child') ids.push(event.child.identifiers.laChildId ?? '')
      }
    }
    expect(ids).toHaveLength(100)
    expect(new Set(ids).size).toBe(100)
  })

  it('fills a partnership with several years of records near the England rates', async () => {
    const children = 600
    await generateCensusDemoRecords(t.database.db, t.northbridge.id, {
      children,
      years: 3,
      seed: 2,
      breaches: 0.05,
    })
    const owner = t.database.owner
    const referrals = await owner
      .selectFrom('cin_episode')
      .select(eb => eb.fn.countAll().as('n'))
      .where('referral_date', '>=', '2024-04-01')
      .where('referral_date', '<=', '2025-03-31')
      .executeTakeFirstOrThrow()
    // The population is what makes about 550 referrals per 10,000 children a year.
    const population = Number(referrals.n) / 0.055
    const onPlan = await owner
      .selectFrom('child_protection_plan')
      .select(eb => eb.fn.countAll().as('n'))
      .where('start_date', '<=', '2025-03-31')
      .where(eb => eb.or([eb('end_date', 'is', null), eb('end_date', '>', '2025-03-31')]))
      .executeTakeFirstOrThrow()
    const perTenThousand = (Number(onPlan.n) / population) * 10_000
    expect(perTenThousand).toBeGreaterThan(25)
    expect(perTenThousand).toBeLessThan(70)
    const categories = await owner
      .selectFrom('child_protection_plan')
      .select(['initial_category', eb => eb.fn.countAll().as('n')])
      .groupBy('initial_category')
      .orderBy('n', 'desc')
      .execute()
    expect(categories[0]?.initial_category).toBe('NEG')
    const named = await owner
      .selectFrom('child')
      .select('family_name')
      .where('family_name', 'is', null)
      .execute()
    expect(named).toHaveLength(0)
  })

  it('seeds the demo partnership once: a restart adds nothing', async () => {
    const first = await seedDemoCensusRecords(t.database.db, t.northbridge.id, {
      children: 40,
      years: 2,
    })
    expect(first?.years).toBe(2)
    const before = await countRows(t, 'cin_episode')
    expect(
      await seedDemoCensusRecords(t.database.db, t.northbridge.id, { children: 40, years: 2 }),
    ).toBeUndefined()
    expect(await countRows(t, 'cin_episode')).toBe(before)
  })
})
