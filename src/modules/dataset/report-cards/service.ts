/**
 * OBA report cards: for a sub-group or a theme, chosen indicators under How much / How well / Is
 * anyone better off, each charted with its data table, and the story behind the curve, what works,
 * next steps and critical messages to the board. Every change is a new version, optionally for a
 * meeting of the body, so the card a meeting saw stays as it was.
 */
import { type Db, type Trx } from '../../../db/database.js'
import { audit as auditAs, scoped, type Ctx } from '../../../platform/acting.js'
import type { Actor } from '../../../platform/http/types.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import { bodiesForReports, meetingForReports, meetingsOfBody } from '../../governance/queries.js'
import { listActiveIndicators } from '../returns/service.js'
import {
  catalogueSeries,
  datasetChoices,
  datasetSeries,
  dfeChoices,
  dfeSeries,
  quartersShown,
  type Series,
} from './figures.js'
import * as repo from './repo.js'
import type { CardInput, Section, VersionInput } from './schema.js'

export type { Ctx }

function audit(
  trx: Trx,
  ctx: Ctx,
  event: { action: string; resourceId?: string; detail?: Record<string, unknown> },
) {
  return auditAs(trx, ctx, { resourceType: 'report-card', ...event })
}

export function listCards(db: Db, actor: Actor) {
  return scoped(db, actor, async trx => {
    const bodies = new Map(
      (await bodiesForReports(trx, actor.partnershipId)).map(b => [b.id, b.name]),
    )
    const cards = await repo.listCards(trx, actor.partnershipId)
    return cards.map(card => ({
      ...card,
      bodyName: card.bodyId ? (bodies.get(card.bodyId) ?? '') : '',
    }))
  })
}

export function listBodies(db: Db, actor: Actor) {
  return scoped(db, actor, trx => bodiesForReports(trx, actor.partnershipId))
}

export function createCard(db: Db, ctx: Ctx, input: CardInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const { partnershipId } = ctx.actor
      if (
        input.bodyId &&
        !(await bodiesForReports(trx, partnershipId)).some(b => b.id === input.bodyId)
      )
        refuse('bodyId', 'Select the body from the list')
      if (await repo.findCardByTitle(trx, partnershipId, input.title))
        refuse('title', 'Another report card already has this title')
      const id = await repo.insertCard(trx, {
        partnershipId,
        title: input.title,
        bodyId: input.bodyId,
        theme: input.theme || null,
      })
      await audit(trx, ctx, {
        action: 'report-card.created',
        resourceId: id,
        detail: { title: input.title },
      })
      return { kind: 'created' as const, id }
    }),
  )
}

/** What a card's edit form offers: the body's meetings and every indicator it could show. */
export async function versionChoices(db: Db, actor: Actor, cardId: string) {
  const base = await scoped(db, actor, async trx => {
    const card = await repo.findCard(trx, actor.partnershipId, cardId)
    if (!card) return null
    const meetings = card.bodyId ? await meetingsOfBody(trx, card.bodyId) : []
    const catalogue = await listActiveIndicators(trx, actor.partnershipId)
    return { card, meetings, catalogue }
  })
  if (!base) return null
  const dataset = await datasetChoices(db, actor)
  const indicators = [
    ...base.catalogue.map(i => ({ key: `return:${i.key}`, label: `${i.name} (${i.agencyName})` })),
    ...dfeChoices().map(d => ({ key: `dfe:${d.id}`, label: `${d.label} (DfE figure)` })),
    ...dataset.map(d => ({ key: `dataset:${d.id}`, label: `${d.label} (Keepsafe dataset)` })),
  ]
  return { card: base.card, meetings: base.meetings, indicators }
}

export async function addVersion(db: Db, ctx: Ctx, cardId: string, input: VersionInput) {
  const datasetKeys = new Set([
    ...(await datasetChoices(db, ctx.actor)).map(d => `dataset:${d.id}`),
    ...dfeChoices().map(d => `dfe:${d.id}`),
  ])
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const { partnershipId } = ctx.actor
      const card = await repo.findCard(trx, partnershipId, cardId)
      if (!card) return { kind: 'not-found' as const }
      if (input.meetingId) {
        const meeting = await meetingForReports(trx, partnershipId, input.meetingId)
        if (!meeting || meeting.bodyId !== card.bodyId)
          refuse('meetingId', 'Select the meeting from the list')
      }
      const catalogue = new Set(
        (await listActiveIndicators(trx, partnershipId)).map(i => `return:${i.key}`),
      )
      for (const { key } of input.indicators)
        if (!catalogue.has(key) && !datasetKeys.has(key))
          refuse('indicators', 'Choose indicators from the list')
      const versions = await repo.listVersions(trx, cardId)
      const version = (versions[0]?.version ?? 0) + 1
      const versionId = await repo.insertVersion(trx, {
        partnershipId,
        cardId,
        version,
        meetingId: input.meetingId,
        story: input.story,
        whatWorks: input.whatWorks,
        nextSteps: input.nextSteps,
        criticalMessages: input.criticalMessages,
        createdBy: ctx.actor.userId,
      })
      await repo.insertIndicators(trx, partnershipId, versionId, input.indicators)
      await audit(trx, ctx, {
        action: 'report-card.version-added',
        resourceId: cardId,
        detail: { version, meetingId: input.meetingId, indicators: input.indicators.length },
      })
      return { kind: 'added' as const, version }
    }),
  )
}

export interface CardIndicator {
  key: string
  section: Section
  series: Series | null
}

/** A card at one version (the latest when none is asked for), with each indicator's series. */
export async function readCard(db: Db, actor: Actor, cardId: string, version?: number) {
  const quarters = quartersShown()
  const base = await scoped(db, actor, async trx => {
    const { partnershipId } = actor
    const card = await repo.findCard(trx, partnershipId, cardId)
    if (!card) return null
    const versions = await repo.listVersions(trx, cardId)
    const chosen = version === undefined ? versions[0] : versions.find(v => v.version === version)
    if (version !== undefined && !chosen) return null
    const chosenIndicators = chosen ? await repo.listIndicators(trx, chosen.id) : []
    const returnKeys = chosenIndicators
      .filter(i => i.indicatorKey.startsWith('return:'))
      .map(i => i.indicatorKey.slice('return:'.length))
    const series = await catalogueSeries(trx, partnershipId, returnKeys, quarters)
    const body = card.bodyId
      ? (await bodiesForReports(trx, partnershipId)).find(b => b.id === card.bodyId)
      : undefined
    const meetings = card.bodyId ? await meetingsOfBody(trx, card.bodyId) : []
    return { card, body, versions, chosen, chosenIndicators, series, meetings }
  })
  if (!base) return null
  const datasetIds = base.chosenIndicators
    .filter(i => i.indicatorKey.startsWith('dataset:'))
    .map(i => i.indicatorKey.slice('dataset:'.length))
  const dfeIds = base.chosenIndicators
    .filter(i => i.indicatorKey.startsWith('dfe:'))
    .map(i => i.indicatorKey.slice('dfe:'.length))
  const series = [
    ...base.series,
    ...(await datasetSeries(db, actor, datasetIds, quarters)),
    ...(await dfeSeries(db, actor, dfeIds, quarters)),
  ]
  const indicators: CardIndicator[] = base.chosenIndicators.map(i => ({
    key: i.indicatorKey,
    section: i.section as Section,
    series: series.find(s => s.key === i.indicatorKey) ?? null,
  }))
  const meetingOf = new Map(base.meetings.map(m => [m.id, m]))
  return {
    card: base.card,
    body: base.body,
    versions: base.versions.map(v => ({
      ...v,
      meeting: v.meetingId ? meetingOf.get(v.meetingId) : undefined,
    })),
    chosen: base.chosen,
    meeting: base.chosen?.meetingId ? meetingOf.get(base.chosen.meetingId) : undefined,
    indicators,
    quarters,
  }
}

/** The report cards a meeting had on its agenda (the versions written for it). */
export function cardsForMeeting(db: Db, actor: Actor, meetingId: string) {
  return scoped(db, actor, async trx => {
    const meeting = await meetingForReports(trx, actor.partnershipId, meetingId)
    if (!meeting) return null
    const cards = await repo.listVersionsForMeeting(trx, actor.partnershipId, meetingId)
    return { meeting, cards }
  })
}

export function auditExport(
  db: Db,
  ctx: Ctx,
  cardId: string | null,
  detail: Record<string, unknown>,
) {
  return scoped(db, ctx.actor, trx =>
    audit(trx, ctx, {
      action: 'report-card.exported',
      ...(cardId ? { resourceId: cardId } : {}),
      detail,
    }),
  )
}
