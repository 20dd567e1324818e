/**
 * From the element trees the census reader builds to typed records: each field checked against
 * its type or code list, each departure from the schema reported as an issue with its line.
 */
import {
  ASSESSMENT_FACTOR_CODES,
  CATEGORY_OF_ABUSE_CODES,
  DISABILITY_CODES,
  ETHNICITY_CODES,
  GENDER_CURRENT_CODES,
  PRIMARY_NEED_CODES,
  REASON_FOR_CLOSURE_CODES,
  REFERRAL_SOURCE_CODES,
  SEX_CODES,
  UPN_UNKNOWN_CODES,
  YES_NO_VALUES,
} from './codes.js'
import {
  sexFrom,
  type Assessment,
  type CensusChild,
  type CensusHeader,
  type ChildProtectionPlan,
  type CinEpisode,
  type CinPlan,
  type PreProceedings,
  type Section47,
} from './model.js'

export interface XmlNode {
  name: string
  line: number
  text: string
  children: XmlNode[]
}

export type IssueSink = (line: number, message: string) => void

export function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text
}

type ValueType =
  | 'text'
  | 'date'
  | 'yesno'
  | 'integer'
  | 'upn'
  | 'lea'
  | { codes: ReadonlySet<string>; label: string }

type Shape = Record<string, ValueType>

const UPN_PATTERN = /^[A-Za-z]\d{11}[A-Za-z\d]$/
const DATE_WITH_ZONE = /^(\d{4}-\d{2}-\d{2})(Z|[+-]\d{2}:\d{2})?$/

class Fields {
  private readonly values = new Map<string, string>()
  private readonly nodes = new Map<string, XmlNode[]>()

  constructor(
    readonly parent: XmlNode,
    private readonly shape: Shape,
    private readonly groups: readonly string[],
    private readonly report: IssueSink,
  ) {
    checkNoStrayText(parent, report)
    for (const node of parent.children) this.take(node)
  }

  text(name: string): string | undefined {
    return this.values.get(name)
  }

  date(name: string): string | undefined {
    const value = this.values.get(name)
    if (value === undefined) return undefined
    return DATE_WITH_ZONE.exec(value)?.[1]
  }

  group(name: string): XmlNode[] {
    return this.nodes.get(name) ?? []
  }

  private take(node: XmlNode): void {
    if (this.groups.includes(node.name)) {
      const list = this.nodes.get(node.name) ?? []
      list.push(node)
      this.nodes.set(node.name, list)
      return
    }
    const type = this.shape[node.name]
    if (type === undefined) {
      this.report(node.line, `Unexpected element <${node.name}> in <${this.parent.name}>`)
      return
    }
    if (this.values.has(node.name)) {
      this.report(
        node.line,
        `<${node.name}> appears more than once in <${this.parent.name}>; the first is used`,
      )
      return
    }
    if (node.children.length > 0) {
      this.report(node.line, `<${node.name}> should hold a value, not elements`)
      return
    }
    const value = node.text.trim()
    if (value === '') return
    this.values.set(node.name, value)
    const problem = typeProblem(value, type)
    if (problem) this.report(node.line, `<${node.name}> "${clip(value)}" ${problem}`)
  }
}

function typeProblem(value: string, type: ValueType): string | undefined {
  switch (type) {
    case 'text':
      return undefined
    case 'date': {
      const date = DATE_WITH_ZONE.exec(value)?.[1]
      if (date === undefined) return 'is not a date in the form YYYY-MM-DD'
      return isCalendarDate(date) ? undefined : 'is not a real calendar date'
    }
    case 'yesno':
      return YES_NO_VALUES.has(value) ? undefined : 'is not one of true, false, 1 or 0'
    case 'integer':
      return /^\d+$/.test(value) ? undefined : 'is not a whole number'
    case 'upn':
      return UPN_PATTERN.test(value)
        ? undefined
        : 'is not a UPN (a letter, 11 digits, a digit or letter)'
    case 'lea':
      return /^\d{3}$/.test(value) ? undefined : 'is not a three-digit LA code'
    default:
      return type.codes.has(value) ? undefined : `is not a known ${type.label} code`
  }
}

function checkNoStrayText(node: XmlNode, report: IssueSink): void {
  const stray = node.text.trim()
  if (stray !== '') report(node.line, `Unexpected text "${clip(stray)}" in <${node.name}>`)
}

const HEADER_SHAPE: Shape = {
  Collection: 'text',
  Year: 'text',
  ReferenceDate: 'date',
  SourceLevel: 'text',
  LEA: 'lea',
  SoftwareCode: 'text',
  Release: 'text',
  SerialNo: 'text',
  DateTime: 'text',
}

export function toHeader(node: XmlNode, report: IssueSink): CensusHeader {
  const header = new Fields(node, {}, ['CollectionDetails', 'Source'], report)
  const [details] = header.group('CollectionDetails')
  const [source] = header.group('Source')
  const d = details ? new Fields(details, HEADER_SHAPE, [], report) : undefined
  const s = source ? new Fields(source, HEADER_SHAPE, [], report) : undefined
  const referenceDateText = d?.text('ReferenceDate')
  const referenceDate = validDate(d?.date('ReferenceDate'))
  return {
    collection: d?.text('Collection'),
    year: d?.text('Year'),
    referenceDate,
    referenceDateText: referenceDate === undefined ? referenceDateText : undefined,
    sourceLevel: s?.text('SourceLevel'),
    lea: s?.text('LEA'),
    softwareCode: s?.text('SoftwareCode'),
    release: s?.text('Release'),
    serialNo: s?.text('SerialNo'),
    dateTime: s?.text('DateTime'),
  }
}

function validDate(date: string | undefined): string | undefined {
  return date !== undefined && isCalendarDate(date) ? date : undefined
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** A real day in 'YYYY-MM-DD' form; written out because it runs for every date in a return. */
function isCalendarDate(date: string): boolean {
  if (date.length !== 10 || date.charCodeAt(4) !== 45 || date.charCodeAt(7) !== 45) return false
  const year = digits(date, 0, 4)
  const month = digits(date, 5, 7)
  const day = digits(date, 8, 10)
  if (year < 0 || month < 1 || month > 12 || day < 1) return false
  const isLeap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)
  return day <= (month === 2 && isLeap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0))
}

function digits(text: string, from: number, to: number): number {
  let value = 0
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i) - 48
    if (code < 0 || code > 9) return -1
    value = value * 10 + code
  }
  return value
}

const IDENTIFIERS_SHAPE: Shape = {
  LAchildID: 'text',
  UPN: 'upn',
  FormerUPN: 'upn',
  UPNunknown: { codes: UPN_UNKNOWN_CODES, label: 'UPN unknown reason' },
  PersonBirthDate: 'date',
  ExpectedPersonBirthDate: 'date',
  Sex: { codes: SEX_CODES, label: 'Sex (M, F or U)' },
  GenderCurrent: { codes: GENDER_CURRENT_CODES, label: 'GenderCurrent (1, 2, 0 or 9)' },
  PersonDeathDate: 'date',
}

const CHARACTERISTICS_SHAPE: Shape = {
  Ethnicity: { codes: ETHNICITY_CODES, label: 'ethnicity' },
}

const EPISODE_SHAPE: Shape = {
  CINreferralDate: 'date',
  ReferralSource: { codes: REFERRAL_SOURCE_CODES, label: 'referral source' },
  PrimaryNeedCode: { codes: PRIMARY_NEED_CODES, label: 'primary need' },
  CINclosureDate: 'date',
  ReasonForClosure: { codes: REASON_FOR_CLOSURE_CODES, label: 'reason for closure' },
  DateOfInitialCPC: 'date',
  ReferralNFA: 'yesno',
}

const ASSESSMENT_SHAPE: Shape = {
  AssessmentActualStartDate: 'date',
  AssessmentInternalReviewDate: 'date',
  AssessmentAuthorisationDate: 'date',
}

const CIN_PLAN_SHAPE: Shape = { CINPlanStartDate: 'date', CINPlanEndDate: 'date' }

const SECTION_47_SHAPE: Shape = {
  S47ActualStartDate: 'date',
  InitialCPCtarget: 'date',
  DateOfInitialCPC: 'date',
  ICPCnotRequired: 'yesno',
}

const CP_PLAN_SHAPE: Shape = {
  CPPstartDate: 'date',
  CPPendDate: 'date',
  InitialCategoryOfAbuse: { codes: CATEGORY_OF_ABUSE_CODES, label: 'category of abuse' },
  LatestCategoryOfAbuse: { codes: CATEGORY_OF_ABUSE_CODES, label: 'category of abuse' },
  NumberOfPreviousCPP: 'integer',
}

const PRE_PROCEEDINGS_SHAPE: Shape = {
  PPStartDate: 'date',
  LBPSentDate: 'date',
  FGDMMeetingOffer: 'text',
  FGDMMeetingFac: 'text',
  InitialPPMeetingDate: 'date',
  ReviewMeetingsCount: 'integer',
  StepDecisionDate: 'date',
  PPOutcome: 'text',
  CourtAppDate: 'date',
  LetterInitCPDate: 'date',
}

export function toChild(node: XmlNode, report: IssueSink): CensusChild {
  const child = new Fields(
    node,
    {},
    ['ChildIdentifiers', 'ChildCharacteristics', 'CINdetails'],
    report,
  )
  const [identifiersNode] = child.group('ChildIdentifiers')
  const [characteristicsNode] = child.group('ChildCharacteristics')
  if (!identifiersNode) report(node.line, 'This <Child> has no <ChildIdentifiers>')
  const ids = identifiersNode && new Fields(identifiersNode, IDENTIFIERS_SHAPE, [], report)
  const traits =
    characteristicsNode &&
    new Fields(characteristicsNode, CHARACTERISTICS_SHAPE, ['Disabilities'], report)
  const sexElement = ids?.text('Sex')
  const genderCurrent = ids?.text('GenderCurrent')
  return {
    line: node.line,
    identifiers: {
      laChildId: ids?.text('LAchildID'),
      upn: ids?.text('UPN'),
      formerUpn: ids?.text('FormerUPN'),
      upnUnknown: ids?.text('UPNunknown'),
      personBirthDate: validDate(ids?.date('PersonBirthDate')),
      expectedPersonBirthDate: validDate(ids?.date('ExpectedPersonBirthDate')),
      sexElement,
      genderCurrent,
      sex: sexFrom(sexElement, genderCurrent),
      personDeathDate: validDate(ids?.date('PersonDeathDate')),
    },
    ethnicity: traits?.text('Ethnicity'),
    disabilities: traits ? toDisabilities(traits.group('Disabilities'), report) : [],
    episodes: child.group('CINdetails').map(episode => toEpisode(episode, report)),
  }
}

function toDisabilities(groups: XmlNode[], report: IssueSink): string[] {
  const codes: string[] = []
  for (const group of groups) {
    checkNoStrayText(group, report)
    for (const item of group.children) {
      if (item.name !== 'Disability') {
        report(item.line, `Unexpected element <${item.name}> in <Disabilities>`)
        continue
      }
      const code = item.text.trim()
      if (!DISABILITY_CODES.has(code)) {
        report(item.line, `<Disability> "${clip(code)}" is not a known disability code`)
      }
      codes.push(code)
    }
  }
  return codes
}

function toEpisode(node: XmlNode, report: IssueSink): CinEpisode {
  const groups = [
    'Assessments',
    'CINPlanDates',
    'Section47',
    'ChildProtectionPlans',
    'PreProceedingsandFGDM',
  ]
  const f = new Fields(node, EPISODE_SHAPE, groups, report)
  return {
    referralDate: validDate(f.date('CINreferralDate')),
    referralSource: f.text('ReferralSource'),
    primaryNeedCode: f.text('PrimaryNeedCode'),
    closureDate: validDate(f.date('CINclosureDate')),
    reasonForClosure: f.text('ReasonForClosure'),
    dateOfInitialCpc: validDate(f.date('DateOfInitialCPC')),
    referralNfa: f.text('ReferralNFA'),
    assessments: f.group('Assessments').map(n => toAssessment(n, report)),
    cinPlans: f.group('CINPlanDates').map(n => toCinPlan(n, report)),
    section47s: f.group('Section47').map(n => toSection47(n, report)),
    childProtectionPlans: f.group('ChildProtectionPlans').map(n => toCpPlan(n, report)),
    preProceedings: f.group('PreProceedingsandFGDM').map(n => toPreProceedings(n, report)),
  }
}

function toAssessment(node: XmlNode, report: IssueSink): Assessment {
  const f = new Fields(node, ASSESSMENT_SHAPE, ['FactorsIdentifiedAtAssessment'], report)
  const factors: string[] = []
  for (const group of f.group('FactorsIdentifiedAtAssessment')) {
    checkNoStrayText(group, report)
    for (const item of group.children) {
      if (item.name !== 'AssessmentFactors') {
        report(item.line, `Unexpected element <${item.name}> in <FactorsIdentifiedAtAssessment>`)
        continue
      }
      const code = item.text.trim()
      if (!ASSESSMENT_FACTOR_CODES.has(code)) {
        report(
          item.line,
          `<AssessmentFactors> "${clip(code)}" is not a known assessment factor code`,
        )
      }
      factors.push(code)
    }
  }
  return {
    startDate: validDate(f.date('AssessmentActualStartDate')),
    internalReviewDate: validDate(f.date('AssessmentInternalReviewDate')),
    authorisationDate: validDate(f.date('AssessmentAuthorisationDate')),
    factors: factors.length > 0 ? factors : undefined,
  }
}

function toCinPlan(node: XmlNode, report: IssueSink): CinPlan {
  const f = new Fields(node, CIN_PLAN_SHAPE, [], report)
  return {
    startDate: validDate(f.date('CINPlanStartDate')),
    endDate: validDate(f.date('CINPlanEndDate')),
  }
}

function toSection47(node: XmlNode, report: IssueSink): Section47 {
  const f = new Fields(node, SECTION_47_SHAPE, [], report)
  return {
    startDate: validDate(f.date('S47ActualStartDate')),
    icpcTargetDate: validDate(f.date('InitialCPCtarget')),
    dateOfInitialCpc: validDate(f.date('DateOfInitialCPC')),
    icpcNotRequired: f.text('ICPCnotRequired'),
  }
}

function toCpPlan(node: XmlNode, report: IssueSink): ChildProtectionPlan {
  const f = new Fields(node, CP_PLAN_SHAPE, ['Reviews'], report)
  const reviewDates: (string | undefined)[] = []
  for (const group of f.group('Reviews')) {
    checkNoStrayText(group, report)
    for (const item of group.children) {
      if (item.name !== 'CPPreviewDate') {
        report(item.line, `Unexpected element <${item.name}> in <Reviews>`)
        continue
      }
      const value = item.text.trim()
      const problem = value === '' ? 'is empty' : typeProblem(value, 'date')
      if (problem) report(item.line, `<CPPreviewDate> "${clip(value)}" ${problem}`)
      reviewDates.push(problem ? undefined : DATE_WITH_ZONE.exec(value)?.[1])
    }
  }
  return {
    startDate: validDate(f.date('CPPstartDate')),
    endDate: validDate(f.date('CPPendDate')),
    initialCategoryOfAbuse: f.text('InitialCategoryOfAbuse'),
    latestCategoryOfAbuse: f.text('LatestCategoryOfAbuse'),
    numberOfPreviousCpp: f.text('NumberOfPreviousCPP'),
    reviewDates,
  }
}

function toPreProceedings(node: XmlNode, report: IssueSink): PreProceedings {
  const f = new Fields(node, PRE_PROCEEDINGS_SHAPE, [], report)
  return {
    ppStartDate: validDate(f.date('PPStartDate')),
    lbpSentDate: validDate(f.date('LBPSentDate')),
    fgdmMeetingOffer: f.text('FGDMMeetingOffer'),
    fgdmMeetingFac: f.text('FGDMMeetingFac'),
    initialPpMeetingDate: validDate(f.date('InitialPPMeetingDate')),
    reviewMeetingsCount: f.text('ReviewMeetingsCount'),
    stepDecisionDate: validDate(f.date('StepDecisionDate')),
    ppOutcome: f.text('PPOutcome'),
    courtAppDate: validDate(f.date('CourtAppDate')),
    letterInitCpDate: validDate(f.date('LetterInitCPDate')),
  }
}
