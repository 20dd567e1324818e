/**
 * Reminders to agency leads about returns not yet signed off: one a week before the due date, then
 * one a week while it is overdue, and one whenever the business unit chases. Each is recorded in
 * `reminder_sent`, so a reminder is never sent twice however often the job runs.
 */
import { inPartnership, type Db } from '../../../db/database.js'
import { recordAudit } from '../../../platform/audit.js'
import { londonToday, type IsoDate } from '../../../platform/calendar.js'
import { formatDate } from '../../../platform/http/web.js'
import type { Mailer } from '../../../platform/mail.js'
import { addCalendarDays, toDayNumber } from '../../../platform/working-days.js'
import * as repo from './repo.js'
import { quarterStarting } from './schema.js'

/** Days before the due date that the first reminder goes. */
export const DUE_SOON_DAYS = 7
export const OVERDUE_EVERY_DAYS = 7

export interface ReminderPlan {
  kind: 'due-soon' | 'overdue'
  itemKey: string
}

/** Which reminder, if any, a return is due on `today`. */
export function reminderFor(
  row: { id: string; dueOn: IsoDate },
  today: IsoDate,
): ReminderPlan | null {
  if (today > row.dueOn) {
    const week = Math.floor((toDayNumber(today) - toDayNumber(row.dueOn) - 1) / OVERDUE_EVERY_DAYS)
    return { kind: 'overdue', itemKey: `agency-return:${row.id}:overdue-${String(week + 1)}` }
  }
  if (today >= addCalendarDays(row.dueOn, -DUE_SOON_DAYS))
    return { kind: 'due-soon', itemKey: `agency-return:${row.id}:due-soon` }
  return null
}

function message(
  row: { agencyName: string; periodStart: string; dueOn: string },
  kind: 'due-soon' | 'overdue' | 'chase',
  link: string,
) {
  const quarter = quarterStarting(row.periodStart).label
  const due = formatDate(row.dueOn)
  const subject =
    kind === 'due-soon'
      ? `Agency return due ${due}: ${quarter}`
      : `Agency return overdue: ${quarter} (due ${due})`
  const text = [
    `${row.agencyName}’s return for ${quarter} ${kind === 'due-soon' ? 'is due' : 'was due'} on ${due} and has not been signed off.`,
    kind === 'chase'
      ? 'The partnership’s business unit has asked for it on behalf of the performance sub-group.'
      : '',
    `Fill it in or upload it, then sign it off: ${link}`,
  ]
    .filter(Boolean)
    .join('\n\n')
  return { subject, text }
}

async function remind(
  db: Db,
  mailer: Mailer,
  options: { partnershipId: string; publicUrl: string; now?: Date },
  pick: (
    row: { id: string; dueOn: string },
    today: IsoDate,
  ) => (ReminderPlan & { chase?: boolean }) | null,
  only?: string,
): Promise<number> {
  const { partnershipId } = options
  const today = londonToday(options.now ?? new Date())
  const afterCommit: (() => Promise<void>)[] = []
  const sent = await inPartnership(db, { partnershipId }, async trx => {
    let count = 0
    for (const row of await repo.listOpenReturns(trx, partnershipId)) {
      if (only && row.id !== only) continue
      const plan = pick(row, today)
      if (!plan) continue
      for (const lead of await repo.listAgencyLeads(trx, partnershipId, row.agencyId)) {
        const inserted = await trx
          .insertInto('reminderSent')
          .values({
            partnershipId,
            itemKey: plan.itemKey,
            reminderKind: plan.kind,
            recipientId: lead.id,
            dueOn: row.dueOn,
          })
          .onConflict(c =>
            c.columns(['partnershipId', 'itemKey', 'reminderKind', 'recipientId']).doNothing(),
          )
          .returning('id')
          .executeTakeFirst()
        if (!inserted) continue
        const link = `${options.publicUrl}/dataset/returns/${row.id}`
        const { subject, text } = message(row, plan.chase ? 'chase' : plan.kind, link)
        afterCommit.push(await mailer.queue(trx, { partnershipId, to: lead.email, subject, text }))
        count += 1
      }
    }
    if (count > 0)
      await recordAudit(trx, {
        partnershipId,
        userId: null,
        action: 'agency-return.reminders-sent',
        resourceType: 'agency-return',
        resourceId: only ?? null,
        detail: { reminders: count },
      })
    return count
  })
  for (const send of afterCommit) await send()
  return sent
}

/** The recurring job's work: due-soon and overdue reminders for every open return. */
export function sendReturnReminders(
  db: Db,
  mailer: Mailer,
  options: { partnershipId: string; publicUrl: string; now?: Date },
): Promise<number> {
  return remind(db, mailer, options, reminderFor)
}

/** A chase asked for by the business unit: one more reminder for an open return, today. */
export function sendChase(
  db: Db,
  mailer: Mailer,
  options: { partnershipId: string; publicUrl: string; returnId: string; now?: Date },
): Promise<number> {
  return remind(
    db,
    mailer,
    options,
    (row, today) => ({
      kind: 'overdue',
      itemKey: `agency-return:${row.id}:chase-${today}`,
      chase: true,
    }),
    options.returnId,
  )
}
