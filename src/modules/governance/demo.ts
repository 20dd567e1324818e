import { inPartnership, type Db, type Trx } from '../../db/database.js'
import type { DemoContributor } from '../../demo/generate.js'
import type { SeededPartnership } from '../../demo/platform-data.js'
import { londonToday } from '../../platform/calendar.js'
import type { SeededRandom } from '../../platform/random.js'
import { addCalendarDays, addCalendarMonths, isWeekendDate } from '../../platform/working-days.js'
import * as repo from './repo.js'
import { DEFAULT_RISK_MATRIX, ragFor } from './service/risk-matrix.js'
import { financialYearOf, financialYearPeriod } from '../../platform/financial-year.js'

/**
 * A living year of governance for a demo partnership: the board and two subgroups with a year of
 * meetings (held ones with attendance, papers, decisions and actions, some overdue; the coming
 * ones scheduled), the business plan at several RAG states, this year's budget with variances,
 * risks and challenges. Dates follow today, so the demo never goes stale. Seeds once: a
 * partnership that already has a board is left as it is.
 */

interface Seeding {
  trx: Trx
  partnershipId: string
  partnership: SeededPartnership
  random: SeededRandom
  today: string
}

const MEMBERS = [
  { memberName: 'Independent Scrutineer', role: 'chair', agency: null },
  { memberName: 'Director of Children’s Services', role: 'member', agency: 0 },
  { memberName: 'Detective Superintendent, Public Protection', role: 'member', agency: 1 },
  { memberName: 'Chief Nurse, Integrated Care Board', role: 'member', agency: 2 },
  { memberName: 'Head of Education Safeguarding', role: 'member', agency: 0 },
  { memberName: 'Lay Member', role: 'lay-member', agency: null },
] as const

/** The nearest weekday on or after the date: meetings are never at weekends. */
function weekday(date: string): string {
  let day = date
  while (isWeekendDate(day)) day = addCalendarDays(day, 1)
  return day
}

function financialYearStart(today: string): string {
  return financialYearPeriod(financialYearOf(today)).from
}

/** The smallest PDF a browser opens: a paper's stand-in. */
function demoPdf(title: string): Buffer {
  return Buffer.from(
    `%PDF-1.4\n% ${title}\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n`,
  )
}

async function seedBody(
  s: Seeding,
  body: { name: string; kind: string; parentId: string | null; months: number; chairName: string },
) {
  const bodyId = await repo.insertBody(s.trx, {
    partnershipId: s.partnershipId,
    name: body.name,
    kind: body.kind,
    parentId: body.parentId,
    chairName: body.chairName,
    activeFrom: addCalendarMonths(s.today, -36),
  })
  const boardMember = s.partnership.users.find(u => u.role === 'board-member')
  const memberships: string[] = []
  for (const [index, m] of MEMBERS.entries()) {
    memberships.push(
      await repo.insertMembership(s.trx, {
        partnershipId: s.partnershipId,
        bodyId,
        memberName: m.memberName,
        role: m.role,
        agencyId: m.agency === null ? null : (s.partnership.agencyIds[m.agency] ?? null),
        // The demo board member reads the board's papers.
        userId: index === 1 && boardMember ? boardMember.id : null,
        startsOn: addCalendarMonths(s.today, -24),
        deputyName: m.role === 'member' ? 'Named deputy' : null,
      }),
    )
  }
  let meetings = 0
  for (let k = -Math.floor(12 / body.months); k <= Math.ceil(6 / body.months); k += 1) {
    if (k === 0) continue
    const heldOn = weekday(addCalendarMonths(s.today, k * body.months))
    const cancelled = k === -2 && body.kind === 'subgroup'
    const status = heldOn > s.today ? 'scheduled' : cancelled ? 'cancelled' : 'held'
    const meetingId = await repo.insertMeeting(s.trx, {
      partnershipId: s.partnershipId,
      bodyId,
      heldOn,
      title: `${body.name} meeting`,
      status,
    })
    meetings += 1
    await repo.insertAgendaItems(
      s.trx,
      ['Minutes of the last meeting', 'Action log', 'Risk register'].map((title, position) => ({
        partnershipId: s.partnershipId,
        meetingId,
        position: position + 1,
        title,
        report: position === 1 ? 'action-log' : position === 2 ? 'risk-register' : null,
      })),
    )
    if (status === 'held') await seedHeldMeeting(s, { bodyId, meetingId, heldOn, memberships })
  }
  return { bodyId, meetings }
}

const DECISIONS = [
  'The partnership agreed the multi-agency neglect strategy',
  'The board accepted the learning review’s recommendations in full',
  'Partners agreed to fund a second year of the exploitation hub',
  'The threshold document was approved for publication',
]
const ACTIONS = [
  'Circulate the revised escalation policy to all partners',
  'Report the audit of strategy discussions to the next meeting',
  'Agree a data-sharing protocol with schools',
  'Present the dataset exceptions for the quarter',
]

async function seedHeldMeeting(
  s: Seeding,
  meeting: { bodyId: string; meetingId: string; heldOn: string; memberships: string[] },
) {
  const statuses = ['present', 'present', 'present', 'apologies-deputy', 'apologies', 'absent']
  await repo.replaceAttendance(
    s.trx,
    meeting.meetingId,
    meeting.memberships.map(membershipId => {
      const status = statuses[s.random.int(0, statuses.length - 1)] ?? 'present'
      return {
        partnershipId: s.partnershipId,
        meetingId: meeting.meetingId,
        membershipId,
        status,
        deputyName: status === 'apologies-deputy' ? 'Named deputy' : null,
      }
    }),
  )
  await repo.updateMeeting(s.trx, meeting.meetingId, {
    minutes: 'Minutes agreed as a true record. Partners reported on the quarter’s performance.',
  })
  await repo.insertPaper(s.trx, {
    partnershipId: s.partnershipId,
    meetingId: meeting.meetingId,
    title: 'Quarterly performance report',
    version: 1,
    filename: 'Quarterly-performance-report-v1.pdf',
    contentType: 'application/pdf',
    sizeBytes: demoPdf('Quarterly performance report').length,
    content: demoPdf('Quarterly performance report'),
    uploadedBy: s.partnership.users.find(u => u.role === 'business-officer')?.id ?? null,
  })
  await repo.insertDecision(s.trx, {
    partnershipId: s.partnershipId,
    meetingId: meeting.meetingId,
    text: DECISIONS[s.random.int(0, DECISIONS.length - 1)] ?? '',
  })
  const dueOn = addCalendarMonths(meeting.heldOn, 2)
  // Actions due before today are mostly done; some are left open, and show as overdue.
  const status = dueOn > s.today ? 'open' : s.random.chance(0.6) ? 'done' : 'in-progress'
  await repo.insertAction(s.trx, {
    partnershipId: s.partnershipId,
    bodyId: meeting.bodyId,
    meetingId: meeting.meetingId,
    text: ACTIONS[s.random.int(0, ACTIONS.length - 1)] ?? '',
    ownerName: 'Business manager',
    dueOn,
    status,
  })
}

const PRIORITIES = [
  {
    title: 'Children are protected from neglect',
    actions: [
      ['Roll out the graded care profile to every partner agency', 'green', 'complete'],
      ['Audit neglect cases that reach a child protection plan', 'amber', 'in-progress'],
    ],
  },
  {
    title: 'Children at risk of exploitation are identified early',
    actions: [
      ['Launch the multi-agency exploitation screening tool', 'red', 'delayed'],
      ['Train designated safeguarding leads in contextual safeguarding', 'amber', 'in-progress'],
      ['Publish the missing-from-home return interview pathway', null, 'not-started'],
    ],
  },
  {
    title: 'The partnership learns from practice',
    actions: [
      ['Run learning events on each local child safeguarding practice review', 'green', 'ongoing'],
    ],
  },
] as const

async function seedPlan(s: Seeding): Promise<number> {
  const startsOn = financialYearStart(s.today)
  const plan = await repo.insertPlan(s.trx, {
    partnershipId: s.partnershipId,
    title: `Business plan ${startsOn.slice(0, 4)}-${String(Number(startsOn.slice(2, 4)) + 1)}`,
    startsOn,
    endsOn: addCalendarDays(addCalendarMonths(startsOn, 12), -1),
  })
  let actions = 0
  for (const [p, priority] of PRIORITIES.entries()) {
    const { id: priorityId } = await repo.insertPriority(s.trx, {
      partnershipId: s.partnershipId,
      planId: plan.id,
      number: p + 1,
      title: priority.title,
    })
    for (const [a, [specificAction, rag, stepStatus]] of priority.actions.entries()) {
      const actionId = await repo.insertPlanAction(s.trx, {
        partnershipId: s.partnershipId,
        planId: plan.id,
        priorityId,
        reference: `${p + 1}.${a + 1}`,
        specificAction,
        leads: JSON.stringify(['Business manager']),
        leadAgencyId: s.partnership.agencyIds[a % 3] ?? null,
        successIndicators: JSON.stringify(['Audit shows improvement by the year end']),
        sourceTags: JSON.stringify(['Partnership priorities']),
        rag,
      })
      const dueOn = addCalendarMonths(startsOn, 3 + a * 3)
      await repo.insertPlanStep(s.trx, {
        partnershipId: s.partnershipId,
        actionId,
        position: 1,
        text: specificAction,
        dueLabel: dueOn.slice(0, 7),
        dueOn,
        status: stepStatus,
      })
      actions += 1
    }
  }
  return actions
}

async function seedBudget(s: Seeding): Promise<number> {
  const start = financialYearStart(s.today)
  const year = Number(start.slice(0, 4))
  const yearId = await repo.insertYear(s.trx, {
    partnershipId: s.partnershipId,
    label: `${year}/${String(year + 1).slice(2)}`,
  })
  const pounds = (value: number) => value * 100
  const lines = [
    ['brought-forward', 'Carried forward from last year', null, null, 24_300, 24_300],
    ['contribution', 'Local authority contribution', 0, 'cash', 120_000, 120_000],
    ['contribution', 'Police contribution', 1, 'cash', 45_000, 38_500],
    ['contribution', 'Integrated Care Board contribution', 2, 'cash', 60_000, 60_000],
    ['contribution', 'Training venue provided by the council', 0, 'in-kind', 6_000, 6_000],
    ['expenditure', 'Business unit staffing', null, null, 150_000, 148_200],
    ['expenditure', 'Independent scrutineer', null, null, 25_000, 27_600],
    ['expenditure', 'Multi-agency training programme', null, null, 30_000, 22_400],
    ['expenditure', 'Practice reviews', null, null, 20_000, 31_500],
  ] as const
  for (const [position, [kind, description, agency, type, budget, actual]] of lines.entries()) {
    await repo.insertBudgetLine(s.trx, {
      partnershipId: s.partnershipId,
      yearId,
      position: position + 1,
      kind,
      description,
      agencyId: agency === null ? null : (s.partnership.agencyIds[agency] ?? null),
      contributionType: type,
      budgetPence: pounds(budget),
      actualPence: pounds(actual),
    })
  }
  return lines.length
}

const RISKS = [
  ['R1', 'Partners do not submit data for the dataset', 4, 3],
  ['R2', 'Funding from partners falls short of the budget', 3, 5],
  ['R3', 'Learning from reviews is not embedded in practice', 3, 3],
  ['R4', 'Turnover of social workers delays assessments', 4, 4],
  ['R5', 'The website’s public information goes out of date', 2, 2],
] as const

async function seedRisksAndChallenges(s: Seeding): Promise<{ risks: number; challenges: number }> {
  const recordedBy = s.partnership.users.find(u => u.role === 'business-officer')?.id ?? null
  for (const [reference, title, likelihood, impact] of RISKS) {
    const rag = ragFor(DEFAULT_RISK_MATRIX, likelihood, impact)
    const reviewOn = addCalendarMonths(s.today, reference === 'R3' ? -1 : 2)
    const values = {
      likelihood,
      impact,
      rag,
      controls: 'Quarterly review by the subgroup',
      reviewOn,
    }
    const riskId = await repo.insertRisk(s.trx, {
      ...values,
      partnershipId: s.partnershipId,
      reference,
      title,
      description: null,
      ownerName: 'Business manager',
      status: 'open',
    })
    await repo.insertRiskHistory(s.trx, {
      ...values,
      partnershipId: s.partnershipId,
      riskId,
      recordedBy,
      status: 'open',
      note: 'Risk added to the register',
    })
  }
  const challenges = [
    [
      'Independent Scrutineer',
      'Police',
      'Attendance at initial child protection conferences',
      'closed',
    ],
    ['Lay Member', 'Integrated Care Board', 'GP reports to conferences arrive late', 'open'],
    [
      'Director of Children’s Services',
      'Education',
      'Elective home education notifications',
      'open',
    ],
  ] as const
  for (const [index, [raisedBy, challenged, subject, status]] of challenges.entries()) {
    const raisedOn = addCalendarMonths(s.today, -9 + index * 3)
    await repo.insertChallenge(s.trx, {
      partnershipId: s.partnershipId,
      raisedOn,
      raisedBy,
      challenged,
      subject,
      meetingId: null,
      response: status === 'closed' ? 'Attendance reported monthly; now above 90%' : null,
      impact: status === 'closed' ? 'Police attended 95% of conferences in the last quarter' : null,
      status,
      closedOn: status === 'closed' ? addCalendarMonths(raisedOn, 3) : null,
    })
  }
  return { risks: RISKS.length, challenges: challenges.length }
}

export async function seedDemoGovernance(
  db: Db,
  partnership: SeededPartnership,
  random: SeededRandom,
): Promise<Record<string, number>> {
  // The business officer seeds it: papers are written and read back under their row-level grant.
  const userId = partnership.users.find(u => u.role === 'business-officer')?.id
  return inPartnership(db, { partnershipId: partnership.id, userId }, async trx => {
    const existing = await repo.listBodies(trx, partnership.id, { kind: 'board' })
    if (existing.length) return {}
    const s: Seeding = {
      trx,
      partnershipId: partnership.id,
      partnership,
      random,
      today: londonToday(),
    }
    const board = await seedBody(s, {
      name: `${partnership.name} Board`,
      kind: 'board',
      parentId: null,
      months: 2,
      chairName: 'Independent Scrutineer',
    })
    let meetings = board.meetings
    for (const name of [
      'Performance and Quality Assurance subgroup',
      'Learning and Improvement subgroup',
    ]) {
      const subgroup = await seedBody(s, {
        name,
        kind: 'subgroup',
        parentId: board.bodyId,
        months: 3,
        chairName: 'Subgroup chair',
      })
      meetings += subgroup.meetings
    }
    const planActions = await seedPlan(s)
    const budgetLines = await seedBudget(s)
    return { bodies: 3, meetings, planActions, budgetLines, ...(await seedRisksAndChallenges(s)) }
  })
}

export const governanceDemoContributor: DemoContributor = {
  name: 'governance',
  async contribute({ database, random, partnerships }) {
    const totals: Record<string, number> = {}
    for (const partnership of partnerships) {
      const made = await seedDemoGovernance(database.db, partnership, random)
      for (const [key, value] of Object.entries(made)) totals[key] = (totals[key] ?? 0) + value
    }
    return totals
  },
}
