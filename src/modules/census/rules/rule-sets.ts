/**
 * The DfE rule sets, one per collection year. 2024/25 is written out in full; each earlier
 * year is the next year's set with the rules that changed put back as they were.
 */
import * as assessments from './assessments.js'
import * as identifiers from './child-identifiers.js'
import * as cinPlans from './cin-plans.js'
import * as episodes from './episodes.js'
import * as protectionPlans from './protection-plans.js'
import * as returnLevel from './return-level.js'
import * as section47 from './section47.js'
import type { Rule } from './types.js'

import { isCollectionYear, LATEST_COLLECTION_YEAR, type CollectionYear } from './years.js'

export { COLLECTION_YEARS, isCollectionYear, LATEST_COLLECTION_YEAR } from './years.js'
export type { CollectionYear } from './years.js'

const RULES_2024_25: readonly Rule[] = [
  returnLevel.rule100,
  assessments.rule1103,
  section47.rule1104,
  protectionPlans.rule1105,
  identifiers.rule1510,
  returnLevel.rule1520,
  identifiers.rule1530,
  identifiers.rule1540,
  identifiers.rule1550,
  identifiers.rule1560Q,
  identifiers.rule1570,
  identifiers.rule1580,
  returnLevel.rule2883,
  section47.rule2884,
  protectionPlans.rule2885,
  returnLevel.rule2886Q,
  returnLevel.rule2887Q,
  returnLevel.rule2888Q,
  section47.rule2889,
  episodes.rule2990,
  episodes.rule2991Q,
  cinPlans.rule4000,
  cinPlans.rule4001,
  cinPlans.rule4003,
  cinPlans.rule4004,
  cinPlans.rule4008,
  cinPlans.rule4009Q,
  cinPlans.rule4010,
  cinPlans.rule4011,
  cinPlans.rule4012Q,
  cinPlans.rule4013,
  cinPlans.rule4014,
  cinPlans.rule4015,
  cinPlans.rule4016,
  cinPlans.rule4017,
  identifiers.rule4180,
  identifiers.rule4220,
  identifiers.rule8500,
  returnLevel.rule8510,
  identifiers.rule8520,
  identifiers.rule8525Q,
  identifiers.rule8530Q,
  identifiers.rule8535Q,
  identifiers.rule8540,
  identifiers.rule8545Q,
  episodes.rule8555Q,
  episodes.rule8565,
  episodes.rule8568,
  episodes.rule8569Q,
  episodes.rule8585Q,
  identifiers.rule8590,
  episodes.rule8600,
  episodes.rule8606,
  assessments.rule8608,
  episodes.rule8610,
  assessments.rule8614,
  section47.rule8615,
  episodes.rule8620,
  episodes.rule8630,
  episodes.rule8640,
  episodes.rule8650,
  assessments.rule8670Q,
  section47.rule8675Q,
  assessments.rule8696,
  section47.rule8715,
  protectionPlans.rule8720,
  protectionPlans.rule8730,
  assessments.rule8736,
  section47.rule8740,
  identifiers.rule8750,
  identifiers.rule8770Q,
  identifiers.rule8772,
  identifiers.rule8775Q,
  identifiers.rule8790,
  identifiers.rule8794,
  episodes.rule8805,
  episodes.rule8810,
  episodes.rule8815,
  episodes.rule8816,
  episodes.rule8820,
  episodes.rule8825Q,
  episodes.rule8831,
  protectionPlans.rule8832,
  section47.rule8839,
  protectionPlans.rule8840,
  protectionPlans.rule8841,
  protectionPlans.rule8842Q,
  assessments.rule8863Q,
  episodes.rule8866,
  episodes.rule8867,
  episodes.rule8868,
  assessments.rule8869,
  section47.rule8870Q,
  assessments.rule8873Q,
  section47.rule8875,
  section47.rule8890,
  assessments.rule8896,
  assessments.rule8897Q,
  assessments.rule8898,
  protectionPlans.rule8905,
  protectionPlans.rule8910,
  protectionPlans.rule8915,
  protectionPlans.rule8920,
  protectionPlans.rule8925,
  protectionPlans.rule8930,
  protectionPlans.rule8935,
  protectionPlans.rule8940,
  assessments.rule8945Q,
  assessments.rule8950Q,
]

interface RuleSetChange {
  /** Rules that did not exist that year. */
  removed: readonly string[]
  /** Rules as they were that year, replacing the later version with the same code. */
  replaced: readonly Rule[]
}

// What each year looked like compared with the year after it.
const CHANGES_FROM_NEXT_YEAR: Record<Exclude<CollectionYear, '2024-25'>, RuleSetChange> = {
  // 2024/25 replaced GenderCurrent with Sex, redefined school age for 8770Q and added the LA
  // child ID format rules and the queries on withdrawn assessment factors.
  '2023-24': {
    removed: ['1570', '1580', '8945Q', '8950Q'],
    replaced: [
      returnLevel.rule2886QBeforeSex,
      identifiers.rule4180BeforeSex,
      identifiers.rule8750BeforeSex,
      identifiers.rule8770QBeforeSchoolAge,
    ],
  },
  // 2023/24 added the LA codes of Cumberland (942) and Westmorland and Furness (943).
  '2022-23': { removed: [], replaced: [identifiers.rule1530For2022] },
}

export function ruleSetFor(year: CollectionYear): readonly Rule[] {
  if (year === '2024-25') return RULES_2024_25
  const next = year === '2023-24' ? '2024-25' : '2023-24'
  const { removed, replaced } = CHANGES_FROM_NEXT_YEAR[year]
  return ruleSetFor(next)
    .filter(rule => !removed.includes(rule.code))
    .map(rule => replaced.find(old => old.code === rule.code) ?? rule)
}

/**
 * The rule set for a return, from its ReferenceDate (31 March 2025 is the 2024-25 return).
 * Years before 2022-23 use the 2022-23 rules, the oldest kept; years after 2024-25 use
 * 2024-25, as no later rules have been published.
 */
export function collectionYearOf(referenceDate: string): CollectionYear {
  const endYear = Number(referenceDate.slice(0, 4)) + (referenceDate.slice(5) > '03-31' ? 1 : 0)
  const year = `${endYear - 1}-${String(endYear % 100).padStart(2, '0')}`
  if (isCollectionYear(year)) return year
  return endYear < 2023 ? '2022-23' : LATEST_COLLECTION_YEAR
}
