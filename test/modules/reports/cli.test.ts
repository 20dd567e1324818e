import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runBuildCommand } from '../../../src/modules/reports/cli.js'
import { useTestApp } from '../../helpers/test-app.js'
import { startReport } from './helpers.js'

const t = useTestApp()

describe('keepsafe report build', () => {
  it('writes the year’s report as HTML, PDF and Word, and says what is wrong with bad options', async () => {
    const officer = await t.signInAs('business-officer')
    await startReport(t, officer, 2016)
    const dir = mkdtempSync(join(tmpdir(), 'report-'))
    const lines: string[] = []
    const log = (line: string) => lines.push(line)
    for (const format of ['html', 'pdf', 'docx']) {
      const out = join(dir, `report.${format}`)
      const code = await runBuildCommand(
        t.database,
        { partnership: 'northbridge', year: '2016-17', format, out },
        log,
      )
      expect(code).toBe(0)
      const bytes = readFileSync(out)
      if (format === 'html')
        expect(bytes.toString()).toContain('<h2 class="govuk-heading-l">Appendix B: budget</h2>')
      if (format === 'pdf') expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
      if (format === 'docx') expect(bytes.subarray(0, 2).toString()).toBe('PK')
    }
    expect(lines.at(-1)).toMatch(/^Wrote .*report\.docx \(docx, [\d,]+ bytes\)/)
    const bad = (input: Partial<{ year: string; format: string; partnership: string }>) =>
      runBuildCommand(
        t.database,
        {
          partnership: 'northbridge',
          year: '2016-17',
          format: 'pdf',
          out: join(dir, 'x'),
          ...input,
        },
        log,
      )
    expect(await bad({ year: '2016-18' })).toBe(2)
    expect(lines.at(-1)).toBe('--year must be a financial year like 2016-17')
    expect(await bad({ format: 'odt' })).toBe(2)
    expect(await bad({ partnership: 'nowhere' })).toBe(2)
    expect(await bad({ year: '2019-20' })).toBe(2)
    expect(lines.at(-1)).toContain('There is no 2019-20 report')
  })
})
