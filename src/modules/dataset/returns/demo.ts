/**
 * Demo agency returns for Northbridge: a catalogue of the figures police, health, schools and the
 * council's early help return, the last four quarters asked of each agency, filled in and signed
 * off through the returns' own services, except the latest quarter, where one agency has not
 * started and one is part way (so the chase list has something on it), and a report card.
 */
import { sql } from 'kysely'
import type { DemoContributor } from '../../../demo/generate.js'
import { demoActor } from '../../../demo/platform-data.js'
import { londonToday } from '../../../platform/calendar.js'
import type { Actor } from '../../../platform/http/types.js'
import type { SeededRandom } from '../../../platform/random.js'
import { addCalendarDays, addCalendarMonths } from '../../../platform/working-days.js'
import { addVersion, createCard } from '../report-cards/service.js'
import { quarterContaining, recentQuarters } from './schema.js'
import { createIndicator, readReturn, requestReturns, saveValues, signOff } from './service.js'

const REQUEST_ID = 'demo-generate'

/** Index into DEMO_AGENCIES, key, name, unit and the range of a quarter's value. */
const CATALOGUE: [number, string, string, 'count' | 'percentage', number, number][] = [
  [1, 'police-protection', 'Police protection powers used', 'count', 2, 9],
  [1, 'missing-episodes', 'Missing episodes of children reported', 'count', 120, 190],
  [1, 'cse-flagged-crimes', 'Crimes flagged as child sexual exploitation', 'count', 8, 20],
  [2, 'ae-self-harm', 'A&E attendances for self-harm (under 18)', 'count', 30, 55],
  [
    2,
    'health-assessments-on-time',
    'Initial health assessments within 20 working days',
    'percentage',
    55,
    90,
  ],
  [4, 'fixed-term-exclusions', 'Fixed-term exclusions of children on a plan', 'count', 4, 15],
  [4, 'elective-home-education', 'Children newly electively home educated', 'count', 12, 30],
  [0, 'early-help-assessments', 'Early help assessments started', 'count', 200, 320],
]

async function fill(
  database: Parameters<DemoContributor['contribute']>[0]['database'],
  officer: Actor,
  agencyId: string,
  returnId: string,
  random: SeededRandom,
  options: { complete: boolean; signOff: boolean },
) {
  const lead: Actor = { ...officer, roles: ['agency-lead'], agencyIds: [agencyId] }
  const detail = await readReturn(database.db, lead, returnId)
  if (!detail) return
  const values = new Map<string, number | null>()
  detail.lines.forEach((line, index) => {
    if (!options.complete && index > 0) return
    const spec = CATALOGUE.find(row => row[1] === line.indicator.key)
    values.set(line.indicator.id, spec ? random.int(spec[4], spec[5]) : 0)
  })
  const ctx = { actor: lead, requestId: REQUEST_ID }
  await saveValues(database.db, ctx, returnId, values, 'form')
  if (options.signOff) await signOff(database.db, ctx, returnId)
}

export const returnsDemoContributor: DemoContributor = {
  name: 'agency-returns',
  async contribute({ database, partnerships, random }): Promise<Record<string, number>> {
    const [northbridge] = partnerships
    if (!northbridge) return {}
    const existing = await sql<{ count: string }>`
      select count(*) as count from return_indicator where partnership_id = ${northbridge.id}`.execute(
      database.owner,
    )
    if (Number(existing.rows[0]?.count ?? 0) > 0) return { indicators: 0 }
    const officer = demoActor(northbridge, 'business-officer')
    const ctx = { actor: officer, requestId: REQUEST_ID }
    for (const [agencyIndex, key, name, unit] of CATALOGUE) {
      const agencyId = northbridge.agencyIds[agencyIndex]
      if (!agencyId) continue
      await createIndicator(database.db, ctx, {
        key,
        name,
        definition: `${name} in the quarter, as the agency's own system records it.`,
        agencyId,
        frequency: 'quarterly',
        polarity: key === 'health-assessments-on-time' ? 'higher' : 'lower',
        unit,
        isActive: 'yes',
      })
    }
    const agencies = [...new Set(CATALOGUE.map(row => northbridge.agencyIds[row[0]]))].filter(
      (id): id is string => id !== undefined,
    )
    const lastComplete = addCalendarMonths(quarterContaining(londonToday()).start, -3)
    const quarters = recentQuarters(lastComplete, 4).reverse()
    let returns = 0
    for (const [index, quarter] of quarters.entries()) {
      const latest = index === quarters.length - 1
      await requestReturns(database.db, ctx, {
        quarter: quarter.key,
        agencyIds: agencies,
        dueOn: addCalendarDays(quarter.end, 25),
      })
      for (const [position, agencyId] of agencies.entries()) {
        const row = await sql<{ id: string }>`
          select id from agency_return where partnership_id = ${northbridge.id}
            and agency_id = ${agencyId} and period_start = ${quarter.start}`.execute(database.owner)
        const returnId = row.rows[0]?.id
        if (!returnId) continue
        returns += 1
        // In the latest quarter, early help (the last agency) has not started and the health trust is part way.
        if (latest && position === agencies.length - 1) continue
        const partWay = latest && agencyId === northbridge.agencyIds[2]
        await fill(database, officer, agencyId, returnId, random, {
          complete: !partWay,
          signOff: !partWay,
        })
      }
    }
    const card = await createCard(database.db, ctx, {
      title: 'Exploitation and missing children',
      bodyId: null,
      theme: 'Exploitation',
    })
    if (card.kind === 'created')
      await addVersion(database.db, ctx, card.id, {
        meetingId: null,
        story:
          'Missing episodes fell after the return home interview service started in the spring; police protection stays low and steady.',
        whatWorks: 'Return home interviews within 72 hours; the joint exploitation panel.',
        nextSteps: 'Audit the CSE-flagged crimes with the police in the next quarter.',
        criticalMessages: 'Early help’s return for the latest quarter is overdue.',
        indicators: [
          { key: 'return:police-protection', section: 'how-much' },
          { key: 'return:missing-episodes', section: 'better-off' },
          { key: 'return:cse-flagged-crimes', section: 'how-well' },
        ],
      })
    return { indicators: CATALOGUE.length, returns, reportCards: card.kind === 'created' ? 1 : 0 }
  },
}
