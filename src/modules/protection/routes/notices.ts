import { defineNotices, withNotice } from '../../../platform/http/notice.js'

/** What protection's pages say after each change (a GOV.UK success banner). */
const notice = defineNotices({
  'strategy-recorded': 'Strategy discussion recorded',
  'section47-completed': 'Section 47 enquiry outcome recorded',
  'conference-scheduled': 'Conference scheduled',
  'conference-cancelled': 'Conference cancelled',
  'invitations-added': 'Invitations added',
  'invitations-sent': 'Invitations marked as sent',
  'report-received': 'Report recorded as received',
  'conference-attendance-saved': 'Attendance saved',
  'conference-recorded': 'Conference outcome recorded',
  'core-group-recorded': 'Core group meeting recorded',
  'plan-ended': 'Child protection plan ended',
  'plan-version-recorded': 'The plan’s new version is recorded',
  'family-member-added': 'Family member added',
  'family-attendance-recorded': 'Attendance recorded',
  'transfer-in-recorded': 'Transfer recorded: schedule the transfer-in conference',
})

export type ProtectionNotice = Parameters<typeof notice>[0]

/** The address of a protection page, with what just happened on it. */
export function afterChange(url: string, key: ProtectionNotice): string {
  return withNotice(url, notice(key))
}
