/** Reminders of items due soon or overdue, sent once per item, person and kind. */
import { inPartnership, type Db } from '../../../db/database.js'
import { partnershipCalendarIn } from '../../../platform/admin.js'
import { recordAudit } from '../../../platform/audit.js'
import { formatDate } from '../../../platform/http/web.js'
import type { Mailer } from '../../../platform/mail.js'
import { can } from '../../../platform/permissions.js'
import { londonToday } from '../../../platform/calendar.js'
import { insertReminderSent, listActivePeople } from '../repo.js'
import { TRAY_KIND_NAMES } from '../schema.js'
import {
  REMINDER_LOOKAHEAD_WORKING_DAYS,
  collectTrayItems,
  isInTrayOf,
  rolesOf,
  type TrayClock,
  type TrayItem,
} from './items.js'

// ---- Reminders -----------------------------------------------------------------------------

type Person = Awaited<ReturnType<typeof listActivePeople>>[number]

/** Who is told about an item: the people named on it or, when none, whoever holds its queue. */
export function recipientsOf(item: TrayItem, people: Person[]): Person[] {
  const named = people.filter(person => item.userIds.includes(person.id))
  if (named.length) return named
  return people.filter(person => {
    const viewer = { userId: person.id, roles: person.roles, agencyIds: person.agencyIds }
    if (item.queue === 'front-door' || item.queue === 'authoriser') {
      // The queue's reminders go to the managers, not to every practitioner.
      return can(rolesOf(viewer), 'referral-authorisation', 'create')
    }
    return isInTrayOf(item, viewer)
  })
}

function reminderText(item: TrayItem, reminderKind: 'due-soon' | 'overdue', trayUrl: string) {
  const what = TRAY_KIND_NAMES[item.kind]
  const when =
    reminderKind === 'overdue'
      ? `It was due on ${formatDate(item.dueOn)} and is now overdue.`
      : `It is due on ${formatDate(item.dueOn)}.`
  return {
    subject:
      reminderKind === 'overdue' ? `Overdue in your work tray: ${what}` : `Due soon: ${what}`,
    // Never the child's name, a reference or anything else about the child: only the kind and date.
    text: [
      `You have an item in your Keepsafe work tray: ${what}.`,
      when,
      `Sign in to see it: ${trayUrl}`,
    ].join('\n\n'),
  }
}

/**
 * Emails the people responsible for items due within the next working day or overdue, once per
 * item, reminder kind and person (the reminder_sent table's unique key decides, so two runners
 * at once still send one). Returns how many reminders were queued.
 */
export async function sendReminders(
  db: Db,
  mailer: Mailer,
  options: { partnershipId: string; publicUrl: string; now?: Date },
): Promise<number> {
  const now = options.now ?? new Date()
  const { partnershipId } = options
  const afterCommit: (() => Promise<void>)[] = []
  const sent = await inPartnership(db, { partnershipId }, async trx => {
    const calendar = await partnershipCalendarIn(trx)
    const clock: TrayClock = { now, today: londonToday(now), calendar }
    const horizon = calendar.addWorkingDays(clock.today, REMINDER_LOOKAHEAD_WORKING_DAYS)
    const people = await listActivePeople(trx, partnershipId)
    let count = 0
    for (const item of await collectTrayItems(trx, partnershipId, clock)) {
      const reminderKind = item.status === 'overdue' ? 'overdue' : 'due-soon'
      if (reminderKind === 'due-soon' && item.dueOn > horizon) continue
      for (const person of recipientsOf(item, people)) {
        const isNew = await insertReminderSent(trx, {
          partnershipId,
          itemKey: item.key,
          reminderKind,
          recipientId: person.id,
          dueOn: item.dueOn,
        })
        if (!isNew) continue
        const { subject, text } = reminderText(item, reminderKind, `${options.publicUrl}/work-tray`)
        afterCommit.push(
          await mailer.queue(trx, { partnershipId, to: person.email, subject, text }),
        )
        count += 1
      }
    }
    if (count > 0) {
      await recordAudit(trx, {
        partnershipId,
        userId: null,
        action: 'work-tray.reminders-sent',
        resourceType: 'work-tray',
        detail: { reminders: count },
      })
    }
    return count
  })
  for (const send of afterCommit) await send()
  return sent
}
