/**
 * Synthetic CIN census returns for demos, tests and the benchmark.
 *
 * A seeded generator makes children with realistic journeys (referral, assessment, Section 47,
 * conference, protection or CIN plan, reviews, closure) that pass every error rule, then, for
 * a chosen fraction of children, breaks one rule on purpose. The XML is written child by child,
 * so a return of any size needs no more memory than one child.
 */
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import type { Writable } from 'node:stream'
import { SeededRandom } from '../../platform/random.js'
import {
  addCalendarDays,
  addWorkingDays,
  fromDayNumber,
  toDayNumber,
} from '../../platform/working-days.js'
import type {
  Assessment,
  CensusChild,
  CensusHeader,
  ChildProtectionPlan,
  CinEpisode,
  IsoDate,
} from './model.js'
import { upnCheckLetter } from './rules/child-identifiers.js'
import { childXml, headerXml } from './xml-writer.js'

export interface GenerateOptions {
  children: number
  seed?: number
  /** Fraction (0 to 1) of children given one deliberate rule breach. */
  breaches?: number
  /** The return's ReferenceDate, 31 March at the end of the collection year. */
  referenceDate?: IsoDate
  /** Three-digit LA code used in the header and in UPNs. */
  la?: string
}

/** The platform's seeded random numbers (mulberry32), as a function. */
export function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed)
  return () => random.next()
}

const ETHNICITIES = [
  'WBRI',
  'WBRI',
  'WBRI',
  'WBRI',
  'WOTH',
  'MWBC',
  'AIND',
  'APKN',
  'BAFR',
  'BCRB',
  'CHNE',
  'OOTH',
  'NOBT',
]
const DISABILITIES = [
  'MOB',
  'HAND',
  'PC',
  'INC',
  'COMM',
  'LD',
  'HEAR',
  'VIS',
  'BEH',
  'CON',
  'AUT',
  'DDA',
]
const SOURCES = [
  '1A',
  '1B',
  '1C',
  '1D',
  '2A',
  '2B',
  '3A',
  '3B',
  '3E',
  '3F',
  '4',
  '5A',
  '5C',
  '5D',
  '6',
  '6',
  '6',
  '8',
  '9',
  '10',
]
const NEEDS = ['N1', 'N1', 'N1', 'N1', 'N2', 'N3', 'N4', 'N5', 'N5', 'N6', 'N7', 'N8', 'N9']
const FACTORS = [
  '1B',
  '2B',
  '3A',
  '3B',
  '4A',
  '4B',
  '5B',
  '6B',
  '7A',
  '10A',
  '11A',
  '13A',
  '14A',
  '15A',
  '16A',
  '17A',
  '18B',
  '18C',
  '19B',
  '19C',
  '20',
  '22A',
  '24A',
]
const CATEGORIES = ['NEG', 'NEG', 'NEG', 'NEG', 'EMO', 'EMO', 'EMO', 'PHY', 'SAB', 'MUL']
const CLOSURE_REASONS = ['RC1', 'RC3', 'RC4', 'RC5', 'RC6', 'RC7', 'RC7', 'RC7', 'RC7']

class ChildFactory {
  private readonly start: number
  private readonly end: number

  constructor(
    private readonly random: () => number,
    private readonly referenceDate: IsoDate,
    private readonly la: string,
  ) {
    this.end = toDayNumber(referenceDate)
    this.start = toDayNumber(addCalendarDays(referenceDate, -364))
  }

  child(index: number): CensusChild {
    const isUnborn = this.chance(0.02)
    const birthDay = isUnborn ? undefined : this.end - this.int(30, 17 * 365)
    const expectedBirthDay = isUnborn ? this.end + this.int(0, 200) : undefined
    const hasUpn = birthDay !== undefined && this.end - birthDay > 4 * 365 && this.chance(0.9)
    // Nobody is referred more than 40 weeks before they are born (rule 8606).
    const earliestReferral = Math.max(this.start, (expectedBirthDay ?? birthDay ?? 0) - 270)
    const episodes = this.episodes(earliestReferral)
    return {
      line: 0,
      identifiers: {
        laChildId: `C${String(index).padStart(8, '0')}`,
        upn: hasUpn ? this.upn(index) : undefined,
        upnUnknown: hasUpn ? undefined : isUnborn ? 'UN1' : 'UN2',
        personBirthDate: birthDay === undefined ? undefined : fromDayNumber(birthDay),
        expectedPersonBirthDate:
          expectedBirthDay === undefined ? undefined : fromDayNumber(expectedBirthDay),
        sexElement: isUnborn ? 'U' : this.chance(0.5) ? 'M' : 'F',
      },
      ethnicity: this.pick(ETHNICITIES),
      disabilities: this.chance(0.88) ? ['NONE'] : this.distinct(DISABILITIES, this.int(1, 2)),
      episodes,
    }
  }

  private upn(index: number): string {
    const body = `${this.la}${String(index).padStart(8, '0')}${String(this.int(0, 9))}`
    return `${upnCheckLetter(`A${body}`) ?? 'A'}${body}`
  }

  private episodes(earliest: number): CinEpisode[] {
    const episodes: CinEpisode[] = []
    let from = earliest
    // About one child in five is referred again within the year.
    for (let n = 0; n < 2 && from < this.end - 20; n++) {
      const referral = this.int(from, Math.min(this.end - 10, from + 250))
      const episode = this.episode(referral)
      episodes.push(episode)
      if (episode.closureDate === undefined || !this.chance(0.22)) break
      from = toDayNumber(episode.closureDate) + 1
    }
    return episodes
  }

  private episode(referral: number): CinEpisode {
    const referralDate = fromDayNumber(referral)
    const base = {
      referralDate,
      referralSource: this.pick(SOURCES),
      primaryNeedCode: this.pick(NEEDS),
      assessments: [],
      cinPlans: [],
      section47s: [],
      childProtectionPlans: [],
      preProceedings: [],
    }
    if (this.chance(0.12)) {
      // A referral with no further action is closed within days.
      const closure = Math.min(this.end, referral + this.int(0, 5))
      return {
        ...base,
        referralNfa: 'true',
        closureDate: fromDayNumber(closure),
        reasonForClosure: 'RC7',
      }
    }
    const episode: CinEpisode = { ...base, referralNfa: 'false' }
    let lastActivity = referral
    const assessment = this.assessment(referral)
    episode.assessments.push(assessment)
    if (assessment.authorisationDate === undefined) return episode
    lastActivity = toDayNumber(assessment.authorisationDate)
    const assessmentStart = assessment.startDate ?? referralDate
    if (assessment.factors?.includes('21')) {
      // Nothing found: the case closes after assessment with no further action.
      const closure = Math.min(this.end, lastActivity + this.int(0, 10))
      return { ...episode, closureDate: fromDayNumber(closure), reasonForClosure: 'RC8' }
    }

    let isStillActive = false
    if (this.chance(0.3)) {
      const s47Start = addWorkingDays(assessmentStart, this.int(0, 3))
      const target = addWorkingDays(s47Start, 15)
      if (target > this.referenceDate)
        return { ...episode, section47s: [{ startDate: s47Start, icpcNotRequired: 'false' }] }
      const hasConference = this.chance(0.55)
      const conference = addWorkingDays(s47Start, this.int(8, 15))
      episode.section47s.push({
        startDate: s47Start,
        icpcTargetDate: target,
        dateOfInitialCpc: hasConference ? conference : undefined,
        icpcNotRequired: hasConference ? 'false' : 'true',
      })
      lastActivity = Math.max(lastActivity, toDayNumber(hasConference ? conference : s47Start))
      if (hasConference && this.chance(0.75)) {
        const plan = this.protectionPlan(conference)
        episode.childProtectionPlans.push(plan)
        isStillActive = plan.endDate === undefined
        lastActivity = Math.max(lastActivity, toDayNumber(plan.endDate ?? conference))
      }
    } else if (this.chance(0.45)) {
      const start = toDayNumber(assessment.authorisationDate)
      const end = start + this.int(60, 220)
      const isOpen = end > this.end
      episode.cinPlans.push({
        startDate: fromDayNumber(start),
        endDate: isOpen ? undefined : fromDayNumber(end),
      })
      isStillActive = isOpen
      lastActivity = Math.max(lastActivity, isOpen ? start : end)
    }
    const closure = lastActivity + this.int(1, 40)
    if (!isStillActive && closure <= this.end && this.chance(0.7)) {
      episode.closureDate = fromDayNumber(closure)
      episode.reasonForClosure = this.pick(CLOSURE_REASONS)
    }
    return episode
  }

  private assessment(referral: number): Assessment {
    const start = fromDayNumber(referral + this.int(0, 3))
    // Most assessments finish within the 45 working days Working Together allows.
    const authorisation = addWorkingDays(start, this.int(5, this.chance(0.85) ? 45 : 70))
    if (authorisation > this.referenceDate) return { startDate: start }
    const factors = this.chance(0.1) ? ['21'] : this.distinct(FACTORS, this.int(1, 3))
    return { startDate: start, authorisationDate: authorisation, factors }
  }

  private protectionPlan(start: IsoDate): ChildProtectionPlan {
    const startDay = toDayNumber(start)
    const endDay = startDay + this.int(90, 500)
    const endDate = endDay <= this.end && this.chance(0.6) ? fromDayNumber(endDay) : undefined
    const lastDay = endDate === undefined ? this.end : endDay
    // First review within three months of the conference, then every six months.
    const reviewDates: IsoDate[] = []
    for (let day = startDay + this.int(60, 90); day < lastDay; day += this.int(150, 183)) {
      reviewDates.push(addWorkingDays(fromDayNumber(day - 1), 1))
    }
    const initialCategoryOfAbuse = this.pick(CATEGORIES)
    return {
      startDate: start,
      endDate,
      initialCategoryOfAbuse,
      latestCategoryOfAbuse: this.chance(0.85) ? initialCategoryOfAbuse : this.pick(CATEGORIES),
      numberOfPreviousCpp: String(this.chance(0.78) ? 0 : this.int(1, 3)),
      reviewDates: reviewDates.filter(
        date => date < (endDate ?? addCalendarDays(this.referenceDate, 1)),
      ),
    }
  }

  chance(probability: number): boolean {
    return this.random() < probability
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.random() * (max - min + 1))
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(0, items.length - 1)] as T
  }

  private distinct(items: readonly string[], count: number): string[] {
    const chosen = new Set<string>()
    while (chosen.size < count) chosen.add(this.pick(items))
    return [...chosen]
  }
}

/** Deliberate breaches: each changes a valid child so that one named rule fires. */
const BREACHES: readonly {
  rule: string
  apply: (child: CensusChild, f: ChildFactory) => boolean
}[] = [
  { rule: '4220', apply: child => ((child.ethnicity = 'XXXX'), true) },
  {
    rule: '1580',
    apply: child => (
      (child.identifiers.laChildId = `${child.identifiers.laChildId ?? 'C'}-X`),
      true
    ),
  },
  {
    rule: '1510',
    apply: ({ identifiers }) => {
      if (identifiers.upn === undefined) return false
      identifiers.upn = `${identifiers.upn.charAt(0) === 'Z' ? 'A' : 'Z'}${identifiers.upn.slice(1)}`
      return true
    },
  },
  { rule: '8794', apply: child => ((child.disabilities = ['VIS', 'VIS']), true) },
  {
    rule: '8630',
    apply: ({ episodes: [episode] }) => {
      if (!episode?.referralDate) return false
      episode.closureDate = addCalendarDays(episode.referralDate, -1)
      episode.reasonForClosure ??= 'RC7'
      return true
    },
  },
  {
    rule: '8568',
    apply: ({ episodes: [episode] }) => (episode ? ((episode.referralNfa = 'maybe'), true) : false),
  },
  {
    rule: '8650',
    apply: ({ episodes: [episode] }) =>
      episode ? ((episode.primaryNeedCode = 'N11'), true) : false,
  },
  {
    rule: '8875',
    apply: ({ episodes }) => {
      const s47 = episodes.flatMap(e => e.section47s).find(s => s.dateOfInitialCpc)
      if (!s47?.dateOfInitialCpc) return false
      s47.dateOfInitialCpc = nextSaturday(s47.dateOfInitialCpc)
      return true
    },
  },
  {
    rule: '8925',
    apply: ({ episodes }) => {
      const plan = episodes.flatMap(e => e.childProtectionPlans).find(p => p.startDate)
      if (!plan?.startDate) return false
      plan.endDate = addCalendarDays(plan.startDate, -3)
      return true
    },
  },
  {
    rule: '4011',
    apply: ({ episodes }) => {
      const plan = episodes.flatMap(e => e.cinPlans).find(p => p.startDate)
      if (!plan?.startDate) return false
      plan.endDate = addCalendarDays(plan.startDate, -1)
      return true
    },
  },
  {
    rule: '8869',
    apply: ({ episodes }) => {
      const assessment = episodes.flatMap(e => e.assessments).find(a => a.factors)
      if (!assessment) return false
      assessment.factors = ['21', '3A']
      return true
    },
  },
]

function nextSaturday(date: IsoDate): IsoDate {
  const day = toDayNumber(date)
  // Day 0 (1970-01-01) was a Thursday, so Saturday is 2 mod 7.
  return fromDayNumber(day + ((((2 - day) % 7) + 7) % 7 || 7))
}

/** Generates children one at a time; `breachedRules` names the rule broken in each, if any. */
export function* generateChildren(
  options: GenerateOptions,
): Generator<{ child: CensusChild; breachedRule?: string }> {
  const random = seededRandom(options.seed ?? 1)
  const factory = new ChildFactory(
    random,
    options.referenceDate ?? '2025-03-31',
    options.la ?? '201',
  )
  for (let index = 1; index <= options.children; index++) {
    const child = factory.child(index)
    if (!factory.chance(options.breaches ?? 0)) {
      yield { child }
      continue
    }
    const breach = factory.pick(BREACHES)
    yield { child, breachedRule: breach.apply(child, factory) ? breach.rule : undefined }
  }
}

export function headerFor(referenceDate: IsoDate, la: string): CensusHeader {
  return {
    collection: 'CIN',
    year: referenceDate.slice(0, 4),
    referenceDate,
    sourceLevel: 'L',
    lea: la,
    softwareCode: 'Keepsafe',
    release: '1',
    serialNo: '001',
    dateTime: `${referenceDate}T09:00:00`,
  }
}

/** Writes a whole return, respecting the stream's back-pressure. */
export async function writeCensusXml(out: Writable, options: GenerateOptions): Promise<void> {
  const referenceDate = options.referenceDate ?? '2025-03-31'
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain')
  }
  await write(
    `<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n${headerXml(headerFor(referenceDate, options.la ?? '201'))}  <Children>\n`,
  )
  let batch = ''
  for (const { child } of generateChildren(options)) {
    batch += childXml(child)
    if (batch.length > 1 << 16) {
      await write(batch)
      batch = ''
    }
  }
  await write(`${batch}  </Children>\n</Message>\n`)
}

export async function writeCensusXmlFile(path: string, options: GenerateOptions): Promise<void> {
  const out = createWriteStream(path)
  await writeCensusXml(out, options)
  out.end()
  await once(out, 'finish')
}
