/**
 * Runs a year's rules over a census return, one child at a time.
 *
 * Child rules see one child and report at once; return rules (the header, duplicates across
 * children, overall counts) keep a small tally and report when the file ends. Nothing else is
 * kept, so a return of any size validates in constant memory beyond those tallies.
 */
import {
  addCalendarDays,
  englandAndWales,
  isValidIsoDate,
  type WorkingDayCalendar,
} from '../../platform/working-days.js'
import type { CensusChild, CensusHeader } from './model.js'
import {
  collectionYearOf,
  LATEST_COLLECTION_YEAR,
  ruleSetFor,
  type CollectionYear,
} from './rules/rule-sets.js'
import type {
  BreachFields,
  ChildRule,
  ReturnRuleRun,
  Rule,
  RuleContext,
  RuleType,
} from './rules/types.js'
import {
  readCensusFileBatches,
  type CensusEvent,
  type ReadIssue,
  type ReadOptions,
} from './xml-reader.js'

export interface Finding {
  ruleCode: string
  ruleType: RuleType
  /** Empty for findings about the whole return, and for a child with no LAchildID. */
  laChildId: string
  fields: string[]
  values: string[]
  message: string
}

export interface ValidationOptions {
  /** The rule set to use; by default, the year of the return's ReferenceDate. */
  year?: CollectionYear
  calendar?: WorkingDayCalendar
  /** Called with each departure from the schema that the reader found. */
  onIssue?: (issue: ReadIssue) => void
  /** The reader's tokenizer: the census's own (the default) or saxes, the reference. */
  tokenizer?: ReadOptions['tokenizer']
}

export interface ValidationSummary {
  year: CollectionYear
  referenceDate: string
  children: number
  errors: number
  queries: number
  schemaIssues: number
}

/** One validation run, fed child by child. */
export class CensusValidation {
  readonly year: CollectionYear
  readonly context: RuleContext
  private readonly childRules: { rule: ChildRule; report: (fields: BreachFields) => void }[]
  private readonly returnRuns: { rule: Rule; run: ReturnRuleRun }[]
  private found: Finding[] = []
  private currentChildId = ''
  private childCount = 0

  constructor(header: CensusHeader, options: Pick<ValidationOptions, 'year' | 'calendar'> = {}) {
    const referenceDate = referenceDateOf(header, options.year)
    this.year = options.year ?? collectionYearOf(referenceDate)
    this.context = {
      header,
      referenceDate,
      collectionStart: addCalendarDays(addYearsBack(referenceDate), 1),
      calendar: options.calendar ?? englandAndWales,
    }
    const rules = ruleSetFor(this.year)
    this.childRules = rules.flatMap(rule =>
      rule.scope === 'child'
        ? [
            {
              rule,
              report: (fields: BreachFields) => this.record(rule, this.currentChildId, fields),
            },
          ]
        : [],
    )
    this.returnRuns = rules.flatMap(rule =>
      rule.scope === 'return' ? [{ rule, run: rule.start(this.context) }] : [],
    )
  }

  get children(): number {
    return this.childCount
  }

  /** Findings about this child; return-level findings wait for `finish`. */
  observe(child: CensusChild): Finding[] {
    this.childCount += 1
    this.currentChildId = child.identifiers.laChildId ?? ''
    for (const { rule, report } of this.childRules) rule.check(child, this.context, report)
    for (const { run } of this.returnRuns) run.observe(child)
    return this.take()
  }

  finish(): Finding[] {
    for (const { rule, run } of this.returnRuns) {
      run.finish((laChildId, fields) => this.record(rule, laChildId, fields))
    }
    return this.take()
  }

  private take(): Finding[] {
    const found = this.found
    this.found = []
    return found
  }

  private record(rule: Rule, laChildId: string, fields: BreachFields): void {
    this.found.push({
      ruleCode: rule.code,
      ruleType: rule.type,
      laChildId,
      fields: Object.keys(fields),
      values: Object.values(fields).map(value => value ?? ''),
      message: rule.message,
    })
  }
}

function referenceDateOf(header: CensusHeader, year: CollectionYear | undefined): string {
  if (header.referenceDate !== undefined) return header.referenceDate
  const endYear = year
    ? Number(year.slice(0, 4)) + 1
    : Number(LATEST_COLLECTION_YEAR.slice(0, 4)) + 1
  const fromHeaderYear = `${header.year ?? ''}-03-31`
  return !year && isValidIsoDate(fromHeaderYear) ? fromHeaderYear : `${endYear}-03-31`
}

function addYearsBack(date: string): string {
  const [year, rest] = [Number(date.slice(0, 4)), date.slice(4)]
  const candidate = `${String(year - 1).padStart(4, '0')}${rest}`
  // 29 February has no match a year earlier; pandas (and the DfE tool) use 28 February.
  return isValidIsoDate(candidate) ? candidate : `${String(year - 1).padStart(4, '0')}-02-28`
}

/**
 * Validates a stream of census events (from `readCensus`), yielding findings as they are found
 * and returning a summary. The header, which comes first in the file, sets the year.
 */
export async function* validateCensus(
  events: AsyncIterable<CensusEvent | CensusEvent[]>,
  options: ValidationOptions = {},
): AsyncGenerator<Finding, ValidationSummary> {
  let header: CensusHeader = {}
  let validation: CensusValidation | undefined
  let errors = 0
  let queries = 0
  let schemaIssues = 0
  const count = (findings: Finding[]) => {
    for (const finding of findings) {
      if (finding.ruleType === 'error') errors += 1
      else queries += 1
    }
    return findings
  }

  for await (const item of events) {
    const found: Finding[] = []
    for (const event of Array.isArray(item) ? item : [item]) {
      if (event.kind === 'issue') {
        schemaIssues += 1
        options.onIssue?.(event.issue)
      } else if (event.kind === 'header') {
        header = event.header
      } else {
        validation ??= new CensusValidation(header, options)
        found.push(...validation.observe(event.child))
      }
    }
    yield* count(found)
  }
  validation ??= new CensusValidation(header, options)
  yield* count(validation.finish())
  return {
    year: validation.year,
    referenceDate: validation.context.referenceDate,
    children: validation.children,
    errors,
    queries,
    schemaIssues,
  }
}

export function validateCensusFile(
  path: string,
  options: ValidationOptions = {},
): AsyncGenerator<Finding, ValidationSummary> {
  return validateCensus(readCensusFileBatches(path, { tokenizer: options.tokenizer }), options)
}
