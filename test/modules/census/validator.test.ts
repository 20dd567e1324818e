import { describe, expect, it } from 'vitest'
import { CensusValidation, validateCensus } from '../../../src/modules/census/validator.js'
import { readCensus } from '../../../src/modules/census/xml-reader.js'
import { child } from './helpers.js'

async function validate(xml: string, year?: '2022-23' | '2023-24' | '2024-25') {
  const findings = []
  const run = validateCensus(readCensus([xml]), { year })
  let result = await run.next()
  while (!result.done) {
    findings.push(result.value)
    result = await run.next()
  }
  return { findings, summary: result.value }
}

const HEADER = (referenceDate: string) =>
  `<Header><CollectionDetails><Year>${referenceDate.slice(0, 4)}</Year><ReferenceDate>${referenceDate}</ReferenceDate></CollectionDetails></Header>`

const CHILD_WITHOUT_ID = `<Child><ChildIdentifiers><PersonBirthDate>2015-06-01</PersonBirthDate><Sex>F</Sex></ChildIdentifiers>
<ChildCharacteristics><Ethnicity>WBRI</Ethnicity></ChildCharacteristics>
<CINdetails><CINreferralDate>2024-05-01</CINreferralDate><ReferralSource>1A</ReferralSource><PrimaryNeedCode>N1</PrimaryNeedCode><ReferralNFA>false</ReferralNFA></CINdetails></Child>`

describe('validating a return', () => {
  it('reports each finding with its rule, type, child, fields, values and message', () => {
    const validation = new CensusValidation({ year: '2025', referenceDate: '2025-03-31' })
    const findings = validation.observe(child({ ethnicity: 'XXXX' }))
    expect(findings).toEqual([
      {
        ruleCode: '4220',
        ruleType: 'error',
        laChildId: 'CHILD1',
        fields: ['Ethnicity'],
        values: ['XXXX'],
        message: 'Ethnicity is missing or invalid (see Ethnicity table)',
      },
    ])
  })

  it('chooses the rule set from the ReferenceDate', async () => {
    expect(
      (await validate(`<Message>${HEADER('2024-03-31')}<Children/></Message>`)).summary.year,
    ).toBe('2023-24')
    expect(
      (await validate(`<Message>${HEADER('2025-03-31')}<Children/></Message>`)).summary.year,
    ).toBe('2024-25')
  })

  it('uses the year asked for', async () => {
    const { summary } = await validate(
      `<Message>${HEADER('2025-03-31')}<Children/></Message>`,
      '2022-23',
    )
    expect(summary.year).toBe('2022-23')
  })

  it('validates a child with an empty ID without stopping (the reference aborts)', async () => {
    const xml = `<Message>${HEADER('2025-03-31')}<Children>${CHILD_WITHOUT_ID}${CHILD_WITHOUT_ID}</Children></Message>`
    const { findings, summary } = await validate(xml)
    expect(summary.children).toBe(2)
    const missingId = findings.filter(f => f.ruleCode === '8500')
    expect(missingId).toHaveLength(2)
    expect(missingId.every(f => f.laChildId === '')).toBe(true)
    expect(findings.map(f => f.ruleCode)).toContain('8540')
  })

  it('reports return-level findings with no child', async () => {
    const { findings } = await validate(`<Message>${HEADER('2025-03-30')}<Children/></Message>`)
    expect(findings.find(f => f.ruleCode === '100')).toMatchObject({
      laChildId: '',
      values: ['2025-03-30'],
    })
  })
})
