import { inPartnership, type Db, type Trx } from '../../../db/database.js'
import { londonInstant, londonToday } from '../../../platform/calendar.js'
import type { Actor } from '../../../platform/http/types.js'
import { enqueueJob } from '../../../platform/jobs.js'
import type { Mailer } from '../../../platform/mail.js'
import { refuse } from '../../../platform/refusal.js'
import { addCalendarDays } from '../../../platform/working-days.js'
import * as repo from '../repo.js'
import { audit, command, scopeOf, type Ctx } from './shared.js'

export const REMINDER_JOB = 'report-contribution-reminder'
/** Reminders go two days before the due date and on it, at nine in the morning, London time. */
const REMINDER_DAYS_BEFORE = [2, 0]
const RESOURCE = 'report-contribution'

export function formatDay(date: string): string {
  return new Date(`${date}T12:00:00Z`).toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone: 'UTC',
  })
}

/**
 * Queues the reminders for a due date. The key and payload carry the date, so that after the date
 * changes the new reminders are queued and the old ones, finding another date, send nothing.
 */
async function scheduleReminders(trx: Trx, partnershipId: string, id: string, dueOn: string) {
  for (const days of REMINDER_DAYS_BEFORE) {
    const runAt = londonInstant(addCalendarDays(dueOn, -days), 9 * 3600)
    await enqueueJob(trx, {
      kind: REMINDER_JOB,
      partnershipId,
      runAt: runAt < new Date() ? new Date() : runAt,
      payload: { contributionId: id, dueOn },
      dedupeKey: `${REMINDER_JOB}:${id}:${dueOn}:${days}`,
    })
  }
}

/** Asks an agency lead or sub-group chair for a section, with questions and a due date. */
export function requestContribution(
  db: Db,
  ctx: Ctx,
  reportId: string,
  input: { title: string; assigneeId: string; questions: string; dueOn: string },
) {
  return command(db, ctx, async trx => {
    const report = await repo.findReport(trx, reportId)
    if (report?.status !== 'draft')
      refuse('title', 'Sections can be asked for only while the report is a draft')
    if (input.dueOn < londonToday()) refuse('dueOn', 'The due date must be today or in the future')
    const contributors = await repo.listContributors(trx, ctx.actor.partnershipId)
    if (!contributors.some(c => c.id === input.assigneeId))
      refuse('assigneeId', 'Select who will write the section')
    const position = await repo.nextPosition(trx, reportId)
    const [section] = await repo.insertSections(trx, [
      {
        partnershipId: ctx.actor.partnershipId,
        reportId,
        position,
        kind: 'contribution',
        title: input.title,
        block: null,
      },
    ])
    const { id } = await repo.insertContribution(trx, {
      partnershipId: ctx.actor.partnershipId,
      reportId,
      sectionId: section?.id ?? '',
      assigneeId: input.assigneeId,
      questions: input.questions,
      dueOn: input.dueOn,
      requestedBy: ctx.actor.userId,
    })
    await repo.insertContributionEvent(trx, {
      partnershipId: ctx.actor.partnershipId,
      contributionId: id,
      action: 'requested',
      comments: input.questions,
      byUser: ctx.actor.userId,
    })
    await scheduleReminders(trx, ctx.actor.partnershipId, id, input.dueOn)
    await audit(trx, ctx, {
      action: 'report.contribution.requested',
      resourceType: RESOURCE,
      id,
      detail: { reportId, dueOn: input.dueOn },
    })
    return { id }
  })
}

export function contributors(db: Db, actor: Actor) {
  return inPartnership(db, scopeOf(actor), trx => repo.listContributors(trx, actor.partnershipId))
}

/** The contributions asked of the person signed in. */
export function myContributions(db: Db, actor: Actor) {
  return inPartnership(db, scopeOf(actor), trx =>
    repo.listContributions(trx, { assigneeId: actor.userId }),
  )
}

/** A contribution with its history, for its writer or the business unit (`all`). */
export function contributionPage(db: Db, actor: Actor, id: string, all: boolean) {
  return inPartnership(db, scopeOf(actor), async trx => {
    const contribution = await repo.findContribution(trx, id)
    if (!contribution || (!all && contribution.assigneeId !== actor.userId)) return null
    return {
      contribution,
      events: await repo.listContributionEvents(trx, id),
      today: londonToday(),
    }
  })
}

async function ownContribution(trx: Trx, ctx: Ctx, id: string) {
  const contribution = await repo.findContribution(trx, id)
  if (contribution?.assigneeId !== ctx.actor.userId)
    refuse('body', 'There is no such section to write')
  return contribution
}

/** The contributor sends their section. After the due date it is refused (their text is kept on the page). */
export function submitContribution(db: Db, ctx: Ctx, id: string, body: string) {
  return command(db, ctx, async trx => {
    const contribution = await ownContribution(trx, ctx, id)
    if (contribution.status === 'accepted' || contribution.status === 'submitted')
      refuse('body', 'This section has already been sent to the business unit')
    if (londonToday() > contribution.dueOn)
      refuse(
        'body',
        `This section was due on ${formatDay(contribution.dueOn)} and can no longer be sent. Your text has not been saved: copy it, and ask the business unit to extend the due date`,
      )
    await repo.updateContribution(trx, id, { status: 'submitted', body })
    await repo.insertContributionEvent(trx, {
      partnershipId: ctx.actor.partnershipId,
      contributionId: id,
      action: 'submitted',
      body,
      byUser: ctx.actor.userId,
    })
    await audit(trx, ctx, { action: 'report.contribution.submitted', resourceType: RESOURCE, id })
    return { id }
  })
}

/** The business unit accepts a section into the report, or sends it back with comments. */
export function reviewContribution(
  db: Db,
  ctx: Ctx,
  id: string,
  input: { decision: 'accept' | 'return'; comments: string },
) {
  return command(db, ctx, async trx => {
    const contribution = await repo.findContribution(trx, id)
    if (!contribution) refuse('decision', 'There is no such contribution')
    if (contribution.status !== 'submitted')
      refuse('decision', 'Only a section that has been sent can be accepted or sent back')
    if (input.decision === 'return' && !input.comments.trim())
      refuse('comments', 'Enter comments to say what needs to change')
    const accepted = input.decision === 'accept'
    if (accepted) {
      const report = await repo.findReport(trx, contribution.reportId)
      if (report?.status !== 'draft') refuse('decision', 'The report is no longer a draft')
      await repo.updateSection(trx, contribution.sectionId, { body: contribution.body })
    }
    await repo.updateContribution(trx, id, { status: accepted ? 'accepted' : 'returned' })
    await repo.insertContributionEvent(trx, {
      partnershipId: ctx.actor.partnershipId,
      contributionId: id,
      action: accepted ? 'accepted' : 'returned',
      comments: input.comments.trim() || null,
      byUser: ctx.actor.userId,
    })
    await audit(trx, ctx, {
      action: `report.contribution.${accepted ? 'accepted' : 'returned'}`,
      resourceType: RESOURCE,
      id,
    })
    return { id, reportId: contribution.reportId }
  })
}

/** The business unit moves a section's due date (not into the past); reminders follow it. */
export function changeContributionDue(db: Db, ctx: Ctx, id: string, dueOn: string) {
  return command(db, ctx, async trx => {
    const contribution = await repo.findContribution(trx, id)
    if (!contribution) refuse('dueOn', 'There is no such contribution')
    if (contribution.status === 'accepted')
      refuse('dueOn', 'This section has been accepted: its due date can no longer change')
    if (dueOn < londonToday()) refuse('dueOn', 'The due date must be today or in the future')
    if (dueOn === contribution.dueOn)
      refuse('dueOn', `The section is already due on ${formatDay(dueOn)}`)
    await repo.setContributionDue(trx, id, dueOn)
    await scheduleReminders(trx, ctx.actor.partnershipId, id, dueOn)
    await repo.insertContributionEvent(trx, {
      partnershipId: ctx.actor.partnershipId,
      contributionId: id,
      action: 'rescheduled',
      comments: `From ${formatDay(contribution.dueOn)} to ${formatDay(dueOn)}`,
      byUser: ctx.actor.userId,
    })
    await audit(trx, ctx, {
      action: 'report.contribution.rescheduled',
      resourceType: RESOURCE,
      id,
      detail: { from: contribution.dueOn, to: dueOn },
    })
    return { id }
  })
}

/** The reminder job: an email to the contributor while the section is still owed. */
export async function sendContributionReminder(
  deps: { db: Db; mailer: Mailer; publicUrl: string },
  partnershipId: string,
  contributionId: string,
  dueOn?: string,
) {
  const send = await inPartnership(deps.db, { partnershipId, userId: null }, async trx => {
    const contribution = await repo.findContribution(trx, contributionId)
    if (!contribution || !['requested', 'returned'].includes(contribution.status)) return null
    // A reminder queued for a due date since changed: the new date has its own reminders.
    if (dueOn !== undefined && dueOn !== contribution.dueOn) return null
    const person = await repo.findUserEmail(trx, contribution.assigneeId)
    if (!person) return null
    await repo.insertContributionEvent(trx, {
      partnershipId,
      contributionId,
      action: 'reminded',
      byUser: null,
    })
    return deps.mailer.queue(trx, {
      partnershipId,
      to: person.email,
      subject: `Reminder: “${contribution.sectionTitle}” for the annual report is due on ${formatDay(contribution.dueOn)}`,
      text: `Dear ${person.displayName},\n\nThe section “${contribution.sectionTitle}” for the annual report is due on ${formatDay(contribution.dueOn)}.\n\nWrite it in Keepsafe: ${deps.publicUrl}/reports/contributions/${contributionId}`,
    })
  })
  if (send) await send()
}
