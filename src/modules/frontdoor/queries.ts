/**
 * What the front door offers other modules (ADR 0005): the matching of a child's details against
 * the records kept, which the merge of duplicate children uses too.
 */
export { houseAndStreet, likelyMatches, type LikelyMatch } from './matching.js'

// Counts for the multi-agency dataset (issue 9).
export * from './figures.js'

// The allocation clock and the 48-hour contact processing figure (issue 10).
export {
  allocationsDue,
  allocationsWaiting,
  contactProcessingFigure,
  type AllocationDueRow,
} from './allocation.js'
// What the work tray reads of the front door.
export * from './tray.js'
// The referrals that opened a child's episodes, for the child's timeline (issue 19 point 5), and
// a referral's reference for the records opened from it (early help, strategy discussions).
export {
  referralAnswersOfChild,
  referralOfChild,
  referralReference,
  referralsOfChild,
  type ChildReferral,
  type ChildReferralAnswers,
} from './child-referrals.js'
// Who a referral is allocated to, for the work tray's allocation page.
export { referralAllocation, type ReferralAllocation } from './allocate.js'
