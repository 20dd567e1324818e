/** A child protection plan as a document for the family and the agencies. */
import { actorScope as scope } from '../../../platform/actor-scope.js'
import { inPartnership, type Db } from '../../../db/database.js'
import type { Actor } from '../../../platform/http/types.js'
import {
  listAgencyNames,
  listConferencesOfPlan,
  listCoreGroupAttendees,
  listCoreGroups,
  listPlanVersions,
  listUserNames,
} from '../repo.js'
import { audit, findPlanAndChild } from './shared.js'

/** The people of the core group: everyone recorded at its meetings, once each. */
function coreGroupMembers(
  attendees: { personName: string; agencyId: string }[],
  agencyNames: Map<string, string>,
) {
  const members = new Map<string, { name: string; agency: string }>()
  for (const person of attendees) {
    const key = `${person.personName.toLowerCase()}|${person.agencyId}`
    members.set(key, {
      name: person.personName,
      agency: agencyNames.get(person.agencyId) ?? 'Unknown agency',
    })
  }
  return [...members.values()].sort((a, b) => a.name.localeCompare(b.name))
}

/**
 * The plan's latest version, or version `version`, with what a reader needs beside it. Printing
 * is audited: the document leaves the system.
 */
export function printablePlan(
  db: Db,
  options: { actor: Actor; id: string; version: number | undefined; requestId: string },
) {
  const { actor, id, version, requestId } = options
  const { partnershipId } = actor
  return inPartnership(db, scope(actor), async trx => {
    const found = await findPlanAndChild(trx, partnershipId, id)
    if (!found) return undefined
    const { plan, child } = found
    const versions = await listPlanVersions(trx, partnershipId, id)
    const chosen = version === undefined ? versions.at(-1) : versions[version - 1]
    if (version !== undefined && !chosen) return undefined
    const agencyNames = new Map(
      (await listAgencyNames(trx, partnershipId)).map(agency => [agency.id, agency.name]),
    )
    const meetings = await listCoreGroups(trx, partnershipId, id)
    const attendees = await listCoreGroupAttendees(
      trx,
      partnershipId,
      meetings.map(meeting => meeting.id),
    )
    const nextReview = (await listConferencesOfPlan(trx, partnershipId, id)).find(
      review => review.status === 'to-schedule' || review.status === 'scheduled',
    )
    await audit(trx, actor, requestId, {
      action: 'plan.printed',
      resourceType: 'child-protection-plan',
      resourceId: id,
      childId: child.id,
      detail: { version: chosen?.version ?? null },
    })
    return {
      plan,
      child,
      version: chosen,
      latestVersion: versions.length,
      agencyNames,
      members: coreGroupMembers(attendees, agencyNames),
      nextReviewDate: nextReview?.targetDate ?? null,
      leadWorkerName: plan.leadWorkerId
        ? (await listUserNames(trx, [plan.leadWorkerId]))[0]?.displayName
        : undefined,
    }
  })
}
