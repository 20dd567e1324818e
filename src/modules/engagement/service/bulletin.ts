import type { Db, Trx } from '../../../db/database.js'
import { londonToday } from '../../../platform/calendar.js'
import { formatDate, formatTime } from '../../../platform/http/web.js'
import { refusable, refuse } from '../../../platform/refusal.js'
import { addCalendarDays, addCalendarMonths } from '../../../platform/working-days.js'
import { computeFigures } from '../../dataset/service.js'
import { recentMeetingRecords } from '../../governance/queries.js'
import { upcomingEvents } from '../../training/queries.js'
import * as repo from '../repo/bulletin.js'
import type { IssueInput } from '../schema/bulletin.js'
import { type Ctx, audit, scoped } from '../shared.js'
import type { BulletinSection } from '../table.js'
import { escapeMarkdown, renderMarkdown } from './markdown.js'

/**
 * The bulletin: an issue is composed from what Keepsafe holds (meeting decisions and papers,
 * the dataset's key points, coming training) and free sections in markdown. What was picked is
 * copied into the issue when it is saved, so a published issue does not change afterwards.
 */

export interface ComposeItem {
  id: string
  text: string
}

const LOOK_BACK_MONTHS = 6
const LOOK_AHEAD_DAYS = 90

async function keyPoints(trx: Trx, partnershipId: string, today: string): Promise<ComposeItem[]> {
  const period = { from: addCalendarMonths(today, -3), to: today, label: 'the last three months' }
  const figures = await computeFigures(trx, partnershipId, period)
  return figures.sections.flatMap(section =>
    section.figures
      .filter(figure => figure.count > 0)
      .slice(0, 2)
      .map(figure => ({
        id: figure.id,
        text: `${figure.label}: ${figure.count.toLocaleString('en-GB')}${
          figure.of
            ? ` of ${figure.of.toLocaleString('en-GB')} (${Math.round((100 * figure.count) / figure.of)}%)`
            : ''
        } (${formatDate(period.from)} to ${formatDate(period.to)})`,
      })),
  )
}

/** What can go into an issue today, each with an id the compose form ticks. */
async function composeOptionsIn(trx: Trx, partnershipId: string) {
  const today = londonToday()
  const records = await recentMeetingRecords(
    trx,
    partnershipId,
    addCalendarMonths(today, -LOOK_BACK_MONTHS),
    today,
  )
  const events = await upcomingEvents(trx, today, addCalendarDays(today, LOOK_AHEAD_DAYS))
  return {
    decisions: records.decisions.map(d => ({
      id: d.id,
      text: `${d.bodyName}, ${formatDate(d.heldOn)}: ${d.text}`,
    })),
    papers: records.papers.map(p => ({
      id: p.id,
      text: `${p.title} (${p.bodyName}, ${formatDate(p.heldOn)})`,
    })),
    keyPoints: await keyPoints(trx, partnershipId, today),
    events: events.map(e => ({
      id: e.id,
      text: `${e.title}: ${formatDate(e.startsOn)} at ${formatTime(e.startTime)}, ${e.online ? 'online' : e.venue} (${e.placesLeft} places left)`,
    })),
  }
}

export function composeOptions(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, trx => composeOptionsIn(trx, ctx.actor.partnershipId))
}

const HEADINGS = {
  decisions: 'Decisions of the board and its groups',
  papers: 'Papers published',
  keyPoints: 'Key points from the dataset',
  events: 'Coming training',
} as const

function sectionOf(
  heading: string,
  items: ComposeItem[],
  ids: string[],
  field: string,
): BulletinSection | null {
  if (ids.length === 0) return null
  const chosen = ids.map(id => items.find(item => item.id === id))
  if (chosen.some(item => !item)) refuse(field, 'Choose from the items listed')
  return {
    heading,
    markdown: chosen.map(item => `- ${escapeMarkdown(item?.text ?? '')}`).join('\n'),
  }
}

export function createIssue(db: Db, ctx: Ctx, input: IssueInput) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const options = await composeOptionsIn(trx, ctx.actor.partnershipId)
      const sections = [
        ...(Object.keys(HEADINGS) as (keyof typeof HEADINGS)[]).map(key =>
          sectionOf(HEADINGS[key], options[key], input[key], key),
        ),
        ...input.free,
      ].filter((section): section is BulletinSection => section !== null)
      const number = await repo.nextIssueNumber(trx)
      const { id } = await trx
        .insertInto('engBulletinIssue')
        .values({
          partnershipId: ctx.actor.partnershipId,
          number,
          title: input.title,
          content: JSON.stringify(sections),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await audit(trx, ctx, {
        action: 'engagement.bulletin.created',
        resourceType: 'eng-bulletin-issue',
        resourceId: id,
        fields: { number, title: input.title, sections: sections.map(s => s.heading) },
      })
      return { kind: 'saved', id } as const
    }),
  )
}

/** An issue as its page shows it: each section's markdown turned into safe HTML. */
export function issueView(issue: { content: BulletinSection[] }) {
  return issue.content.map(section => ({
    heading: section.heading,
    html: renderMarkdown(section.markdown),
  }))
}

export function listIssues(db: Db, ctx: Ctx) {
  return scoped(db, ctx.actor, async trx => ({
    issues: await repo.listIssues(trx),
    subscribers: await repo.subscriberCounts(trx),
  }))
}

export function issueForPreview(db: Db, ctx: Ctx, id: string) {
  return scoped(db, ctx.actor, async trx => {
    const issue = await repo.findIssue(trx, id)
    if (!issue) return null
    return { issue, sections: issueView(issue), deliveries: await repo.deliveryCounts(trx, id) }
  })
}

export function publishIssue(db: Db, ctx: Ctx, id: string) {
  return refusable(() =>
    scoped(db, ctx.actor, async trx => {
      const issue = await repo.findIssue(trx, id)
      if (!issue) return { kind: 'not-found' } as const
      if (issue.status === 'published') refuse('form', 'This issue is already published')
      await trx
        .updateTable('engBulletinIssue')
        .set({ status: 'published', publishedOn: londonToday() })
        .where('id', '=', id)
        .execute()
      await audit(trx, ctx, {
        action: 'engagement.bulletin.published',
        resourceType: 'eng-bulletin-issue',
        resourceId: id,
        fields: { status: { from: 'draft', to: 'published' } },
      })
      return { kind: 'published', issue } as const
    }),
  )
}
