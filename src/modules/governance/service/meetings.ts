import { londonToday } from '../../../platform/calendar.js'
import type { Db, Trx } from '../../../db/database.js'
import { changedFields } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import { scopeFor } from '../../../platform/permissions.js'
import { addCalendarMonths } from '../../../platform/working-days.js'
import * as repo from '../repo.js'
import type {
  AgendaItemInput,
  MeetingActionInput,
  MeetingInput,
  StandingReport,
} from '../schema.js'
import { planLayoutIn } from './plan.js'
import {
  type Ctx,
  type SimpleOutcome,
  audit,
  paperType,
  scoped,
  command,
  invalid,
} from './shared.js'
import { membersOn } from './structures.js'

// Meetings: their schedule, status, minutes, agendas, decisions, actions and papers

export type MeetingOutcome =
  { kind: 'saved'; id: string } | { kind: 'not-found' } | { kind: 'duplicate' }

/** A meeting, or a series of them at a fixed interval, each with the body's standing items. */
export function scheduleMeeting(
  db: Db,
  ctx: Ctx,
  bodyId: string,
  input: MeetingInput & { repeatMonths?: number; occurrences?: number },
): Promise<MeetingOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const body = await repo.findBody(trx, ctx.actor.partnershipId, bodyId)
    if (!body) return { kind: 'not-found' }
    const meetings = await repo.listMeetings(trx, bodyId)
    const count = input.repeatMonths ? (input.occurrences ?? 1) : 1
    const dates = Array.from({ length: count }, (_, k) =>
      addCalendarMonths(input.heldOn, k * (input.repeatMonths ?? 0)),
    )
    if (meetings.some(m => dates.includes(m.heldOn) && m.title === input.title)) {
      return { kind: 'duplicate' }
    }
    const standing = await repo.listStandingItems(trx, bodyId)
    let firstId = ''
    for (const [index, heldOn] of dates.entries()) {
      const values = {
        heldOn,
        title: input.title,
        status: index === 0 ? input.status : 'scheduled',
      }
      const id = await repo.insertMeeting(trx, {
        ...values,
        bodyId,
        partnershipId: ctx.actor.partnershipId,
      })
      firstId ||= id
      // Every meeting starts with its body's standing items on the agenda.
      await repo.insertAgendaItems(
        trx,
        standing.map((item, position) => ({
          partnershipId: ctx.actor.partnershipId,
          meetingId: id,
          position: position + 1,
          title: item.title,
          report: item.report,
        })),
      )
      await audit(trx, ctx, {
        action: 'governance.meeting.created',
        resourceType: 'gov-meeting',
        resourceId: id,
        fields: { bodyId, ...values },
      })
    }
    return { kind: 'saved', id: firstId }
  })
}

export function recordMinutes(
  db: Db,
  ctx: Ctx,
  meetingId: string,
  minutes: string,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const meeting = await repo.findMeeting(trx, ctx.actor.partnershipId, meetingId)
    if (!meeting) return { kind: 'not-found' }
    await repo.updateMeeting(trx, meetingId, { minutes: minutes || null })
    await audit(trx, ctx, {
      action: 'governance.minutes.recorded',
      resourceType: 'gov-meeting',
      resourceId: meetingId,
      fields: { minutes: { from: meeting.minutes, to: minutes || null } },
    })
    return { kind: 'saved', id: meetingId }
  })
}

export function setMeetingStatus(
  db: Db,
  ctx: Ctx,
  meetingId: string,
  status: string,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const meeting = await repo.findMeeting(trx, ctx.actor.partnershipId, meetingId)
    if (!meeting) return { kind: 'not-found' }
    await repo.updateMeeting(trx, meetingId, { status })
    await audit(trx, ctx, {
      action: 'governance.meeting.updated',
      resourceType: 'gov-meeting',
      resourceId: meetingId,
      fields: changedFields(meeting, { status }),
    })
    return { kind: 'saved', id: meetingId }
  })
}

export function addAgendaItem(
  db: Db,
  ctx: Ctx,
  meetingId: string,
  input: AgendaItemInput,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    if (!(await repo.findMeeting(trx, ctx.actor.partnershipId, meetingId)))
      return { kind: 'not-found' }
    const items = await repo.listAgendaItems(trx, meetingId)
    const id = await repo.insertAgendaItem(trx, {
      ...input,
      meetingId,
      partnershipId: ctx.actor.partnershipId,
      position: (items.at(-1)?.position ?? 0) + 1,
    })
    await audit(trx, ctx, {
      action: 'governance.agenda-item.created',
      resourceType: 'gov-meeting',
      resourceId: meetingId,
      fields: input,
    })
    return { kind: 'saved', id }
  })
}

export function recordDecision(
  db: Db,
  ctx: Ctx,
  meetingId: string,
  text: string,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    if (!(await repo.findMeeting(trx, ctx.actor.partnershipId, meetingId)))
      return { kind: 'not-found' }
    const id = await repo.insertDecision(trx, {
      meetingId,
      text,
      partnershipId: ctx.actor.partnershipId,
    })
    await audit(trx, ctx, {
      action: 'governance.decision.created',
      resourceType: 'gov-meeting',
      resourceId: meetingId,
      fields: { text },
    })
    return { kind: 'saved', id }
  })
}

export function addMeetingAction(
  db: Db,
  ctx: Ctx,
  meetingId: string,
  input: MeetingActionInput,
): Promise<SimpleOutcome> {
  return scoped(db, ctx.actor, async trx => {
    const meeting = await repo.findMeeting(trx, ctx.actor.partnershipId, meetingId)
    if (!meeting) return { kind: 'not-found' }
    const id = await repo.insertAction(trx, {
      ...input,
      meetingId,
      bodyId: meeting.bodyId,
      partnershipId: ctx.actor.partnershipId,
    })
    await audit(trx, ctx, {
      action: 'governance.action.created',
      resourceType: 'gov-action',
      resourceId: id,
      fields: { meetingId, ...input },
    })
    return { kind: 'saved', id }
  })
}

export function setActionStatus(
  db: Db,
  ctx: Ctx,
  actionId: string,
  status: string,
): Promise<{ kind: 'saved'; meetingId: string } | { kind: 'not-found' }> {
  return scoped(db, ctx.actor, async trx => {
    const action = await repo.findAction(trx, ctx.actor.partnershipId, actionId)
    if (!action) return { kind: 'not-found' }
    await repo.setActionStatus(trx, actionId, status)
    await audit(trx, ctx, {
      action: 'governance.action.updated',
      resourceType: 'gov-action',
      resourceId: actionId,
      fields: changedFields(action, { status }),
    })
    return { kind: 'saved', meetingId: action.meetingId }
  })
}

export function uploadPaper(
  db: Db,
  ctx: Ctx,
  meetingId: string,
  paper: { title: string; bytes: Buffer },
): Promise<SimpleOutcome> {
  return command(db, ctx.actor, async trx => {
    const meeting = await repo.findMeeting(trx, ctx.actor.partnershipId, meetingId)
    if (!meeting) return { kind: 'not-found' }
    const type = paperType(paper.bytes)
    if (!type) {
      return invalid('file', 'The selected file must be a PDF, Word, Excel or PowerPoint file')
    }
    const earlier = (await repo.listPapers(trx, meetingId)).filter(p => p.title === paper.title)
    const version = Math.max(0, ...earlier.map(p => p.version)) + 1
    const slug = paper.title.replace(/[^\w-]+/g, '-').slice(0, 80)
    const id = await repo.insertPaper(trx, {
      partnershipId: ctx.actor.partnershipId,
      meetingId,
      title: paper.title,
      version,
      filename: `${slug}-v${version}.${type.extension}`,
      contentType: type.contentType,
      sizeBytes: paper.bytes.length,
      content: paper.bytes,
      uploadedBy: ctx.actor.userId,
    })
    await audit(trx, ctx, {
      action: 'governance.paper.uploaded',
      resourceType: 'gov-paper',
      resourceId: id,
      fields: { meetingId, title: paper.title, version, sizeBytes: paper.bytes.length },
    })
    return { kind: 'saved', id }
  })
}

/**
 * A paper for a reader who may see it: the business unit, or a current member of the body linked to
 * the reader's account. Row-level security applies the same rule in the database. Reads are audited.
 */
export function readPaper(db: Db, ctx: Ctx, paperId: string) {
  return scoped(db, ctx.actor, async trx => {
    const paper = await repo.findPaper(trx, ctx.actor.partnershipId, paperId)
    if (!paper) return null
    if (scopeFor(ctx.actor.roles, 'governance', 'update') !== 'partnership') {
      const meeting = await repo.findMeeting(trx, ctx.actor.partnershipId, paper.meetingId)
      const today = londonToday()
      const members = meeting
        ? membersOn(await repo.listMemberships(trx, meeting.bodyId), today)
        : []
      if (!members.some(m => m.userId === ctx.actor.userId)) return null
    }
    await audit(trx, ctx, {
      action: 'governance.paper.read',
      resourceType: 'gov-paper',
      resourceId: paperId,
    })
    return paper
  })
}

/** The standing reports a meeting's agenda can include, computed as the meeting page is shown. */
export async function standingReports(trx: Trx, actor: Actor, bodyId: string) {
  const [risks, challenges, actions, plans] = await Promise.all([
    repo.listRisks(trx, actor.partnershipId),
    repo.listChallenges(trx, actor.partnershipId),
    repo.listActions(trx, bodyId),
    repo.listPlans(trx, actor.partnershipId),
  ])
  const planProgress = []
  for (const plan of plans) {
    const layout = await planLayoutIn(trx, actor, plan.id)
    if (layout) planProgress.push({ title: plan.title, ...layout.completion })
  }
  return {
    'risk-register': risks
      .filter(r => r.status === 'open')
      .sort((a, b) => b.likelihood * b.impact - a.likelihood * a.impact),
    'challenge-log': challenges.filter(c => c.status === 'open'),
    'action-log': actions.filter(a => a.status !== 'done'),
    'business-plan': planProgress,
  }
}

/**
 * Another module's standing report put on the agenda of a meeting still to come, once (the young
 * people's panel's report, from engagement). The item links to the report, not a copy of it.
 */
export function addStandingReportItem(
  db: Db,
  ctx: Ctx,
  meetingId: string,
  item: { title: string; presenter: string | null; report: StandingReport },
) {
  return command(db, ctx.actor, async trx => {
    const meeting = await repo.findMeeting(trx, ctx.actor.partnershipId, meetingId)
    if (!meeting) invalid('meetingId', 'Select the meeting from the list')
    if (meeting.status !== 'scheduled' || meeting.heldOn < londonToday())
      invalid('meetingId', 'Select a meeting that has not yet been held')
    const items = await repo.listAgendaItems(trx, meetingId)
    if (items.some(existing => existing.report === item.report))
      invalid('meetingId', 'The report is already on the agenda of this meeting')
    const { id } = await trx
      .insertInto('govAgendaItem')
      .values({
        ...item,
        meetingId,
        partnershipId: ctx.actor.partnershipId,
        position: (items.at(-1)?.position ?? 0) + 1,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    await audit(trx, ctx, {
      action: 'governance.agenda-item.created',
      resourceType: 'gov-meeting',
      resourceId: meetingId,
      fields: item,
    })
    return { kind: 'saved', id } as const
  })
}
