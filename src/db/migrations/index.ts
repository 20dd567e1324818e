import type { Migration } from 'kysely'
import * as createPlatform from './2026-11-22T0400-create-platform.js'
import * as createGovernance from './2026-11-22T0500-create-governance.js'
import * as createChildren from './2026-11-22T0510-create-children.js'
import * as createFrontdoor from './2026-11-22T0530-create-frontdoor.js'
import * as frontDoorDecisions from './2026-11-22T0540-front-door-decisions.js'
import * as frontDoorCensus from './2026-11-22T0550-front-door-census.js'
import * as frontDoorChecks from './2026-11-22T0600-front-door-checks.js'
import * as createProtection from './2026-11-22T0700-create-protection.js'
import * as childMergeAndAddress from './2026-11-22T0720-child-merge-and-address.js'
import * as frontDoorQueueIndexes from './2026-11-22T0740-front-door-queue-indexes.js'
import * as jobsAndReminders from './2026-11-22T0750-jobs-and-reminders.js'
import * as auditChainSeal from './2026-12-05T0900-audit-chain-seal.js'
import * as signInLocksPerAddress from './2026-12-05T0910-sign-in-locks-per-address.js'
import * as createTraining from './2026-12-05T1500-create-training.js'
import * as createCaseReviews from './2026-12-05T1300-create-case-reviews.js'
import * as createCdop from './2026-12-05T1310-create-cdop.js'
import * as createLado from './2026-12-05T1320-create-lado.js'
import * as createRegisters from './2026-12-05T1400-create-registers.js'
import * as datasetFigures from './2026-12-05T1100-dataset-figures.js'
import * as createAgencyReturns from './2026-12-05T1150-create-agency-returns.js'
import * as createAssurance from './2026-12-05T1200-create-assurance.js'
// registers (issue 13), session 4
import * as registersForcedMarriageActionsScreening from './2026-12-05T2100-registers-forced-marriage-actions-screening.js'
// dataset (issue 9, session 4)
import * as reportCardDfeIndicators from './2026-12-05T2120-report-card-dfe-indicators.js'
import * as populationAgeBands from './2026-12-05T2121-population-age-bands.js'
// reports (annual report)
import * as createReports from './2026-12-05T2130-create-reports.js'
// engagement (issue 14)
import * as createEngagement from './2026-12-05T2140-create-engagement.js'
// ops (issue 16): census imports as jobs
import * as censusImportProgress from './2026-12-06T0120-census-import-progress.js'
import * as rateLimitCounter from './2026-12-06T0121-rate-limit-counter.js'
// governance: a risk's RAG from the partnership's matrix (issue 19)
import * as riskMatrix from './2026-12-06T0100-risk-matrix.js'
// reports: images and due-date changes (issue 15)
import * as reportImagesAndDueDates from './2026-12-06T0010-report-images-and-due-dates.js'
import * as partnershipFrontDoorContacts from './2026-12-06T0050-partnership-front-door-contacts.js'
// early help, contacts, CP visits (issue 10, points 5-9)
import * as earlyHelpContactsVisits from './2026-12-06T0040-early-help-contacts-visits.js'
import * as campaignReachAndPanelItem from './2026-12-06T0020-campaign-reach-and-panel-item.js'
import * as createPrivacy from './2026-12-06T0021-create-privacy.js'
// journey (issue 10 points 1-4, 10)
import * as journeyAssessmentsCinPlansSteps from './2026-12-06T0030-journey-assessments-cin-plans-steps.js'
// council (issue 16 points 11, 12, 18): sign-in providers, GOV.UK Notify, the partnership's logo
import * as signInProvidersNotifyLogo from './2026-12-06T1140-sign-in-providers-notify-logo.js'
import * as retentionRemovesFrontDoorContacts from './2026-12-06T1150-retention-removes-front-door-contacts.js'
import * as cpPlanContents from './2026-12-06T1120-cp-plan-contents.js'
import * as transferInConferences from './2026-12-06T1200-transfer-in-conferences.js'
import * as retentionRemovesClosedEarlyHelp from './2026-12-06T1300-retention-removes-closed-early-help.js'
import * as setSignInDomains from './2026-12-06T1400-set-sign-in-domains.js'
import * as referralChildSameChildIndex from './2026-12-06T1500-referral-child-same-child-index.js'
import * as frontDoorChange from './2026-12-06T1600-front-door-change.js'
import * as dropDuplicateCensusIndexes from './2026-12-06T1715-drop-duplicate-census-indexes.js'
import * as frontDoorChangeChildren from './2026-12-06T1800-front-door-change-children.js'

// Append-only: never edit or reorder a migration once it has been merged.
export const migrations: Record<string, Migration> = {
  '2026-11-22T0400-create-platform': createPlatform,
  '2026-11-22T0500-create-governance': createGovernance,
  '2026-11-22T0510-create-children': createChildren,
  '2026-11-22T0530-create-frontdoor': createFrontdoor,
  '2026-11-22T0540-front-door-decisions': frontDoorDecisions,
  '2026-11-22T0550-front-door-census': frontDoorCensus,
  '2026-11-22T0600-front-door-checks': frontDoorChecks,
  '2026-11-22T0700-create-protection': createProtection,
  '2026-11-22T0720-child-merge-and-address': childMergeAndAddress,
  '2026-11-22T0740-front-door-queue-indexes': frontDoorQueueIndexes,
  '2026-11-22T0750-jobs-and-reminders': jobsAndReminders,
  '2026-12-05T0900-audit-chain-seal': auditChainSeal,
  '2026-12-05T0910-sign-in-locks-per-address': signInLocksPerAddress,
  '2026-12-05T1500-create-training': createTraining,
  '2026-12-05T1300-create-case-reviews': createCaseReviews,
  '2026-12-05T1310-create-cdop': createCdop,
  '2026-12-05T1320-create-lado': createLado,
  '2026-12-05T1400-create-registers': createRegisters,
  '2026-12-05T1100-dataset-figures': datasetFigures,
  '2026-12-05T1150-create-agency-returns': createAgencyReturns,
  '2026-12-05T1200-create-assurance': createAssurance,
  // registers (issue 13), session 4
  '2026-12-05T2100-registers-forced-marriage-actions-screening':
    registersForcedMarriageActionsScreening,
  // dataset (issue 9, session 4)
  '2026-12-05T2120-report-card-dfe-indicators': reportCardDfeIndicators,
  '2026-12-05T2121-population-age-bands': populationAgeBands,
  // reports (annual report)
  '2026-12-05T2130-create-reports': createReports,
  // engagement (issue 14)
  '2026-12-05T2140-create-engagement': createEngagement,
  // ops (issue 16): census imports as jobs
  '2026-12-06T0120-census-import-progress': censusImportProgress,
  '2026-12-06T0121-rate-limit-counter': rateLimitCounter,
  // governance: a risk's RAG from the partnership's matrix (issue 19)
  '2026-12-06T0100-risk-matrix': riskMatrix,
  // reports: images and due-date changes (issue 15)
  '2026-12-06T0010-report-images-and-due-dates': reportImagesAndDueDates,
  // pages (issue 19): the front door's phone, hours and threshold document on the public front page
  '2026-12-06T0050-partnership-front-door-contacts': partnershipFrontDoorContacts,
  // early help, contacts, CP visits (issue 10, points 5-9)
  '2026-12-06T0040-early-help-contacts-visits': earlyHelpContactsVisits,
  // engagement: campaign reach per channel and agency; the panel's report as a standing item
  '2026-12-06T0020-campaign-reach-and-panel-item': campaignReachAndPanelItem,
  // privacy (issue 16 point 17): data protection contacts and retention rules
  '2026-12-06T0021-create-privacy': createPrivacy,
  // journey (issue 10 points 1-4, 10)
  '2026-12-06T0030-journey-assessments-cin-plans-steps': journeyAssessmentsCinPlansSteps,
  // council (issue 16 points 11, 12, 18)
  '2026-12-06T1140-sign-in-providers-notify-logo': signInProvidersNotifyLogo,
  // privacy (issue 16 point 17): retention removes front door contacts closed with no further action
  '2026-12-06T1150-retention-removes-front-door-contacts': retentionRemovesFrontDoorContacts,
  // plan (issue 19 point 3): a child protection plan's contents, versions, core group attendees, family at conferences
  '2026-12-06T1120-cp-plan-contents': cpPlanContents,
  // journey (issue 10 point 9): transfer-in conferences for children arriving on a plan
  '2026-12-06T1200-transfer-in-conferences': transferInConferences,
  // privacy (issue 16 point 17): retention removes early help episodes closed long ago
  '2026-12-06T1300-retention-removes-closed-early-help': retentionRemovesClosedEarlyHelp,
  // council (issue 16 point 11): the sign-in providers page writes a provider's email domains
  '2026-12-06T1400-set-sign-in-domains': setSignInDomains,
  // front door (issue 17): the likely-duplicate tag finds earlier contacts' children by index
  '2026-12-06T1500-referral-child-same-child-index': referralChildSameChildIndex,
  // front door (issue 17): a change number per partnership, so the queue's figures can be kept
  '2026-12-06T1600-front-door-change': frontDoorChange,
  // census import (issue 17): three indexes repeated a unique constraint's, paid by every row
  '2026-12-06T1715-drop-duplicate-census-indexes': dropDuplicateCensusIndexes,
  // front door (issue 17): the queue keeps its pages too, and a page shows each contact's children
  '2026-12-06T1800-front-door-change-children': frontDoorChangeChildren,
}
