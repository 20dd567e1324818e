import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { generateChildren, writeCensusXml } from '../../../src/modules/census/generate-xml.js'
import { validateCensus } from '../../../src/modules/census/validator.js'
import { readCensus } from '../../../src/modules/census/xml-reader.js'

async function generatedXml(options: Parameters<typeof writeCensusXml>[1]): Promise<string> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (chunk: Buffer) => chunks.push(chunk))
  await writeCensusXml(out, options)
  return Buffer.concat(chunks).toString('utf8')
}

async function findingsOf(xml: string) {
  const findings = []
  for await (const finding of validateCensus(readCensus([xml]))) findings.push(finding)
  return findings
}

describe('the synthetic census generator', () => {
  it('is repeatable for a seed', async () => {
    expect(await generatedXml({ children: 20, seed: 9 })).toBe(
      await generatedXml({ children: 20, seed: 9 }),
    )
  })

  it('writes children that break no error rule and no schema rule', async () => {
    const xml = await generatedXml({ children: 500, seed: 11 })
    const issues: unknown[] = []
    const findings = []
    for await (const finding of validateCensus(readCensus([xml]), {
      onIssue: issue => issues.push(issue),
    })) {
      findings.push(finding)
    }
    expect(issues).toEqual([])
    expect(findings.filter(f => f.ruleType === 'error')).toEqual([])
  })

  it('writes assessments, Section 47s, protection plans with reviews and CIN plans', () => {
    const episodes = [...generateChildren({ children: 300, seed: 12 })].flatMap(
      ({ child }) => child.episodes,
    )
    expect(episodes.some(e => e.assessments.length > 0)).toBe(true)
    expect(episodes.some(e => e.section47s.length > 0)).toBe(true)
    expect(episodes.some(e => e.childProtectionPlans.some(p => p.reviewDates.length > 1))).toBe(
      true,
    )
    expect(episodes.some(e => e.cinPlans.length > 0)).toBe(true)
  })

  it('breaks the named rule in the children it was asked to break', async () => {
    const generated = [...generateChildren({ children: 200, seed: 13, breaches: 0.3 })]
    const breached = generated.filter(g => g.breachedRule !== undefined)
    expect(breached.length).toBeGreaterThan(30)
    const xml = await generatedXml({ children: 200, seed: 13, breaches: 0.3 })
    const found = new Set((await findingsOf(xml)).map(f => `${f.ruleCode} ${f.laChildId}`))
    for (const { child, breachedRule } of breached) {
      expect(found).toContain(`${breachedRule ?? ''} ${child.identifiers.laChildId ?? ''}`)
    }
  })
})
