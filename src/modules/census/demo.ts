/**
 * Synthetic census data over several years, for demos: written to XML files (through the
 * generator) or to a partnership's records (through the import, exactly as a real return).
 */
import { once } from 'node:events'
import { createWriteStream } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { inPartnership, type Db } from '../../db/database.js'
import { hasChildRecords, unnamedChildren } from '../children/queries.js'
import { nameChildren } from '../children/service.js'
import type { DemoContributor } from '../../demo/generate.js'
import { generateChildren, headerFor, seededRandom } from './generate-xml.js'
import { childXml } from './xml-writer.js'
import { importCensusFile } from './import.js'
import type { CensusChild } from './model.js'
import { upnCheckLetter } from './rules/child-identifiers.js'
import { addCalendarDays } from '../../platform/working-days.js'
import { formatDate } from '../../platform/http/web.js'

export interface CensusDemoOptions {
  /** Children referred in each year. */
  children: number
  years: number
  seed: number
  /** Fraction (0 to 1) of children given one deliberate rule breach. */
  breaches: number
  /** The last collection year's reference date; the years before it come first. */
  lastReferenceDate?: string
  la?: string
}

export const DEMO_CENSUS_DEFAULTS = { children: 800, years: 3, breaches: 0 } as const

// Breaches the reader itself refuses (unknown codes, a non yes/no value): a file with them can be
// validated, but not imported, so a demo database leaves those children out.
const UNIMPORTABLE_BREACHES = new Set(['4220', '8568', '8650'])

export function referenceDates(options: CensusDemoOptions): string[] {
  const last = Number((options.lastReferenceDate ?? '2025-03-31').slice(0, 4))
  return Array.from({ length: options.years }, (_, i) => `${last - options.years + 1 + i}-03-31`)
}

/**
 * One year's children, with LA child IDs and UPNs unique across years (the generator numbers
 * each year's children from 1).
 */
function* yearChildren(
  options: CensusDemoOptions,
  yearIndex: number,
  referenceDate: string,
  forDatabase: boolean,
  history?: YearHistory,
): Generator<CensusChild> {
  const la = options.la ?? '201'
  const offset = yearIndex * options.children
  const random = seededRandom(options.seed * 7919 + yearIndex)
  const isLastYear = yearIndex === options.years - 1
  const closedLastYear = history?.closed.splice(0) ?? []
  for (const { child, breachedRule } of generateChildren({
    children: options.children,
    seed: options.seed * 1000 + yearIndex,
    breaches: options.breaches,
    referenceDate,
    la,
  })) {
    if (forDatabase && breachedRule !== undefined && UNIMPORTABLE_BREACHES.has(breachedRule)) {
      continue
    }
    const ids = child.identifiers
    const index = Number(/^C(\d{8})/.exec(ids.laChildId ?? '')?.[1] ?? '0') + offset
    ids.laChildId = (ids.laChildId ?? '').replace(/^C\d{8}/, `C${String(index).padStart(8, '0')}`)
    if (ids.upn !== undefined) {
      const wasValid = upnCheckLetter(ids.upn) === ids.upn.charAt(0)
      const body = `${la}${String(index).padStart(8, '0')}${ids.upn.slice(-1)}`
      const letter = upnCheckLetter(`A${body}`) ?? 'A'
      ids.upn = `${wasValid ? letter : letter === 'Z' ? 'A' : 'Z'}${body}`
    }
    if (forDatabase && breachedRule === undefined) {
      // Some children closed last year are referred again: the same child, a new episode.
      const earlier = closedLastYear.length > 0 && random() < RE_REFERRAL_SHARE
      const previous = earlier
        ? closedLastYear.splice(Math.floor(random() * closedLastYear.length), 1)[0]
        : undefined
      if (previous && child.identifiers.personBirthDate !== undefined) {
        child.identifiers = previous.identifiers
        child.ethnicity = previous.ethnicity
        child.disabilities = previous.disabilities
      }
      // What is still open at 31 March closes during the next year, so that the records of
      // several years hold as many open plans at each year end as one return does.
      if (!isLastYear) closeDuringNextYear(child, referenceDate, random)
      if (
        history &&
        child.episodes.every(e => e.closureDate !== undefined && e.closureDate <= referenceDate)
      ) {
        history.closed.push(child)
      }
    }
    yield child
  }
}

/** Share of each year's children who are children closed the year before, referred again. */
const RE_REFERRAL_SHARE = 0.2

interface YearHistory {
  closed: CensusChild[]
}

function closeDuringNextYear(child: CensusChild, referenceDate: string, random: () => number) {
  const later = () => addCalendarDays(referenceDate, 20 + Math.floor(random() * 300))
  for (const episode of child.episodes) {
    if (episode.closureDate !== undefined) continue
    let last = referenceDate
    for (const plan of episode.childProtectionPlans) {
      if (plan.endDate === undefined) {
        plan.endDate = later()
        if (plan.endDate > last) last = plan.endDate
      }
    }
    for (const plan of episode.cinPlans) {
      if (plan.endDate === undefined) {
        plan.endDate = later()
        if (plan.endDate > last) last = plan.endDate
      }
    }
    // An episode closes with its work done: the assessment completed, the enquiry concluded.
    for (const assessment of episode.assessments) {
      assessment.authorisationDate ??= addCalendarDays(referenceDate, 1 + Math.floor(random() * 15))
      if (assessment.authorisationDate > last) last = assessment.authorisationDate
    }
    for (const section47 of episode.section47s) {
      if (section47.dateOfInitialCpc === undefined) section47.icpcNotRequired = 'true'
    }
    episode.closureDate = addCalendarDays(last, 1 + Math.floor(random() * 20))
    episode.reasonForClosure = 'RC1'
  }
}

async function writeYear(
  path: string,
  options: CensusDemoOptions,
  yearIndex: number,
  referenceDate: string,
  forDatabase: boolean,
  history?: YearHistory,
): Promise<number> {
  const out = createWriteStream(path)
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain')
  }
  const h = headerFor(referenceDate, options.la ?? '201')
  await write(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n  <Header>\n    <CollectionDetails>\n' +
      `      <Collection>CIN</Collection>\n      <Year>${h.year ?? ''}</Year>\n` +
      `      <ReferenceDate>${referenceDate}</ReferenceDate>\n    </CollectionDetails>\n` +
      `    <Source>\n      <SourceLevel>L</SourceLevel>\n      <LEA>${h.lea ?? ''}</LEA>\n` +
      '      <SoftwareCode>Keepsafe</SoftwareCode>\n      <Release>1</Release>\n' +
      `      <SerialNo>001</SerialNo>\n      <DateTime>${h.dateTime ?? ''}</DateTime>\n` +
      '    </Source>\n  </Header>\n  <Children>\n',
  )
  let count = 0
  let batch = ''
  for (const child of yearChildren(options, yearIndex, referenceDate, forDatabase, history)) {
    batch += childXml(child)
    count += 1
    if (batch.length > 1 << 16) {
      await write(batch)
      batch = ''
    }
  }
  await write(`${batch}  </Children>\n</Message>\n`)
  out.end()
  await once(out, 'finish')
  return count
}

/** The file for each year: FILE as given for one year, FILE-2023-24.xml and so on for several. */
export function yearFileName(out: string, referenceDate: string, years: number): string {
  if (years === 1) return out
  const end = Number(referenceDate.slice(0, 4))
  const label = `${end - 1}-${String(end).slice(2)}`
  return /\.xml$/i.test(out) ? out.replace(/\.xml$/i, `-${label}.xml`) : `${out}-${label}.xml`
}

export async function writeCensusDemoFiles(
  out: string,
  options: CensusDemoOptions,
): Promise<{ file: string; children: number }[]> {
  const written: { file: string; children: number }[] = []
  const dates = referenceDates(options)
  for (const [i, date] of dates.entries()) {
    const file = yearFileName(out, date, options.years)
    written.push({ file, children: await writeYear(file, options, i, date, false) })
  }
  return written
}

const GIVEN_NAMES = [
  'Amelia',
  'Olivia',
  'Isla',
  'Ava',
  'Mia',
  'Ivy',
  'Lily',
  'Freya',
  'Grace',
  'Sophia',
  'Aisha',
  'Zara',
  'Maya',
  'Ruby',
  'Evie',
  'Noah',
  'Oliver',
  'George',
  'Leo',
  'Arthur',
  'Muhammad',
  'Harry',
  'Oscar',
  'Jack',
  'Charlie',
  'Theo',
  'Finley',
  'Kai',
  'Ethan',
  'Reuben',
  'Tomasz',
]
const FAMILY_NAMES = [
  'Smith',
  'Jones',
  'Taylor',
  'Brown',
  'Williams',
  'Wilson',
  'Johnson',
  'Davies',
  'Patel',
  'Robinson',
  'Wright',
  'Thompson',
  'Evans',
  'Walker',
  'White',
  'Roberts',
  'Green',
  'Hall',
  'Khan',
  'Ahmed',
  'Nowak',
  'Okafor',
  'Hughes',
  'Clarke',
  'Lewis',
  'Begum',
  'Murphy',
  'Kaur',
]

export interface CensusDemoSummary {
  years: number
  children: number
  episodes: number
  importedChildren: number
}

/** Imports each year's return into a partnership, oldest first, and gives the children names. */
export async function generateCensusDemoRecords(
  db: Db,
  partnershipId: string,
  options: CensusDemoOptions,
): Promise<CensusDemoSummary> {
  const dir = await mkdtemp(join(tmpdir(), 'keepsafe-census-demo-'))
  let importedChildren = 0
  let episodes = 0
  const history: YearHistory = { closed: [] }
  try {
    for (const [i, date] of referenceDates(options).entries()) {
      const file = join(dir, `census-${date}.xml`)
      await writeYear(file, options, i, date, true, history)
      const outcome = await importCensusFile(db, {
        partnershipId,
        userId: null,
        path: file,
        // The date in words: the imports table shows the file name, and people read dates as words.
        fileName: `demo-census-${formatDate(date).toLowerCase().replaceAll(' ', '-')}.xml`,
      })
      if (!outcome.ok) {
        throw new Error(
          `Demo census for ${date} did not import: ${outcome.problems.map(p => p.message).join('; ')}`,
        )
      }
      importedChildren += outcome.children
      episodes += outcome.counts.cinEpisode.inserted
    }
    const random = seededRandom(options.seed)
    const pick = (items: string[]) => items[Math.floor(random() * items.length)] ?? ''
    await inPartnership(db, { partnershipId }, async trx => {
      const rows = await unnamedChildren(trx, partnershipId)
      for (let from = 0; from < rows.length; from += 1000) {
        await nameChildren(
          trx,
          partnershipId,
          rows.slice(from, from + 1000).map(row => ({
            laChildId: row.laChildId,
            givenName: pick(GIVEN_NAMES),
            familyName: pick(FAMILY_NAMES),
          })),
        )
      }
    })
  } finally {
    await rm(dir, { recursive: true, force: true })
  }
  return { years: options.years, children: importedChildren, episodes, importedChildren }
}

/**
 * The demo partnership's census records, when it has none yet (so a restart adds nothing).
 * Kept small enough that `npm start` stays quick.
 */
export async function seedDemoCensusRecords(
  db: Db,
  partnershipId: string,
  options: Partial<CensusDemoOptions> = {},
): Promise<CensusDemoSummary | undefined> {
  const existing = await inPartnership(db, { partnershipId }, trx =>
    hasChildRecords(trx, partnershipId),
  )
  if (existing) return undefined
  return generateCensusDemoRecords(db, partnershipId, {
    ...DEMO_CENSUS_DEFAULTS,
    seed: 1,
    ...options,
  })
}

export const censusDemoContributor: DemoContributor = {
  name: 'census',
  async contribute({ database, partnerships, options }): Promise<Record<string, number>> {
    const [northbridge] = partnerships
    if (!northbridge) return {}
    // The same seed gives the same children, so generating again updates rather than duplicates.
    const summary = await generateCensusDemoRecords(database.db, northbridge.id, {
      children: options.children ?? DEMO_CENSUS_DEFAULTS.children,
      years: options.years ?? DEMO_CENSUS_DEFAULTS.years,
      breaches: options.breaches ?? DEMO_CENSUS_DEFAULTS.breaches,
      seed: options.seed,
    })
    return {
      children: summary.importedChildren,
      newEpisodes: summary.episodes,
      years: summary.years,
    }
  },
}
