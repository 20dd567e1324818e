import type { Role } from '../../../src/platform/permissions.js'
import type { TestApp } from '../../helpers/test-app.js'
import { Visitor } from '../frontdoor/journey.js'

export const REVIEW_TABLES = [
  'cr_case',
  'cr_information_request',
  'cr_review',
  'cr_review_case',
  'cr_milestone',
  'cr_document',
  'cr_recommendation',
  'gov_plan',
  'gov_plan_action',
  'gov_plan_step',
  'audit_event',
] as const

export async function as(t: TestApp, role: Role, partnership = t.northbridge): Promise<Visitor> {
  return new Visitor(t, await t.signInAs(role, partnership))
}

export function dateFields(name: string, date: string): Record<string, string> {
  const [year = '', month = '', day = ''] = date.split('-')
  return {
    [`${name}-day`]: String(Number(day)),
    [`${name}-month`]: String(Number(month)),
    [`${name}-year`]: year,
  }
}

/** Every row of the module's tables (and the plan and audit tables it writes), to compare. */
export async function snapshot(t: TestApp) {
  const counts: Record<string, unknown[]> = {}
  for (const table of REVIEW_TABLES)
    counts[table] = await t.database.owner.selectFrom(table).selectAll().execute()
  // Re-showing a form with its errors is a view, and views are audited; writes are what count.
  counts.audit_event = (counts.audit_event as { action: string }[]).filter(
    event => !/\.(viewed|listed|read)$/.test(event.action),
  )
  return counts
}

/** The agency an agency lead works for. */
export async function agencyOf(t: TestApp, role: Role = 'agency-lead'): Promise<string> {
  const row = await t.database.owner
    .selectFrom('role_grant')
    .select('agency_id')
    .where('user_id', '=', t.userId(role))
    .executeTakeFirstOrThrow()
  return row.agency_id as string
}

export function referral(extra: Record<string, string> = {}) {
  return {
    childName: 'Jamie Doe',
    ...dateFields('dateOfBirth', '2019-02-11'),
    harm: 'seriously-harmed',
    ...dateFields('incidentOn', '2026-11-20'),
    ...dateFields('awareOn', '2026-11-23'),
    summary: 'Head injury in a child on a child protection plan; the hospital suspects abuse.',
    ...extra,
  }
}

/** A case referred by the business officer; returns its id and the officer. */
export async function referred(t: TestApp) {
  const officer = await as(t, 'business-officer')
  const location = await officer.step('/reviews/refer', referral())
  return { officer, caseId: location.split('/').at(-1) ?? '' }
}
