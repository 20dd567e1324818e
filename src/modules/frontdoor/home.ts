import type { Db } from '../../db/database.js'
import type { HomeItem, HomePanel } from '../../platform/home-panels.js'
import { formatDateTime } from '../../platform/http/web.js'
import type { Actor } from '../../platform/http/types.js'
import { listOwnDraftsAndReferrals } from './service.js'
import { DECISION_NAMES } from './schema.js'
import { STATUS_NAMES } from './routes/shared.js'
import type { DraftAnswers } from './table.js'

const SHOWN = 5

function draftItem(draft: { answers: DraftAnswers; expiresAt: Date }): HomeItem {
  const names = (draft.answers.children ?? []).map(child => child.givenName)
  return {
    text: `Draft: ${names.length ? names.join(', ') : 'no children added yet'}`,
    href: '/referrals',
    hint: `Kept until ${formatDateTime(draft.expiresAt)}`,
    tag: { text: 'Draft', colour: 'grey' },
  }
}

/** The home page's panel for someone who refers: "Make a referral", their drafts and referrals. */
export async function referrerHomePanel(db: Db, actor: Actor): Promise<HomePanel> {
  const { drafts, referrals } = await listOwnDraftsAndReferrals(db, actor, SHOWN)
  return {
    heading: 'Your referrals',
    start: { href: '/referrals', text: 'Make a referral' },
    items: [
      ...drafts.slice(0, SHOWN).map(draftItem),
      ...referrals.map(referral => ({
        text: `Referral ${referral.reference}`,
        href: `/referrals/${referral.id}`,
        hint: `Sent ${formatDateTime(referral.receivedAt)}${referral.decision ? `: ${DECISION_NAMES[referral.decision]}` : ''}`,
        tag: {
          text: STATUS_NAMES[referral.status],
          colour: referral.status === 'decided' ? ('green' as const) : ('blue' as const),
        },
      })),
    ],
    empty: 'You have no drafts and have not sent a referral.',
    more: { href: '/referrals', text: 'All your referrals and drafts' },
  }
}
