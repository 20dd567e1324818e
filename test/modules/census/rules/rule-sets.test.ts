import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { collectionYearOf, ruleSetFor } from '../../../../src/modules/census/rules/rule-sets.js'
import { hasSharedData, SHARED_CIN_DIR, SHARED_SKIP_MESSAGE } from '../helpers.js'

const codes = (year: Parameters<typeof ruleSetFor>[0]) => ruleSetFor(year).map(rule => rule.code)

describe('the 2024-25 rule set', () => {
  it('has 109 rules, 83 errors and 26 queries, each once', () => {
    const rules = ruleSetFor('2024-25')
    expect(rules).toHaveLength(109)
    expect(new Set(codes('2024-25')).size).toBe(109)
    expect(rules.filter(rule => rule.type === 'error')).toHaveLength(83)
  })

  it.skipIf(!hasSharedData)(
    `matches the codes, types and messages of rules_cin2024_25.tsv${hasSharedData ? '' : ` (skipped: ${SHARED_SKIP_MESSAGE})`}`,
    () => {
      const listed = readFileSync(join(SHARED_CIN_DIR, 'rules_cin2024_25.tsv'), 'utf8')
        .trim()
        .split('\n')
        .map(line => {
          const [code = '', text = ''] = line.split('\t')
          const match = /^(.*) \((ERROR|QUERY)\)$/s.exec(text)
          return { code, message: match?.[1], type: match?.[2]?.toLowerCase() }
        })
      const ours = ruleSetFor('2024-25').map(({ code, message, type }) => ({ code, message, type }))
      const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code)
      expect(ours.sort(byCode)).toEqual(listed.sort(byCode))
    },
  )
})

describe('earlier rule sets, by their differences', () => {
  it('2023-24 lacks the rules 2024-25 added', () => {
    expect(codes('2023-24')).toHaveLength(105)
    expect(codes('2023-24')).not.toContain('1570')
    expect(codes('2023-24')).not.toContain('8945Q')
  })

  it('2023-24 checks GenderCurrent, not Sex', () => {
    const rule4180 = ruleSetFor('2023-24').find(rule => rule.code === '4180')
    expect(rule4180?.fields).toEqual(['GenderCurrent'])
  })

  it('2022-23 differs from 2023-24 only in rule 1530', () => {
    const older = ruleSetFor('2022-23')
    const newer = ruleSetFor('2023-24')
    const changed = older.filter((rule, i) => rule !== newer[i]).map(rule => rule.code)
    expect(changed).toEqual(['1530'])
  })
})

describe('choosing the rule set by collection year', () => {
  it.each([
    ['2025-03-31', '2024-25'],
    ['2024-03-31', '2023-24'],
    ['2023-03-31', '2022-23'],
    ['2019-03-31', '2022-23'],
    ['2026-03-31', '2024-25'],
    ['2022-07-21', '2022-23'],
  ])('uses the %s return with the %s rules', (referenceDate, year) => {
    expect(collectionYearOf(referenceDate)).toBe(year)
  })
})
