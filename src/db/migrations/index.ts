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
}
