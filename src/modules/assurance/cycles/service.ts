import { parse } from 'csv-parse/sync'
import type { Db, Trx } from '../../../db/database.js'
import { normaliseEmail } from '../../../platform/accounts.js'
import { londonToday } from '../../../platform/calendar.js'
import { listAgencies } from '../../../platform/directory.js'
import type { Mailer } from '../../../platform/mail.js'
import { refusable, refuse, type Refusal } from '../../../platform/refusal.js'
import { type Ctx, audit, scoped } from '../shared.js'
import { ensureShippedTemplates, findTemplate } from '../templates/service.js'
import * as repo from './repo.js'
import { issueReturnToken } from './tokens.js'

/** Returning organisations, cycles and their invitations. */

export interface Mail {
  mailer: Mailer
  publicUrl: string
}

export const ORGANISATION_KINDS = {
  agency: 'Agency',
  school: 'School',
  setting: 'Setting',
} as const

export interface OrganisationInput {
  kind: 'agency' | 'school' | 'setting'
  agencyId: string | null
  urn: string | null
  name: string
  phase: string | null
  leadEmail: string
}

async function insertOrganisation(trx: Trx, ctx: Ctx, input: OrganisationInput) {
  const existing = await repo.listOrganisations(trx, ctx.actor.partnershipId)
  if (input.kind === 'agency') {
    const agencies = await listAgencies(trx, ctx.actor.partnershipId)
    if (!agencies.some(a => a.id === input.agencyId))
      refuse('agencyId', 'Select an agency from the list')
    if (existing.some(o => o.agencyId === input.agencyId)) {
      refuse('agencyId', 'This agency already has a safeguarding lead for returns')
    }
  }
  if (input.urn && existing.some(o => o.urn === input.urn)) {
    refuse('urn', `There is already a school or setting with URN ${input.urn}`)
  }
  return trx
    .insertInto('asrOrganisation')
    .values({
      ...input,
      agencyId: input.kind === 'agency' ? input.agencyId : null,
      leadEmail: normaliseEmail(input.leadEmail),
      partnershipId: ctx.actor.partnershipId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
}

export function addOrganisation(db: Db, ctx: Ctx, input: OrganisationInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const { id } = await insertOrganisation(trx, ctx, input)
      await audit(trx, ctx, {
        action: 'assurance.organisation.created',
        resourceType: 'asr-organisation',
        resourceId: id,
        fields: { kind: input.kind, name: input.name, urn: input.urn },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

export const SCHOOL_CSV_HEADER = ['URN', 'Name', 'Phase', 'DSL email']
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/**
 * Schools and settings from a CSV (URN, name, phase, designated safeguarding lead's email): a URN
 * already known updates that school's name, phase and lead. One bad row refuses the whole file.
 */
export function importSchools(
  db: Db,
  ctx: Ctx,
  csv: string,
): Promise<{ kind: 'imported'; added: number; updated: number } | Refusal> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      let rows: string[][]
      try {
        rows = parse(csv.replace(/^\uFEFF/, ''), {
          skip_empty_lines: true,
          relax_column_count: true,
        })
      } catch {
        refuse('file', 'The selected file must be a CSV file')
      }
      const [header, ...body] = rows
      if (
        !header ||
        header.map(h => h.trim().toLowerCase()).join(',') !== 'urn,name,phase,dsl email'
      ) {
        refuse('file', `The first row must be the headings ${SCHOOL_CSV_HEADER.join(', ')}`)
      }
      if (!body.length) refuse('file', 'The selected file has no schools in it')
      if (body.length > 2000) refuse('file', 'The selected file must have 2,000 rows or fewer')
      const existing = await repo.listOrganisations(trx, ctx.actor.partnershipId)
      const seen = new Set<string>()
      let added = 0
      let updated = 0
      for (const [index, raw] of body.entries()) {
        const line = index + 2
        const [urn = '', name = '', phase = '', email = ''] = raw.map(cell => cell.trim())
        if (raw.length !== 4) refuse('file', `Row ${line} must have 4 columns`)
        if (!/^[0-9]{6,7}$/.test(urn)) refuse('file', `Row ${line}: enter a URN of 6 or 7 digits`)
        if (seen.has(urn)) refuse('file', `Row ${line}: URN ${urn} is in the file twice`)
        seen.add(urn)
        if (!name || name.length > 200) refuse('file', `Row ${line}: enter the school’s name`)
        if (phase.length > 60)
          refuse('file', `Row ${line}: the phase must be 60 characters or fewer`)
        if (!EMAIL.test(email) || email.length > 320) {
          refuse('file', `Row ${line}: enter the DSL’s email address in the correct format`)
        }
        const known = existing.find(o => o.urn === urn)
        const values = { name, phase: phase || null, leadEmail: normaliseEmail(email) }
        if (known) {
          await trx.updateTable('asrOrganisation').set(values).where('id', '=', known.id).execute()
          updated += 1
        } else {
          await trx
            .insertInto('asrOrganisation')
            .values({ ...values, urn, kind: 'school', partnershipId: ctx.actor.partnershipId })
            .execute()
          added += 1
        }
      }
      await audit(trx, ctx, {
        action: 'assurance.schools.imported',
        resourceType: 'asr-organisation',
        detail: { added, updated },
      })
      return { kind: 'imported' as const, added, updated }
    }),
  )
}

export interface CycleInput {
  templateId: string
  title: string
  opensOn: string
  dueOn: string
  organisationIds: string[]
}

function invitationText(
  kind: 'invitation' | 'reminder' | 'overdue' | 'returned',
  link: string,
  title: string,
  dueOn: string,
) {
  const due = new Date(`${dueOn}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
  const subject = {
    invitation: `${title}: please complete your return by ${due}`,
    reminder: `Reminder: ${title} is due on ${due}`,
    overdue: `Overdue: ${title} was due on ${due}`,
    returned: `${title}: your return has been sent back for changes`,
  }[kind]
  return {
    subject,
    text: `${subject}.\n\nOpen your return with this link (it works for your organisation’s return only; do not forward it):\n${link}\n\nA new link replaces any earlier one.`,
  }
}

/** Emails the lead a new link to the return; the earlier link stops working. */
export async function mailReturnLink(
  trx: Trx,
  mail: Mail,
  row: { partnershipId: string; returnId: string; dueOn: string; title: string; leadEmail: string },
  kind: 'invitation' | 'reminder' | 'overdue' | 'returned',
) {
  const token = await issueReturnToken(trx, row)
  const { subject, text } = invitationText(
    kind,
    `${mail.publicUrl}/assurance/respond/${token}`,
    row.title,
    row.dueOn,
  )
  return {
    token,
    send: await mail.mailer.queue(trx, {
      partnershipId: row.partnershipId,
      to: row.leadEmail,
      subject,
      text,
    }),
  }
}

/** Opens a cycle on the newest version of a template and invites every returning organisation. */
export async function createCycle(
  db: Db,
  ctx: Ctx,
  mail: Mail,
  input: CycleInput,
): Promise<{ kind: 'saved'; id: string; links: Record<string, string> } | Refusal> {
  const sends: (() => Promise<void>)[] = []
  const outcome = await refusable(() =>
    scoped(db, ctx.actor, async trx => {
      await ensureShippedTemplates(trx, ctx.actor.partnershipId)
      const template = await findTemplate(trx, ctx.actor.partnershipId, input.templateId)
      if (!template) refuse('templateId', 'Select a template from the list')
      if (input.dueOn < input.opensOn)
        refuse('dueOn', 'The due date must be on or after the opening date')
      const cycles = await repo.listCycles(trx, ctx.actor.partnershipId)
      if (cycles.some(c => c.title.toLowerCase() === input.title.toLowerCase())) {
        refuse('title', 'There is already a cycle with this title')
      }
      const organisations = await repo.listOrganisations(trx, ctx.actor.partnershipId)
      const chosen = organisations.filter(o => input.organisationIds.includes(o.id))
      if (chosen.length !== new Set(input.organisationIds).size) {
        refuse('organisationIds', 'Select organisations from the list')
      }
      const { id } = await trx
        .insertInto('asrCycle')
        .values({
          partnershipId: ctx.actor.partnershipId,
          templateId: template.id,
          title: input.title,
          opensOn: input.opensOn,
          dueOn: input.dueOn,
          targetPercent: template.targetPercent,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      const links: Record<string, string> = {}
      const today = londonToday()
      for (const organisation of chosen) {
        const row = await trx
          .insertInto('asrReturn')
          .values({
            partnershipId: ctx.actor.partnershipId,
            cycleId: id,
            organisationId: organisation.id,
            templateId: template.id,
            invitedOn: today,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        const { token, send } = await mailReturnLink(
          trx,
          mail,
          {
            partnershipId: ctx.actor.partnershipId,
            returnId: row.id,
            dueOn: input.dueOn,
            title: input.title,
            leadEmail: organisation.leadEmail,
          },
          'invitation',
        )
        links[organisation.id] = token
        sends.push(send)
      }
      await audit(trx, ctx, {
        action: 'assurance.cycle.created',
        resourceType: 'asr-cycle',
        resourceId: id,
        fields: { ...input, invited: chosen.length },
      })
      return { kind: 'saved' as const, id, links }
    }),
  )
  if (outcome.kind === 'saved') for (const send of sends) await send()
  return outcome
}

export function listCycles(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, trx => repo.listCycles(trx, ctx.actor.partnershipId))
}

export function listOrganisations(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, trx => repo.listOrganisations(trx, ctx.actor.partnershipId))
}
