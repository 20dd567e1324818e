import { describe, expect, it } from 'vitest'
import { runImportCommand } from '../../../src/modules/census/records-cli.js'
import { runFiguresCommand } from '../../../src/modules/dataset/cli.js'
import { useTestApp } from '../../helpers/test-app.js'
import { capture, censusXml, childXml, writeFile } from '../census/records-helpers.js'

const t = useTestApp()

async function figures(input: { from: string; to: string; format: string; partnership?: string }) {
  const stdout = capture()
  const stderr = capture()
  const code = await runFiguresCommand(t.database, input, {
    stdout: stdout.stream,
    stderr: stderr.stream,
  })
  return { code, stdout: stdout.text(), stderr: stderr.text() }
}

type Json = {
  figures: { indicator: string; count: number; outOf: number | null; percent: number | null }[]
}

describe('keepsafe dataset figures after a census import', () => {
  it('gives the DfE figures of the imported year', async () => {
    const file = writeFile(
      'dataset-census.xml',
      censusXml(childXml('C1') + childXml('C2', { birth: '2010-02-01' })),
    )
    const out = capture()
    const imported = await runImportCommand(
      t.database,
      { file, partnership: 'northbridge' },
      { stdout: out.stream, stderr: capture().stream },
    )
    expect(imported).toBe(0)

    const { code, stdout } = await figures({
      from: '2024-04-01',
      to: '2025-03-31',
      format: 'json',
      partnership: 'northbridge',
    })
    expect(code).toBe(0)
    const byId = Object.fromEntries((JSON.parse(stdout) as Json).figures.map(f => [f.indicator, f]))
    expect(byId.CPP_Total_NumRef?.count).toBe(2)
    expect(byId.ReReferral).toMatchObject({ count: 0, outOf: 2 })
    expect(byId.CIN?.count).toBe(2)
    expect(byId.Continue_Assess_Comp).toMatchObject({ count: 2, outOf: 2, percent: 100 })
    expect(byId.Section_47?.count).toBe(2)
    expect(byId.ISCP_Conf?.count).toBe(2)
    expect(byId.CP_conf_15days).toMatchObject({ count: 2, outOf: 2 })
    expect(byId.ReRegCPR_Denominator?.count).toBe(2)
    // NumberOfPreviousCPP 1 on the census: a second plan although the records hold no earlier one.
    expect(byId.PrevRegCPR).toMatchObject({ count: 2, outOf: 2 })
    expect(byId.CPP_Num?.count).toBe(2)
    expect(byId.CPP_Reviewed_InReqTimeScl).toMatchObject({ count: 2, outOf: 2 })

    const other = await figures({
      from: '2024-04-01',
      to: '2025-03-31',
      format: 'json',
      partnership: 'southbridge',
    })
    const southbridge = Object.fromEntries(
      (JSON.parse(other.stdout) as Json).figures.map(f => [f.indicator, f]),
    )
    expect(southbridge.CPP_Total_NumRef?.count).toBe(0)

    const csv = await figures({
      from: '2024-04-01',
      to: '2025-03-31',
      format: 'csv',
      partnership: 'northbridge',
    })
    const [header, ...rows] = csv.stdout.trim().split('\n')
    expect(header).toBe(
      'indicator,label,count,out_of,percent,rate_per_10000,comparator_year,england,region,statistical_neighbours,target,rag',
    )
    expect(rows.find(row => row.startsWith('CPP_Num,'))).toMatch(/^CPP_Num,[^,]+,2,/)
  })

  it('refuses bad dates, formats and unknown partnerships with exit code 2', async () => {
    expect(
      (await figures({ from: '2024-13-01', to: '2025-03-31', format: 'json' })).stderr,
    ).toMatch(/--from/)
    expect((await figures({ from: '2025-04-01', to: '2025-03-31', format: 'json' })).code).toBe(2)
    expect((await figures({ from: '2024-04-01', to: '2025-03-31', format: 'xml' })).stderr).toMatch(
      /json or csv/,
    )
    const unknown = await figures({
      from: '2024-04-01',
      to: '2025-03-31',
      format: 'json',
      partnership: 'nowhere',
    })
    expect(unknown.code).toBe(2)
    expect(unknown.stderr).toMatch(/no partnership "nowhere"/)
    const ambiguous = await figures({ from: '2024-04-01', to: '2025-03-31', format: 'json' })
    expect(ambiguous.stderr).toMatch(/Say which partnership/)
  })
})
