/**
 * Read models governance offers to other modules (ADR 0005): its bodies and their meetings, as
 * plain rows, for report cards and other standing agenda items.
 */
import type { Trx } from '../../db/database.js'
import {
  findMeeting,
  listAgendaItems,
  listAttendanceForBody,
  listBodies,
  listDecisions,
  listMeetings,
  listMemberships,
  listPapers,
  listPlanActions,
  listPlans,
  listPriorities,
  listYears,
} from './repo.js'
import { attendanceFigures, meetingsHeld } from './service/attendance.js'
import { budgetStatementIn } from './service/budget.js'

export interface BodyRow {
  id: string
  name: string
  kind: string
}

export interface MeetingRow {
  id: string
  bodyId: string
  heldOn: string
  title: string
  status: string
}

/** The partnership's boards, subgroups and other bodies, by name. */
export async function bodiesForReports(trx: Trx, partnershipId: string): Promise<BodyRow[]> {
  const rows = await listBodies(trx, partnershipId)
  return rows.map(({ id, name, kind }) => ({ id, name, kind }))
}

/** A body's meetings, earliest first. */
export async function meetingsOfBody(trx: Trx, bodyId: string): Promise<MeetingRow[]> {
  const rows = await listMeetings(trx, bodyId)
  return rows.map(({ id, bodyId: body, heldOn, title, status }) => ({
    id,
    bodyId: body,
    heldOn,
    title,
    status,
  }))
}

/** One meeting, or undefined when the partnership has no such meeting. */
export async function meetingForReports(
  trx: Trx,
  partnershipId: string,
  id: string,
): Promise<MeetingRow | undefined> {
  const row = await findMeeting(trx, partnershipId, id)
  return row
    ? { id: row.id, bodyId: row.bodyId, heldOn: row.heldOn, title: row.title, status: row.status }
    : undefined
}

// ---- reports: the annual report's attendance (Appendix A) and budget (Appendix B) ----------

export interface AttendanceAppendix {
  bodyName: string
  target: number
  meetings: number
  members: {
    name: string
    role: string
    eligible: number
    attended: number
    percent: number | null
    belowTarget: boolean
  }[]
}

/** Attendance at the board (the first body of kind 'board') over a period, as printed. */
export async function boardAttendanceForReports(
  trx: Trx,
  partnershipId: string,
  period: { from: string; to: string },
): Promise<AttendanceAppendix | null> {
  const [board] = await listBodies(trx, partnershipId, { kind: 'board' })
  if (!board) return null
  const [meetings, memberships, attendance] = await Promise.all([
    listMeetings(trx, board.id),
    listMemberships(trx, board.id),
    listAttendanceForBody(trx, board.id),
  ])
  const { members } = attendanceFigures({
    meetings,
    memberships,
    attendance,
    target: board.attendanceTarget,
    ...period,
  })
  const held = meetingsHeld(meetings, attendance, period)
  return {
    bodyName: board.name,
    target: board.attendanceTarget,
    meetings: held.length,
    members: members.filter(m => m.eligible > 0),
  }
}

export interface BudgetAppendix {
  label: string
  income: { description: string; kind: string; actualPence: number | null }[]
  expenditure: { description: string; budgetPence: number | null; actualPence: number | null }[]
  totals: { income: number; budget: number; spend: number; carryForward: number }
}

/** The budget statement of the financial year labelled '2016/17', or null when there is none. */
export async function budgetForReports(
  trx: Trx,
  partnershipId: string,
  label: string,
): Promise<BudgetAppendix | null> {
  const year = (await listYears(trx, partnershipId)).find(y => y.label === label)
  const statement = year ? await budgetStatementIn(trx, partnershipId, year.id) : null
  if (!statement) return null
  const line = (l: (typeof statement.income)[number]) => ({
    description: l.description,
    kind: l.kind,
    budgetPence: l.budget,
    actualPence: l.actual,
  })
  return {
    label,
    income: statement.income.map(line),
    expenditure: statement.expenditure.map(line),
    totals: statement.totals,
  }
}

// ---- For engagement's bulletin (issue 14): decisions and papers of recent meetings ----
export interface DecisionRow {
  id: string
  text: string
  meetingTitle: string
  heldOn: string
  bodyName: string
}

export interface PaperRow {
  id: string
  title: string
  meetingTitle: string
  heldOn: string
  bodyName: string
}

/** Decisions and papers (titles only) of meetings held from `from` to `to`, newest first. */
export async function recentMeetingRecords(
  trx: Trx,
  partnershipId: string,
  from: string,
  to: string,
): Promise<{ decisions: DecisionRow[]; papers: PaperRow[] }> {
  const decisions: DecisionRow[] = []
  const papers: PaperRow[] = []
  for (const body of await listBodies(trx, partnershipId)) {
    for (const meeting of await listMeetings(trx, body.id)) {
      if (meeting.heldOn < from || meeting.heldOn > to) continue
      const where = { meetingTitle: meeting.title, heldOn: meeting.heldOn, bodyName: body.name }
      for (const d of await listDecisions(trx, meeting.id))
        decisions.push({ id: d.id, text: d.text, ...where })
      for (const p of await listPapers(trx, meeting.id))
        papers.push({ id: p.id, title: p.title, ...where })
    }
  }
  const newestFirst = (a: { heldOn: string }, b: { heldOn: string }) =>
    b.heldOn.localeCompare(a.heldOn)
  return { decisions: decisions.sort(newestFirst), papers: papers.sort(newestFirst) }
}

// ---- reports: business plan progress and the papers the board received (Appendix C) -------

export interface PlanProgress {
  title: string
  startsOn: string
  endsOn: string
  priorities: {
    number: number
    title: string
    actions: { reference: string; action: string; lead: string; rag: string | null }[]
  }[]
}

/** The business plan that runs over the period (the latest to start), with each action's RAG. */
export async function planProgressForReports(
  trx: Trx,
  partnershipId: string,
  period: { from: string; to: string },
): Promise<PlanProgress | null> {
  const plan = (await listPlans(trx, partnershipId)).find(
    p => p.startsOn <= period.to && p.endsOn >= period.from,
  )
  if (!plan) return null
  const [priorities, actions] = await Promise.all([
    listPriorities(trx, plan.id),
    listPlanActions(trx, plan.id),
  ])
  const byReference = (a: { reference: string }, b: { reference: string }) =>
    a.reference.localeCompare(b.reference, 'en', { numeric: true })
  return {
    title: plan.title,
    startsOn: plan.startsOn,
    endsOn: plan.endsOn,
    priorities: priorities.map(priority => ({
      number: priority.number,
      title: priority.title,
      actions: actions
        .filter(a => a.priorityId === priority.id)
        .sort(byReference)
        .map(a => ({
          reference: a.reference,
          action: a.specificAction,
          lead: a.leadAgencyName ?? a.leads.join(', '),
          rag: a.rag,
        })),
    })),
  }
}

export interface BoardPaper {
  title: string
  heldOn: string
  meetingTitle: string
}

/** Papers received at the board's meetings held in the period (latest version of each), oldest first. */
export async function boardPapersForReports(
  trx: Trx,
  partnershipId: string,
  period: { from: string; to: string },
): Promise<{ bodyName: string; papers: BoardPaper[] } | null> {
  const [board] = await listBodies(trx, partnershipId, { kind: 'board' })
  if (!board) return null
  const papers: BoardPaper[] = []
  const meetings = (await listMeetings(trx, board.id))
    .filter(m => m.status !== 'cancelled' && m.heldOn >= period.from && m.heldOn <= period.to)
    .sort((a, b) => a.heldOn.localeCompare(b.heldOn))
  for (const meeting of meetings) {
    const titles = new Set((await listPapers(trx, meeting.id)).map(p => p.title))
    for (const title of titles)
      papers.push({ title, heldOn: meeting.heldOn, meetingTitle: meeting.title })
  }
  return { bodyName: board.name, papers }
}
export interface AgendaMeetingRow {
  id: string
  title: string
  heldOn: string
  bodyName: string
  /** The standing reports already on the meeting's agenda. */
  reports: string[]
}

/** Meetings still to come (scheduled, from `from` on), earliest first, with their reports. */
export async function meetingsToCome(
  trx: Trx,
  partnershipId: string,
  from: string,
): Promise<AgendaMeetingRow[]> {
  const rows: AgendaMeetingRow[] = []
  for (const body of await listBodies(trx, partnershipId)) {
    for (const meeting of await listMeetings(trx, body.id)) {
      if (meeting.status !== 'scheduled' || meeting.heldOn < from) continue
      const reports = (await listAgendaItems(trx, meeting.id)).flatMap(item =>
        item.report ? [item.report] : [],
      )
      rows.push({ ...pick(meeting), bodyName: body.name, reports })
    }
  }
  return rows.sort((a, b) => a.heldOn.localeCompare(b.heldOn))
}

const pick = ({ id, title, heldOn }: { id: string; title: string; heldOn: string }) => ({
  id,
  title,
  heldOn,
})
