import { createMailer } from '../../../src/platform/mail.js'
import type { Role } from '../../../src/platform/permissions.js'
import type { Ctx } from '../../../src/modules/assurance/shared.js'
import { listTemplates } from '../../../src/modules/assurance/templates/service.js'
import { addOrganisation, createCycle } from '../../../src/modules/assurance/cycles/service.js'
import type { SeededPartnership } from '../../../src/demo/platform-data.js'
import type { TestApp } from '../../helpers/test-app.js'

export const mail = {
  mailer: createMailer({ from: 'Keepsafe <no-reply@keepsafe.invalid>' }),
  publicUrl: 'https://keepsafe.example',
}

/** The agency each demo role works for, as the demo seeding gives it. */
const ROLE_AGENCY: Partial<Record<Role, number>> = { 'agency-lead': 1, 'board-member': 0 }

export function ctxFor(
  t: TestApp,
  role: Role,
  partnership: SeededPartnership = t.northbridge,
): Ctx {
  const index = ROLE_AGENCY[role]
  return {
    actor: {
      userId: t.userId(role, partnership),
      email: `${role}@example`,
      displayName: role,
      partnershipId: partnership.id,
      partnershipName: partnership.name,
      roles: [role],
      agencyIds: index === undefined ? [] : [partnership.agencyIds[index]!],
      via: 'session',
    },
    requestId: 'test',
  }
}

export async function templateId(t: TestApp, key: string): Promise<string> {
  const templates = await listTemplates(t.database.db, ctxFor(t, 'business-officer'))
  const newest = templates.filter(x => x.key === key).sort((a, b) => b.version - a.version)[0]
  if (!newest) throw new Error(`no template ${key}`)
  return newest.id
}

export function must<T extends { kind: string }, K extends T['kind']>(
  outcome: T,
  kind: K,
): Extract<T, { kind: K }> {
  if (outcome.kind !== kind) throw new Error(`expected ${kind}, got ${JSON.stringify(outcome)}`)
  return outcome as Extract<T, { kind: K }>
}

export async function agencyOrganisation(
  t: TestApp,
  index: number,
  email: string,
  partnership = t.northbridge,
) {
  return must(
    await addOrganisation(t.database.db, ctxFor(t, 'business-officer', partnership), {
      kind: 'agency',
      agencyId: partnership.agencyIds[index]!,
      urn: null,
      name: `Agency ${index}`,
      phase: null,
      leadEmail: email,
    }),
    'saved',
  ).id
}

export async function school(t: TestApp, urn: string, name: string, email: string) {
  return must(
    await addOrganisation(t.database.db, ctxFor(t, 'business-officer'), {
      kind: 'school',
      agencyId: null,
      urn,
      name,
      phase: 'Primary',
      leadEmail: email,
    }),
    'saved',
  ).id
}

export async function cycle(
  t: TestApp,
  key: string,
  organisationIds: string[],
  dates = { opensOn: '2026-11-01', dueOn: '2027-03-31' },
  title = `${key} 2026/27`,
) {
  return must(
    await createCycle(t.database.db, ctxFor(t, 'business-officer'), mail, {
      templateId: await templateId(t, key),
      title,
      organisationIds,
      ...dates,
    }),
    'saved',
  )
}

export function outbox(t: TestApp) {
  return t.database.owner.selectFrom('outbox_message').selectAll().orderBy('created_at').execute()
}

export async function counts(t: TestApp, tables: string[]) {
  const out: Record<string, number> = {}
  for (const table of tables) {
    const row = await t.database.owner
      .selectFrom(table as 'asr_return')
      .select(eb => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    out[table] = Number(row.n)
  }
  return out
}

export const ASSURANCE_TABLES = [
  'asr_template',
  'asr_organisation',
  'asr_cycle',
  'asr_return',
  'asr_return_event',
  'asr_evidence',
  'asr_action',
  'asr_case_audit',
  'asr_case_sample',
  'asr_case_form',
  'gov_plan_action',
  'gov_challenge',
  'outbox_message',
  'audit_event',
]

export const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n')
