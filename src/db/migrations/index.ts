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
  '2026-12-05T1200-create-assurance': createAssurance,
}
