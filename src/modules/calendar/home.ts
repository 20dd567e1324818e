import { inPartnership, type Db } from '../../db/database.js'
import { londonToday } from '../../platform/calendar.js'
import { financialYearOf, financialYearPeriod } from '../../platform/financial-year.js'
import type { HomeItem, HomePanel } from '../../platform/home-panels.js'
import type { Actor } from '../../platform/http/types.js'
import { formatDate } from '../../platform/http/web.js'
import { scopeFor } from '../../platform/permissions.js'
import { addCalendarDays } from '../../platform/working-days.js'
import { assuranceDueForAgencies } from '../assurance/queries.js'
import { agencyReturnsDue } from '../dataset/queries.js'
import { ENTRY_KINDS, calendarEntries } from './service.js'

const SHOWN = 8
/** The business unit's panel looks this far ahead; the calendar page has the whole year. */
const LOOK_AHEAD_DAYS = 62

function dueTag(dueOn: string, today: string): HomeItem['tag'] {
  return dueOn < today ? { text: 'Overdue', colour: 'red' } : { text: 'Due', colour: 'blue' }
}

/**
 * An agency lead's returns and reviews: their agency's quarterly returns not yet signed off
 * (dataset), and the self-assessment returns and case file audit forms asked of it (assurance).
 * Only for people whose returns are their agency's: the business unit has the calendar.
 */
export async function agencyLeadHomePanel(db: Db, actor: Actor): Promise<HomePanel | null> {
  if (scopeFor(actor.roles, 'agency-return', 'update') !== 'agency') return null
  const today = londonToday()
  const { returns, assurance } = await inPartnership(db, actor, async trx => ({
    returns: await agencyReturnsDue(trx, actor.partnershipId, {
      agencyIds: actor.agencyIds,
      openOnly: true,
    }),
    assurance: await assuranceDueForAgencies(trx, actor.partnershipId, actor.agencyIds),
  }))
  const items: HomeItem[] = [
    ...returns.map(row => ({
      text: `Quarterly return: ${row.agencyName}, ${formatDate(row.periodStart)} to ${formatDate(row.periodEnd)}`,
      href: `/dataset/returns/${row.id}`,
      hint: `Due ${formatDate(row.dueOn)}`,
      tag: dueTag(row.dueOn, today),
    })),
    ...assurance.map(due => ({
      text: due.title,
      href: due.href,
      hint: due.dueOn ? `Due ${formatDate(due.dueOn)}` : due.status,
      tag: due.dueOn ? dueTag(due.dueOn, today) : { text: 'To do', colour: 'orange' as const },
    })),
  ]
  return {
    heading: 'Your agency’s returns and reviews due',
    items: items.slice(0, SHOWN * 2),
    empty: 'Your agency has no returns, self-assessments or case file audit forms waiting.',
    more: { href: '/dataset/returns', text: 'All your agency’s returns' },
  }
}

/** The business unit's next two months from its calendar, with the whole year a click away. */
export async function businessUnitHomePanel(db: Db, actor: Actor): Promise<HomePanel> {
  const today = londonToday()
  const horizon = addCalendarDays(today, LOOK_AHEAD_DAYS)
  const yearEnd = financialYearPeriod(financialYearOf(horizon)).to
  const entries = await inPartnership(db, actor, trx =>
    calendarEntries(trx, actor.partnershipId, { from: today, to: yearEnd }),
  )
  const items = entries
    .filter(entry => entry.on <= horizon)
    .slice(0, SHOWN)
    .map(entry => ({
      text: entry.title,
      href: entry.href,
      hint: `${formatDate(entry.on)}; ${entry.detail}`,
      tag: { text: ENTRY_KINDS[entry.kind], colour: 'grey' as const },
    }))
  return {
    heading: 'Coming up in the business unit’s calendar',
    items,
    empty: 'Nothing is in the calendar for the next two months.',
    more: {
      href: '/calendar',
      text: 'The year’s calendar: meetings, returns, audits and report sections due',
    },
  }
}
