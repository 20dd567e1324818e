import type { Db, Trx } from '../../../db/database.js'
import { refusable, refuse, type Refusal } from '../../../platform/refusal.js'
import { addCalendarDays } from '../../../platform/working-days.js'
import { panelBodies, panelMeeting, panelMeetings } from '../../governance/service.js'
import { type Ctx, audit, registerSettings, scoped } from '../shared.js'
import type { PanelType, RegisterKind } from '../table.js'
import { type PanelAccess, panelAccess, visibleBodies } from './access.js'
import * as repo from './repo.js'
import type { PanelInput, ReviewInput } from './schema.js'

export type Saved = { kind: 'saved'; id: string } | { kind: 'not-found' } | Refusal

/** A cohort child is due for review when no panel has reviewed them in this many days. */
export const REVIEW_INTERVAL_DAYS = 28

export const REGISTER_OF: Record<PanelType, RegisterKind> = {
  mace: 'exploitation',
  mase: 'exploitation',
  fgm: 'fgm',
  missing: 'missing',
}

/** A governance body of the panel kind, taken on as a register panel of a type. */
export function addPanel(db: Db, ctx: Ctx, input: PanelInput): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const bodies = await panelBodies(trx, ctx.actor.partnershipId)
      if (!bodies.some(body => body.id === input.bodyId))
        refuse('bodyId', 'Select a governance body of the panel type')
      if (await repo.findPanelByBody(trx, input.bodyId))
        refuse('bodyId', 'This body is already a register panel')
      const { id } = await repo.insertPanel(trx, {
        partnershipId: ctx.actor.partnershipId,
        bodyId: input.bodyId,
        panelType: input.panelType,
        createdBy: ctx.actor.userId,
      })
      await audit(trx, ctx, {
        action: 'register.panel.added',
        resourceType: 'register-panel',
        resourceId: id,
        fields: { ...input },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

/** The register panels the person may see, with their governance bodies' names. */
export async function visiblePanels(trx: Trx, ctx: Ctx) {
  const bodies = await panelBodies(trx, ctx.actor.partnershipId)
  const panels = await repo.listPanels(trx)
  const visible = new Set(
    await visibleBodies(
      trx,
      ctx.actor,
      panels.map(p => p.bodyId),
    ),
  )
  return panels
    .filter(panel => visible.has(panel.bodyId))
    .map(panel => ({ ...panel, name: bodies.find(b => b.id === panel.bodyId)?.name ?? '' }))
    .sort((a, b) => a.name.localeCompare(b.name))
}

export async function unlinkedPanelBodies(trx: Trx, partnershipId: string) {
  const linked = new Set((await repo.listPanels(trx)).map(p => p.bodyId))
  return (await panelBodies(trx, partnershipId)).filter(body => !linked.has(body.id))
}

/** A panel with its meetings, when the person may see it. */
export async function panelWithMeetings(trx: Trx, ctx: Ctx, panelId: string) {
  const panel = await repo.findPanel(trx, panelId)
  if (!panel) return null
  const access = await panelAccess(trx, ctx.actor, panel.bodyId)
  if (access === 'none') return null
  const meetings = await panelMeetings(trx, panel.bodyId)
  return {
    panel,
    meetings,
    access,
    name: meetings[0]?.bodyName ?? (await bodyName(trx, ctx, panel.bodyId)),
  }
}

async function bodyName(trx: Trx, ctx: Ctx, bodyId: string) {
  return (await panelBodies(trx, ctx.actor.partnershipId)).find(b => b.id === bodyId)?.name ?? ''
}

interface LoadedMeeting {
  meeting: NonNullable<Awaited<ReturnType<typeof panelMeeting>>>
  panel: NonNullable<Awaited<ReturnType<typeof repo.findPanel>>>
  access: Exclude<PanelAccess, 'none'>
}

async function loadMeeting(trx: Trx, ctx: Ctx, meetingId: string): Promise<LoadedMeeting | null> {
  const meeting = await panelMeeting(trx, ctx.actor.partnershipId, meetingId)
  if (!meeting) return null
  const panel = await repo.findPanelByBody(trx, meeting.bodyId)
  if (!panel) return null
  const access = await panelAccess(trx, ctx.actor, meeting.bodyId)
  if (access === 'none') return null
  return { meeting, panel, access }
}

/** Entries of the panel's register that are due for review at a meeting and not yet on it. */
async function dueForReview(trx: Trx, panelType: PanelType, heldOn: string, onAgenda: Set<string>) {
  const register = REGISTER_OF[panelType]
  const settings = await registerSettings(trx)
  const candidates =
    register === 'exploitation'
      ? await repo.openExploitationEntries(trx, panelType === 'mase' ? ['cse'] : null)
      : register === 'fgm'
        ? await repo.fgmEntriesAwaitingDecision(trx)
        : await repo.recentMissingEntries(
            trx,
            new Date(`${addCalendarDays(heldOn, -settings.repeatMissingDays)}T00:00:00Z`),
          )
  const last = await repo.lastReviewedAt(
    trx,
    candidates.map(c => c.entryId),
  )
  const cutoff = new Date(`${addCalendarDays(heldOn, -REVIEW_INTERVAL_DAYS)}T00:00:00Z`)
  return candidates
    .filter(c => !onAgenda.has(c.childId))
    .filter(c => {
      const at = last.get(c.entryId)
      return !at || at < cutoff
    })
    .map(c => ({ ...c, register, lastReviewedAt: last.get(c.entryId) ?? null }))
}

/** A meeting's agenda of children (audited: who saw which children), and who is due. */
export async function meetingAgenda(db: Db, ctx: Ctx, meetingId: string) {
  return scoped(db, ctx.actor, async trx => {
    const loaded = await loadMeeting(trx, ctx, meetingId)
    if (!loaded) return null
    const agenda = await repo.listAgenda(trx, meetingId)
    const due =
      loaded.access === 'full'
        ? await dueForReview(
            trx,
            loaded.panel.panelType,
            loaded.meeting.heldOn,
            new Set(agenda.map(a => a.childId)),
          )
        : []
    await audit(trx, ctx, {
      action: 'register.panel.agenda-viewed',
      resourceType: 'gov-meeting',
      resourceId: meetingId,
      detail: { access: loaded.access, childIds: agenda.map(a => a.childId) },
    })
    return { ...loaded, agenda, due, settings: await registerSettings(trx) }
  })
}

export function addToAgenda(db: Db, ctx: Ctx, meetingId: string, entryId: string): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const loaded = await loadMeeting(trx, ctx, meetingId)
      if (!loaded || loaded.access !== 'full') return { kind: 'not-found' as const }
      const agenda = await repo.listAgenda(trx, meetingId)
      const due = await dueForReview(
        trx,
        loaded.panel.panelType,
        loaded.meeting.heldOn,
        new Set(agenda.map(a => a.childId)),
      )
      const entry = due.find(d => d.entryId === entryId)
      if (!entry) refuse('entryId', 'This child is not due for review by this panel')
      const { id } = await repo.insertAgendaChild(trx, {
        partnershipId: ctx.actor.partnershipId,
        panelId: loaded.panel.id,
        meetingId,
        childId: entry.childId,
        register: entry.register,
        entryId,
        addedBy: ctx.actor.userId,
      })
      await audit(trx, ctx, {
        action: 'register.panel.listed',
        resourceType: 'panel-agenda-child',
        resourceId: id,
        childId: entry.childId,
        fields: { meetingId, register: entry.register, entryId },
      })
      return { kind: 'saved' as const, id }
    }),
  )
}

/** What the panel said about a child, and the action it set, on the child's register entry. */
export function recordPanelReview(
  db: Db,
  ctx: Ctx,
  agendaChildId: string,
  input: ReviewInput,
): Promise<Saved> {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const item = await repo.findAgendaChild(trx, agendaChildId)
      if (!item) return { kind: 'not-found' as const }
      const loaded = await loadMeeting(trx, ctx, item.meetingId)
      if (!loaded || loaded.access !== 'full') return { kind: 'not-found' as const }
      if (item.reviewedAt)
        refuse('notes', 'This child’s review at this meeting is already recorded')
      if (input.riskLevelAfter) {
        if (item.register !== 'exploitation')
          refuse('riskLevelAfter', 'Only the exploitation cohort has risk levels')
        const { riskLevels } = await registerSettings(trx)
        if (!riskLevels.includes(input.riskLevelAfter))
          refuse('riskLevelAfter', 'Select the risk level')
        await repo.updateExploitationRisk(trx, item.entryId, input.riskLevelAfter)
      }
      await repo.recordReview(trx, agendaChildId, {
        reviewNotes: input.notes,
        riskLevelAfter: input.riskLevelAfter,
        reviewedBy: ctx.actor.userId,
        reviewedAt: new Date(),
      })
      if (input.actionText && input.actionOwner && input.actionDueOn) {
        if (input.actionDueOn < loaded.meeting.heldOn)
          refuse('actionDueOn', 'The action must be due on or after the date of the meeting')
        await repo.insertAction(trx, {
          partnershipId: ctx.actor.partnershipId,
          agendaChildId,
          childId: item.childId,
          register: item.register,
          entryId: item.entryId,
          text: input.actionText,
          ownerName: input.actionOwner,
          dueOn: input.actionDueOn,
          createdBy: ctx.actor.userId,
        })
      }
      await audit(trx, ctx, {
        action: 'register.panel.reviewed',
        resourceType: 'panel-agenda-child',
        resourceId: agendaChildId,
        childId: item.childId,
        fields: {
          notes: 'set',
          riskLevelAfter: input.riskLevelAfter,
          action: input.actionText ? 'set' : null,
        },
      })
      return { kind: 'saved' as const, id: item.meetingId }
    }),
  )
}

/** One child on a meeting's agenda, as a panel member sees them: audited, agenda only. */
export async function agendaChild(db: Db, ctx: Ctx, meetingId: string, childId: string) {
  return scoped(db, ctx.actor, async trx => {
    const loaded = await loadMeeting(trx, ctx, meetingId)
    if (!loaded) return null
    const item = await repo.findAgendaChildOnMeeting(trx, meetingId, childId)
    if (!item) return null
    const [child] = (await repo.listAgenda(trx, meetingId)).filter(a => a.childId === childId)
    const reviews = await repo.listReviewsOfEntry(trx, item.entryId)
    const actions = await repo.listActionsOfEntry(trx, item.entryId)
    await audit(trx, ctx, {
      action: 'register.panel.child-viewed',
      resourceType: 'panel-agenda-child',
      resourceId: item.id,
      childId,
      detail: { meetingId, access: loaded.access },
    })
    return { ...loaded, item, child, reviews, actions }
  })
}

/** A panel action marked done, with who and when; the entry's page shows it. */
export function markPanelActionDone(
  db: Db,
  ctx: Ctx,
  actionId: string,
): Promise<{ kind: 'saved'; register: RegisterKind; entryId: string } | { kind: 'not-found' }> {
  return scoped(db, ctx.actor, async trx => {
    const action = await repo.findAction(trx, actionId)
    if (!action) return { kind: 'not-found' as const }
    // Marking it twice (a double click) keeps the first person and time.
    if (action.status === 'done')
      return { kind: 'saved' as const, register: action.register, entryId: action.entryId }
    await repo.markActionDone(trx, actionId, ctx.actor.userId, new Date())
    await audit(trx, ctx, {
      action: 'register.panel.action-done',
      resourceType: 'register-action',
      resourceId: actionId,
      childId: action.childId,
      fields: { status: 'done' },
    })
    return { kind: 'saved' as const, register: action.register, entryId: action.entryId }
  })
}

/** The reviews and actions on a register entry, for the entry's own page. */
export async function entryPanelHistory(trx: Trx, entryId: string) {
  return {
    reviews: await repo.listReviewsOfEntry(trx, entryId),
    actions: await repo.listActionsOfEntry(trx, entryId),
  }
}
