import type { SeededPartnership } from '../../../src/demo/platform-data.js'
import type { TestApp } from '../../helpers/test-app.js'
import { agencyOrganisation, cycle } from '../assurance/helpers.js'

/** The agency the demo agency lead works for (Northbridge Police). */
export const LEAD_AGENCY = 1

/**
 * A year of the business unit's work in 2026/27: a board meeting, a quarter's agency returns
 * (the lead's agency open, another signed off), a Section 11 cycle, an annual report section.
 */
export async function seedYear(t: TestApp, partnership: SeededPartnership = t.northbridge) {
  const owner = t.database.owner
  const [body] = await owner
    .insertInto('gov_body')
    .values({
      partnership_id: partnership.id,
      name: 'Executive board',
      kind: 'board',
      active_from: '2024-04-01',
    })
    .returning('id')
    .execute()
  await owner
    .insertInto('gov_meeting')
    .values({
      partnership_id: partnership.id,
      body_id: body?.id,
      held_on: '2026-12-14',
      title: 'Winter board',
    })
    .execute()
  const [open] = await owner
    .insertInto('agency_return')
    .values({
      partnership_id: partnership.id,
      agency_id: partnership.agencyIds[LEAD_AGENCY],
      period_start: '2026-07-01',
      period_end: '2026-09-30',
      due_on: '2026-10-20',
    })
    .returning('id')
    .execute()
  await owner
    .insertInto('agency_return')
    .values({
      partnership_id: partnership.id,
      agency_id: partnership.agencyIds[2],
      period_start: '2026-07-01',
      period_end: '2026-09-30',
      due_on: '2026-10-20',
      signed_off_at: new Date('2026-10-10T10:00:00Z'),
    })
    .execute()
  const [report] = await owner
    .insertInto('report')
    .values({
      partnership_id: partnership.id,
      start_year: 2026,
      kind: 'full',
      title: 'Annual report 2026/27',
    })
    .returning('id')
    .execute()
  const [section] = await owner
    .insertInto('report_section')
    .values({
      partnership_id: partnership.id,
      report_id: report?.id,
      position: 1,
      kind: 'contribution',
      title: 'Police: what we learned',
    })
    .returning('id')
    .execute()
  await owner
    .insertInto('report_contribution')
    .values({
      partnership_id: partnership.id,
      report_id: report?.id,
      section_id: section?.id,
      assignee_id: t.userId('agency-lead', partnership),
      questions: 'What did you learn?',
      due_on: '2027-02-26',
    })
    .execute()
  return { agencyReturnId: open?.id as string }
}

/** A Section 11 cycle due 31 March 2027 that asks the lead's agency for a return. */
export async function seedSection11(t: TestApp) {
  const organisation = await agencyOrganisation(t, LEAD_AGENCY, 'lead@police.example')
  return cycle(t, 'section-11', [organisation], { opensOn: '2026-11-01', dueOn: '2027-03-31' })
}
