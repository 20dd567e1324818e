/**
 * A subject access export of one child's records (issue 16 point 17): a ZIP a data protection
 * officer reviews before release, holding the child's identifiers, the timeline of their
 * episodes and events, what each referral about them said and decided, and who saw or changed
 * their records. The people who made referrals are left out: they are someone else.
 */
import { strToU8, zipSync } from 'fflate'
import type { Trx } from '../../db/database.js'
import { searchAuditEvents } from '../../platform/audit.js'
import { londonToday } from '../../platform/calendar.js'
import { toCsv } from '../../platform/csv.js'
import { formatDate, formatDateTime } from '../../platform/http/web.js'
import { childRecord } from '../children/queries.js'
import { referralAnswersOfChild } from '../frontdoor/queries.js'

const AUDIT_ROWS = 100_000

export interface SubjectAccessExport {
  fileName: string
  bytes: Uint8Array
  files: string[]
}

export async function subjectAccessExport(
  trx: Trx,
  options: { partnershipId: string; partnershipName: string; childId: string; madeBy: string },
): Promise<SubjectAccessExport | null> {
  const record = await childRecord(trx, options.partnershipId, options.childId)
  if (!record) return null
  const { child, events } = record
  const referrals = await referralAnswersOfChild(trx, options.partnershipId, child.id)
  const access = await searchAuditEvents(trx, options.partnershipId, {
    childId: child.id,
    limit: AUDIT_ROWS,
  })
  const today = londonToday()
  const files: Record<string, Uint8Array> = {
    'README.txt': strToU8(readme({ ...options, today, laChildId: child.laChildId })),
    'child.json': strToU8(JSON.stringify(child, null, 2)),
    'timeline.csv': strToU8(
      toCsv(
        ['date', 'event', 'details'],
        events.map(event => [formatDate(event.date), event.title, event.detail.join('; ')]),
      ),
    ),
    'referrals.json': strToU8(JSON.stringify(referrals, null, 2)),
    'who-saw-or-changed.csv': strToU8(
      toCsv(
        ['when', 'who', 'what'],
        access.map(event => [
          formatDateTime(event.occurredAt),
          event.userEmail ?? '',
          event.action,
        ]),
      ),
    ),
  }
  return {
    fileName: `subject-access-${child.laChildId}-${today}.zip`,
    bytes: zipSync(files, { level: 6 }),
    files: Object.keys(files),
  }
}

function readme(options: {
  partnershipName: string
  madeBy: string
  today: string
  laChildId: string
}): string {
  return [
    `Subject access export: child ${options.laChildId}`,
    `${options.partnershipName}, made on ${formatDate(options.today)} by ${options.madeBy}.`,
    '',
    'child.json: the child as recorded (identifiers, name, date of birth, ethnicity, disabilities).',
    'timeline.csv: every episode and event of the child’s journey, in date order.',
    'referrals.json: what each referral about the child said and what the front door decided.',
    '  The people who made the referrals are left out.',
    'who-saw-or-changed.csv: every time someone opened, changed or exported the child’s records.',
    '',
    'Before release: review every file and redact information about other people (parents,',
    'household members, professionals) unless the law allows it to be shared. Keep a copy of',
    'what was released.',
    '',
  ].join('\n')
}
