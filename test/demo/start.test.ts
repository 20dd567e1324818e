import { describe, expect, it } from 'vitest'
import { demoContributors } from '../../src/demo/generate.js'
import { contributeDemoOnce } from '../../src/demo/start.js'
import { expectNothingWritten } from '../helpers/table-counts.js'
import { useTestApp } from '../helpers/test-app.js'

const t = useTestApp()

describe('demo data at start-up', () => {
  it('runs every module’s demo contributor once for the demo partnership; a restart adds nothing', async () => {
    const ran = await contributeDemoOnce(t.database, t.northbridge)
    expect(ran).toEqual(demoContributors.map(c => c.name))
    expect(ran).toContain('governance')

    const owner = t.database.owner
    const count = async (table: 'gov_body' | 'gov_meeting' | 'gov_risk' | 'gov_budget_line') =>
      Number(
        (
          await owner
            .selectFrom(table)
            .select(eb => eb.fn.countAll().as('n'))
            .where('partnership_id', '=', t.northbridge.id)
            .executeTakeFirstOrThrow()
        ).n,
      )
    // Other modules' contributors add bodies of their own (panels): governance adds three.
    expect(await count('gov_body')).toBeGreaterThanOrEqual(3)
    expect(await count('gov_meeting')).toBeGreaterThan(10)
    expect(await count('gov_risk')).toBeGreaterThanOrEqual(5)
    expect(await count('gov_budget_line')).toBeGreaterThanOrEqual(9)
    const statuses = await owner.selectFrom('gov_meeting').select('status').distinct().execute()
    expect(statuses.map(s => s.status).sort()).toEqual(['cancelled', 'held', 'scheduled'])

    const again = await expectNothingWritten(t, () => contributeDemoOnce(t.database, t.northbridge))
    expect(again).toEqual([])
  })
})
