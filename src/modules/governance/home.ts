import { inPartnership, type Db } from '../../db/database.js'
import { londonToday } from '../../platform/calendar.js'
import type { HomeItem, HomePanel } from '../../platform/home-panels.js'
import { formatDate } from '../../platform/http/web.js'
import type { Actor } from '../../platform/http/types.js'

const SHOWN = 6

/**
 * The home page's panel for board members and the business unit (issue 19): the meetings coming
 * up, with how many papers each has, and the open actions the person owns, overdue first.
 */
export async function governanceHomePanel(db: Db, actor: Actor): Promise<HomePanel> {
  const today = londonToday()
  const { meetings, actions } = await inPartnership(db, actor, async trx => ({
    meetings: await trx
      .selectFrom('govMeeting')
      .innerJoin('govBody', 'govBody.id', 'govMeeting.bodyId')
      .select(eb => [
        'govMeeting.id',
        'govMeeting.heldOn',
        'govMeeting.title',
        'govBody.name as bodyName',
        eb
          .selectFrom('govPaper')
          .select(eb.fn.countAll<string>().as('papers'))
          .whereRef('govPaper.meetingId', '=', 'govMeeting.id')
          .as('papers'),
      ])
      .where('govMeeting.partnershipId', '=', actor.partnershipId)
      .where('govMeeting.status', '=', 'scheduled')
      .where('govMeeting.heldOn', '>=', today)
      .orderBy('govMeeting.heldOn')
      .limit(SHOWN)
      .execute(),
    actions: await trx
      .selectFrom('govAction')
      .select(['id', 'text', 'dueOn', 'meetingId'])
      .where('partnershipId', '=', actor.partnershipId)
      .where('ownerName', '=', actor.displayName)
      .where('status', '<>', 'done')
      .orderBy('dueOn')
      .limit(SHOWN)
      .execute(),
  }))
  const items: HomeItem[] = [
    ...actions.map(action => ({
      text: `Your action: ${action.text}`,
      href: `/governance/meetings/${action.meetingId}`,
      hint: `Due ${formatDate(action.dueOn)}`,
      tag:
        action.dueOn < today
          ? { text: 'Overdue', colour: 'red' as const }
          : { text: 'Action', colour: 'blue' as const },
    })),
    ...meetings.map(meeting => ({
      text: `${meeting.title} (${meeting.bodyName})`,
      href: `/governance/meetings/${meeting.id}`,
      hint: `${formatDate(meeting.heldOn)}; ${String(Number(meeting.papers ?? 0))} paper${Number(meeting.papers) === 1 ? '' : 's'}`,
      tag: { text: 'Meeting', colour: 'grey' as const },
    })),
  ]
  return {
    heading: 'Meetings coming up and your actions',
    items,
    empty: 'No meetings are scheduled and you own no open actions.',
    more: { href: '/governance', text: 'Governance: boards, meetings and the business plan' },
  }
}
