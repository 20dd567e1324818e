import { describe, expect, it } from 'vitest'
import {
  DEMO_CENSUS_DEFAULTS,
  generateCensusDemoRecords,
} from '../../../src/modules/census/demo.js'
import { exportCensus } from '../../../src/modules/census/export.js'
import { validateCensusFile, type Finding } from '../../../src/modules/census/validator.js'
import { useTestApp } from '../../helpers/test-app.js'
import { capture, writeFile } from './records-helpers.js'

const t = useTestApp()

async function errorsOf(path: string): Promise<Finding[]> {
  const errors: Finding[] = []
  for await (const finding of validateCensusFile(path)) {
    if (finding.ruleType === 'error') errors.push(finding)
  }
  return errors
}

describe('the demo census records', () => {
  it('are internally consistent: their own 2024-25 return has no error-level finding', async () => {
    // The demo as `npm start` loads it (seed 1); episodes open across years close in the next.
    await generateCensusDemoRecords(t.database.db, t.northbridge.id, {
      ...DEMO_CENSUS_DEFAULTS,
      seed: 1,
    })
    const out = capture()
    await exportCensus(
      t.database.db,
      { partnershipId: t.northbridge.id, userId: null, year: '2024-25' },
      out.stream,
    )
    expect(out.text()).toContain('<Child>')
    const errors = await errorsOf(writeFile('demo-2024-25.xml', out.text()))
    expect(errors).toEqual([])
  })
})
