/**
 * Demo annual reports for the first partnership, made through the report's own services: last
 * year's report written, approved by the board member and published (so the public page and
 * archive have something), and this year's draft with narrative written, the business plan and
 * Appendix C blocks added, and sections asked of the agency lead at several stages (asked for,
 * sent and waiting for review, sent back with comments, accepted).
 */
import type { DemoContributor } from '../../demo/generate.js'
import { demoActor, type SeededPartnership } from '../../demo/platform-data.js'
import { londonToday } from '../../platform/calendar.js'
import type { Role } from '../../platform/permissions.js'
import { isRefusal, type Refusal } from '../../platform/refusal.js'
import { addCalendarDays } from '../../platform/working-days.js'
import * as repo from './repo.js'
import { inPartnership } from '../../db/database.js'
import {
  addSection,
  approveReport,
  createReport,
  editSection,
  publishReport,
  requestContribution,
  reviewContribution,
  submitContribution,
  submitReport,
  type Ctx,
} from './service.js'

const REQUEST_ID = 'demo-generate'

function ctxFor(partnership: SeededPartnership, role: Role): Ctx {
  const actor = demoActor(partnership, role)
  return { actor, requestId: REQUEST_ID }
}

function ok<T>(outcome: T | Refusal): T {
  if (isRefusal(outcome)) throw new Error(`Demo report refused: ${outcome.message}`)
  return outcome
}

const NARRATIVE: Record<string, string> = {
  'Foreword by the Independent Chair':
    'This has been a year of steady progress. Partners have held each other to account, and the voices of children have shaped our priorities.\n\n> We are proud of what front-line staff achieved, and clear about what is still to do.',
  'Local context':
    'About 66,000 children and young people live in our area. One in five lives in a low-income household.\n\n- A growing and young population\n- Schools under pressure on places\n- Rising numbers of children with special educational needs',
  'Priorities for next year':
    '## Neglect\n\nEmbed the neglect toolkit in every agency.\n\n## Exploitation\n\nOne multi-agency response to children at risk outside the home.',
}

async function sectionIds(db: DemoContext['database']['db'], partnershipId: string, id: string) {
  return inPartnership(db, { partnershipId, userId: null }, trx => repo.listSections(trx, id))
}
type DemoContext = Parameters<DemoContributor['contribute']>[0]

async function writeNarrative(context: DemoContext, officer: Ctx, reportId: string) {
  const sections = await sectionIds(context.database.db, officer.actor.partnershipId, reportId)
  for (const section of sections) {
    const body = NARRATIVE[section.title]
    if (body)
      ok(
        await editSection(context.database.db, officer, section.id, { title: section.title, body }),
      )
  }
}

/** Last year's report: written, submitted, approved by the board member and published. */
async function publishedReport(
  context: DemoContext,
  partnership: SeededPartnership,
  startYear: number,
) {
  const db = context.database.db
  const officer = ctxFor(partnership, 'business-officer')
  const { id } = ok(await createReport(db, officer, { startYear, kind: 'full' }))
  await writeNarrative(context, officer, id)
  ok(await submitReport(db, officer, id))
  ok(await approveReport(db, ctxFor(partnership, 'board-member'), id))
  ok(await publishReport(db, officer, id))
}

/** This year's draft, with contributions at each stage. */
async function draftReport(
  context: DemoContext,
  partnership: SeededPartnership,
  startYear: number,
) {
  const db = context.database.db
  const officer = ctxFor(partnership, 'business-officer')
  const lead = ctxFor(partnership, 'agency-lead')
  const { id } = ok(await createReport(db, officer, { startYear, kind: 'full' }))
  await writeNarrative(context, officer, id)
  for (const [title, block] of [
    ['Business plan progress', 'business-plan'],
    ['Agency contributions in figures', 'agency-figures'],
    ['Appendix C: reports received by the board', 'board-papers'],
  ] as const)
    ok(await addSection(db, officer, id, { kind: 'module', title, block }))
  const today = londonToday()
  const ask = async (title: string, days: number) =>
    ok(
      await requestContribution(db, officer, id, {
        title,
        assigneeId: lead.actor.userId,
        questions: 'How much did you do?\nHow well did you do it?\nIs anyone better off?',
        dueOn: addCalendarDays(today, days),
      }),
    ).id
  await ask('Thames Valley Police', 21)
  const sent = await ask('Health services', 14)
  ok(
    await submitContribution(
      db,
      lead,
      sent,
      'We trained 420 staff in recognising neglect; referrals with a clear reason rose by a fifth.',
    ),
  )
  const returned = await ask('Education and schools', 10)
  ok(await submitContribution(db, lead, returned, 'Schools completed their Section 175 audits.'))
  ok(
    await reviewContribution(db, officer, returned, {
      decision: 'return',
      comments: 'Say how many schools, and what changed for pupils.',
    }),
  )
  const accepted = await ask('Children’s social care', 7)
  ok(
    await submitContribution(
      db,
      lead,
      accepted,
      '## How much did we do?\n\nWe completed 1,450 assessments.\n\n## Is anyone better off?\n\nFewer children needed a second plan.',
    ),
  )
  ok(await reviewContribution(db, officer, accepted, { decision: 'accept', comments: '' }))
}

export const reportsDemoContributor: DemoContributor = {
  name: 'reports',
  async contribute(context): Promise<Record<string, number>> {
    const partnership = context.partnerships[0]
    if (!partnership) return { reports: 0 }
    const already = await inPartnership(
      context.database.db,
      { partnershipId: partnership.id, userId: null },
      trx => repo.listReports(trx),
    )
    if (already.length) return { reports: 0 }
    const today = londonToday()
    const thisYear = Number(today.slice(0, 4)) - (today.slice(5) < '04-01' ? 1 : 0)
    await publishedReport(context, partnership, thisYear - 1)
    await draftReport(context, partnership, thisYear)
    return { reports: 2, contributions: 4 }
  },
}
