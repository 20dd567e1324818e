import { defineNotices, withNotice } from '../../../platform/http/notice.js'

/** What the front door's pages say after each change (a GOV.UK success banner). */
const notice = defineNotices({
  'referral-rated': 'RAG rating saved',
  'referral-decided': 'Decision recorded: the referrer is told the outcome',
  'referral-awaiting': 'Decision recorded: it waits for a manager to authorise it',
  'referral-authorised': 'Decision authorised: the referrer is told the outcome',
  'referral-returned': 'Decision sent back for another decision',
  'referral-linked': 'Child linked to their record',
  'referral-new-record': 'New child record created and linked',
  'checks-requested': 'Checks requested from partner agencies',
  'check-answered': 'Answer sent to the front door',
  'front-door-settings-saved': 'Timescales and authorisation saved',
  'referral-joined': 'Contact joined to this one: it is decided with this contact',
})

export type FrontDoorNotice = Parameters<typeof notice>[0]

/** The address of a front door page, with what just happened on it. */
export function afterChange(url: string, key: FrontDoorNotice): string {
  return withNotice(url, notice(key))
}
