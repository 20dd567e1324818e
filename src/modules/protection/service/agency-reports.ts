/** An invited agency's report to a conference, sent from the work tray's invitation page. */
import { inPartnership, type Db } from '../../../db/database.js'
import { recordAudit } from '../../../platform/audit.js'
import type { Actor } from '../../../platform/http/types.js'
import { findAgencyInvitation, lockInvitation, updateInvitation } from '../repo.js'

export type AgencyReportOutcome = 'received' | 'not-found' | 'already-received' | 'closed'

/**
 * An agency's report to a conference, once, before the conference is held or cancelled; only to
 * an invitation of `agencyIds` (null: any agency's).
 */
export function submitAgencyReport(
  db: Db,
  options: {
    actor: Actor
    invitationId: string
    agencyIds: string[] | null
    reportText: string
    requestId: string
    now: Date
  },
): Promise<AgencyReportOutcome> {
  const { actor, invitationId, agencyIds, reportText, requestId, now } = options
  return inPartnership(db, actor, async trx => {
    const invitation = await findAgencyInvitation(trx, actor.partnershipId, invitationId, agencyIds)
    if (!invitation) return 'not-found'
    const locked = await lockInvitation(trx, actor.partnershipId, invitationId)
    if (!locked) return 'not-found'
    if (locked.reportReceivedAt) return 'already-received'
    if (invitation.status === 'held' || invitation.status === 'cancelled') return 'closed'
    await updateInvitation(trx, actor.partnershipId, invitationId, {
      reportText,
      reportReceivedAt: now,
      reportReceivedBy: actor.userId,
    })
    await recordAudit(trx, {
      partnershipId: actor.partnershipId,
      userId: actor.userId,
      action: 'conference-invitation.report-received',
      resourceType: 'conference-invitation',
      resourceId: invitationId,
      childId: invitation.childId,
      // The report's length, not its words: the text itself stays in its table.
      fields: { reportReceivedAt: now.toISOString(), reportLength: reportText.length },
      requestId,
    })
    return 'received'
  })
}
