import { defineNotices, withNotice } from '../../../platform/http/notice.js'

/** What a governance change says on the page it lands on (see `platform/http/notice.ts`). */
const notice = defineNotices({
  'body-added': 'Body added',
  'body-updated': 'Body updated',
  'member-added': 'Member added',
  'standing-item-added': 'Standing item added',
  'membership-ended': 'Membership ended',
  'meeting-added': 'Meeting added',
  'attendance-saved': 'Attendance saved',
  'agenda-item-added': 'Agenda item added',
  'decision-recorded': 'Decision recorded',
  'meeting-action-added': 'Action added',
  'paper-uploaded': 'Paper uploaded',
  'minutes-saved': 'Minutes saved',
  'meeting-status-saved': 'Meeting status saved',
  'meeting-action-updated': 'Action updated',
  'plan-version-saved': 'Version recorded',
  'plan-step-updated': 'Step updated',
  'plan-action-added': 'Action added',
  'plan-step-added': 'Step added',
  'plan-evidence-added': 'Evidence added',
  'plan-action-updated': 'Action updated',
  'budget-line-added': 'Line added',
  'budget-line-removed': 'Line removed',
  'risk-matrix-saved': 'Risk matrix saved: every risk on the register is rated by it',
})

export type GovernanceNotice = Parameters<typeof notice>[0]

/** The address of a governance page, with what just happened on it. */
export function afterChange(url: string, key: GovernanceNotice): string {
  return withNotice(url, notice(key))
}
