import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { addCalendarDays, englandAndWales } from '../../../src/platform/working-days.js'
import type {
  Assessment,
  CensusChild,
  ChildIdentifiers,
  ChildProtectionPlan,
  CinEpisode,
  Section47,
} from '../../../src/modules/census/model.js'
import type {
  BreachFields,
  ChildRule,
  ReturnRule,
  RuleContext,
} from '../../../src/modules/census/rules/types.js'

const here = dirname(fileURLToPath(import.meta.url))

/** ../shared beside the repository: the census data we test against but never copy. */
export const SHARED_CIN_DIR = join(here, '../../../../shared/data/cin')
export const hasSharedData = existsSync(SHARED_CIN_DIR)
export const SHARED_SKIP_MESSAGE = `../shared/data/cin is not present (looked in ${SHARED_CIN_DIR})`

/** UPNs whose check letters were worked out by hand from the DfE algorithm. */
export const PERMANENT_UPN = 'P201123456789'
export const TEMPORARY_UPN = 'M20112345678A'

export function contextFor(referenceDate: string): RuleContext {
  const year = Number(referenceDate.slice(0, 4))
  return {
    header: { year: String(year), referenceDate },
    referenceDate,
    collectionStart: addCalendarDays(`${year - 1}${referenceDate.slice(4)}`, 1),
    calendar: englandAndWales,
  }
}

/** The 2024-25 return: 1 April 2024 to 31 March 2025. */
export const CONTEXT_2025 = contextFor('2025-03-31')

export function assessment(parts: Partial<Assessment> = {}): Assessment {
  return { startDate: '2024-05-02', authorisationDate: '2024-06-10', factors: ['3A'], ...parts }
}

export function section47(parts: Partial<Section47> = {}): Section47 {
  return {
    startDate: '2024-05-03',
    icpcTargetDate: '2024-05-24',
    dateOfInitialCpc: '2024-05-22',
    icpcNotRequired: 'false',
    ...parts,
  }
}

export function protectionPlan(parts: Partial<ChildProtectionPlan> = {}): ChildProtectionPlan {
  return {
    startDate: '2024-05-22',
    initialCategoryOfAbuse: 'NEG',
    latestCategoryOfAbuse: 'NEG',
    numberOfPreviousCpp: '0',
    reviewDates: ['2024-08-14'],
    ...parts,
  }
}

export function episode(parts: Partial<CinEpisode> = {}): CinEpisode {
  return {
    referralDate: '2024-05-01',
    referralSource: '1A',
    primaryNeedCode: 'N1',
    referralNfa: 'false',
    assessments: [assessment()],
    cinPlans: [],
    section47s: [],
    childProtectionPlans: [],
    preProceedings: [],
    ...parts,
  }
}

type ChildParts = Partial<Omit<CensusChild, 'identifiers'>> & {
  identifiers?: Partial<ChildIdentifiers>
}

export function child(parts: ChildParts = {}): CensusChild {
  return {
    line: 1,
    ethnicity: 'WBRI',
    disabilities: ['NONE'],
    episodes: [episode()],
    ...parts,
    identifiers: {
      laChildId: 'CHILD1',
      upn: PERMANENT_UPN,
      personBirthDate: '2015-06-01',
      sexElement: 'F',
      sex: 'F',
      ...parts.identifiers,
    },
  }
}

export function childBreaches(
  rule: ChildRule,
  subject: CensusChild,
  context: RuleContext = CONTEXT_2025,
): BreachFields[] {
  const found: BreachFields[] = []
  rule.check(subject, context, fields => found.push(fields))
  return found
}

export function returnBreaches(
  rule: ReturnRule,
  children: CensusChild[],
  context: RuleContext = CONTEXT_2025,
): { laChildId: string; fields: BreachFields }[] {
  const found: { laChildId: string; fields: BreachFields }[] = []
  const run = rule.start(context)
  for (const subject of children) run.observe(subject)
  run.finish((laChildId, fields) => found.push({ laChildId, fields }))
  return found
}
