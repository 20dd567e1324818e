import type { IsoDate, WorkingDayCalendar } from '../../../platform/working-days.js'
import type { CensusChild, CensusHeader } from '../model.js'

export type RuleType = 'error' | 'query'

/** The fields a breach is about and their values as sent (`undefined` when missing). */
export type BreachFields = Record<string, string | undefined>

export type Report = (fields: BreachFields) => void

export interface RuleContext {
  header: CensusHeader
  /** ReferenceDate of the return: the last day of the collection year (31 March). */
  referenceDate: IsoDate
  /** The day after the previous ReferenceDate (1 April). */
  collectionStart: IsoDate
  calendar: WorkingDayCalendar
}

interface RuleInfo {
  code: string
  type: RuleType
  message: string
  /** The data items (XML element names) the rule reports. */
  fields: readonly string[]
}

/** A rule that needs one child's record only. */
export interface ChildRule extends RuleInfo {
  scope: 'child'
  check(child: CensusChild, context: RuleContext, report: Report): void
}

/** A rule over the whole return: it sees every child, then reports once at the end. */
export interface ReturnRule extends RuleInfo {
  scope: 'return'
  start(context: RuleContext): ReturnRuleRun
}

export interface ReturnRuleRun {
  observe(child: CensusChild): void
  finish(report: (laChildId: string, fields: BreachFields) => void): void
}

export type Rule = ChildRule | ReturnRule

type Definition<R extends Rule> = Omit<R, 'scope' | 'type'> & { type?: RuleType }

/** Codes ending in Q are queries (to check and explain); the rest are errors. */
function typeOf(code: string): RuleType {
  return code.endsWith('Q') ? 'query' : 'error'
}

export function childRule(definition: Definition<ChildRule>): ChildRule {
  return { ...definition, type: definition.type ?? typeOf(definition.code), scope: 'child' }
}

export function returnRule(definition: Definition<ReturnRule>): ReturnRule {
  return { ...definition, type: definition.type ?? typeOf(definition.code), scope: 'return' }
}
