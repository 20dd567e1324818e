import { describe, expect, it } from 'vitest'
import { reportsDemoContributor } from '../../../src/modules/reports/demo.js'
import { SeededRandom } from '../../../src/platform/random.js'
import { useTestApp } from '../../helpers/test-app.js'
import { visibleText } from '../governance/helpers.js'
import { page } from './helpers.js'

const t = useTestApp()

describe('demo annual reports', () => {
  it('adds a published past report and a draft with contributions at several stages, once', async () => {
    const context = {
      database: t.database,
      random: new SeededRandom(1),
      partnerships: [t.northbridge],
      options: { partnerships: 1, seed: 1 },
    }
    expect(await reportsDemoContributor.contribute(context)).toEqual({
      reports: 2,
      contributions: 4,
    })
    expect(await reportsDemoContributor.contribute(context)).toEqual({ reports: 0 })

    const officer = await t.signInAs('business-officer')
    const index = visibleText((await page(t, '/reports', officer)).body)
    expect(index).toContain('Published')
    expect(index).toContain('Draft')
    const statuses = await t.database.owner
      .selectFrom('report_contribution')
      .select('status')
      .orderBy('status')
      .execute()
    expect(statuses.map(s => s.status)).toEqual(['accepted', 'requested', 'returned', 'submitted'])
    const archive = await page(t, `/p/${t.northbridge.slug}/reports`)
    expect(archive.statusCode).toBe(200)
    expect(visibleText(archive.body)).toMatch(/Annual report \d{4}\/\d{2}/)
  })
})
