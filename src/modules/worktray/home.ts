import type { Db } from '../../db/database.js'
import { partnershipCalendar } from '../../platform/admin.js'
import type { HomeItem, HomePanel } from '../../platform/home-panels.js'
import { formatDate } from '../../platform/http/web.js'
import type { Actor } from '../../platform/http/types.js'
import { TRAY_KIND_NAMES, TRAY_STATUS_NAMES, TrayQuery, type TrayStatus } from './schema.js'
import { readTray, type TrayItem } from './service.js'

const SHOWN = 8
const TAG_COLOURS: Record<TrayStatus, NonNullable<HomeItem['tag']>['colour']> = {
  overdue: 'red',
  'due-today': 'orange',
  'due-soon': 'blue',
  later: 'grey',
}

function homeItem(item: TrayItem): HomeItem {
  return {
    text: `${TRAY_KIND_NAMES[item.kind]}: ${item.subject}`,
    href: item.href,
    hint: `${item.reference}, due ${formatDate(item.dueOn)}`,
    tag: { text: TRAY_STATUS_NAMES[item.status], colour: TAG_COLOURS[item.status] },
  }
}

/** The home page's panel: the person's own tray items that are overdue or due soon. */
export async function trayHomePanel(db: Db, actor: Actor, requestId: string): Promise<HomePanel> {
  const tray = await readTray(db, {
    actor,
    scope: { kind: 'own' },
    query: TrayQuery.parse({}),
    calendar: await partnershipCalendar(db, actor),
    requestId,
    action: 'viewed',
  })
  const pressing = tray.kind === 'tray' ? tray.items.filter(item => item.status !== 'later') : []
  const counts = tray.kind === 'tray' ? tray.counts : null
  return {
    heading: 'Due and overdue in your work tray',
    items: pressing.slice(0, SHOWN).map(homeItem),
    empty: 'Nothing in your work tray is overdue or due in the next few days.',
    more: {
      href: '/work-tray',
      text: counts
        ? `Your work tray: ${String(counts.overdue)} overdue, ${String(counts['due-today'])} due today, ${String(counts['due-soon'])} due soon`
        : 'Your work tray',
    },
  }
}
