import type { CensusChild } from '../../../../src/modules/census/model.js'
import type { ChildRule, RuleContext } from '../../../../src/modules/census/rules/types.js'

export interface ChildRuleCase {
  rule: ChildRule
  does: string
  child: CensusChild
  fires: boolean
  context?: RuleContext
}

export function fires(
  rule: ChildRule,
  does: string,
  child: CensusChild,
  context?: RuleContext,
): ChildRuleCase {
  return { rule, does, child, fires: true, context }
}

export function passes(
  rule: ChildRule,
  does: string,
  child: CensusChild,
  context?: RuleContext,
): ChildRuleCase {
  return { rule, does, child, fires: false, context }
}
