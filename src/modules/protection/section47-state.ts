import { formatDate } from '../../platform/http/web.js'
import { SECTION47_OUTCOME_NAMES } from './schema.js'
import type { Section47Outcome } from './table.js'

/**
 * Whether a Section 47 enquiry has ended, in words. An enquiry ends with its outcome recorded
 * here, or, for one imported from a census, with its initial conference held or the census
 * saying no conference was needed (ICPCnotRequired): such an enquiry has no outcome of its own.
 */
export function section47State(enquiry: {
  outcome: Section47Outcome | null
  completedOn: string | null
  dateOfInitialCpc: string | null
  icpcNotRequired: boolean | null
  icpcTargetDate: string | null
}): { ended: boolean; text: string } {
  if (enquiry.outcome) {
    const on = enquiry.completedOn ? ` (ended ${formatDate(enquiry.completedOn)})` : ''
    return { ended: true, text: `${SECTION47_OUTCOME_NAMES[enquiry.outcome]}${on}` }
  }
  if (enquiry.dateOfInitialCpc) {
    return {
      ended: true,
      text: `Ended: initial conference held on ${formatDate(enquiry.dateOfInitialCpc)}`,
    }
  }
  if (enquiry.icpcNotRequired) return { ended: true, text: 'Ended: no conference needed' }
  return {
    ended: false,
    text: enquiry.icpcTargetDate
      ? `Open: initial conference due by ${formatDate(enquiry.icpcTargetDate)}`
      : 'Open',
  }
}
