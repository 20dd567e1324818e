import { describe, expect, it } from 'vitest'
import { ruleSetFor } from '../../../../src/modules/census/rules/rule-sets.js'
import type { ChildRule } from '../../../../src/modules/census/rules/types.js'
import { childBreaches } from '../helpers.js'
import { assessmentCases } from './assessment-cases.js'
import type { ChildRuleCase } from './cases.js'
import { cinPlanCases } from './cin-plan-cases.js'
import { episodeCases } from './episode-cases.js'
import { identifierCases } from './identifier-cases.js'
import { protectionPlanCases } from './protection-plan-cases.js'
import { section47Cases } from './section47-cases.js'

const allCases: ChildRuleCase[] = [
  ...identifierCases,
  ...episodeCases,
  ...assessmentCases,
  ...cinPlanCases,
  ...section47Cases,
  ...protectionPlanCases,
]

const casesByRule = new Map<ChildRule, ChildRuleCase[]>()
for (const ruleCase of allCases) {
  casesByRule.set(ruleCase.rule, [...(casesByRule.get(ruleCase.rule) ?? []), ruleCase])
}

for (const [rule, cases] of casesByRule) {
  describe(`rule ${rule.code}: ${rule.message}`, () => {
    it.each(cases)('$does', ({ child, context, fires }) => {
      const breaches = childBreaches(rule, child, context)
      expect(breaches.length > 0).toBe(fires)
      for (const fields of breaches)
        expect(Object.keys(fields)).toEqual(
          expect.arrayContaining([...rule.fields].filter(f => f in fields)),
        )
    })
  })
}

describe('the rule cases', () => {
  const years = ['2022-23', '2023-24', '2024-25'] as const
  const childRules = new Set(
    years.flatMap(year => ruleSetFor(year)).flatMap(r => (r.scope === 'child' ? [r] : [])),
  )

  it.each(
    [...childRules].map(rule => [`${rule.code} (${rule.message.slice(0, 40)}…)`, rule] as const),
  )('include a failing and a passing case for %s', (_name, rule) => {
    const cases = casesByRule.get(rule) ?? []
    expect(cases.some(c => c.fires)).toBe(true)
    expect(cases.some(c => !c.fires)).toBe(true)
  })
})
