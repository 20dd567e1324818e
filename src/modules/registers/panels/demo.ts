import type { Db } from '../../../db/database.js'
import { addCalendarDays } from '../../../platform/working-days.js'
import { createBody, scheduleMeeting } from '../../governance/service.js'
import type { Ctx } from '../shared.js'
import type { PanelType } from '../table.js'
import { addPanel, addToAgenda, meetingAgenda, recordPanelReview } from './service.js'

const PANELS: { type: PanelType; name: string }[] = [
  { type: 'mace', name: 'Multi-agency child exploitation panel' },
  { type: 'fgm', name: 'FGM panel' },
  { type: 'missing', name: 'Missing children panel' },
]

/**
 * Demo panels, after the registers are filled: each a governance body of the panel kind with a
 * meeting today, its due children on the agenda, and the first one reviewed with an action.
 */
export async function contributePanels(
  db: Db,
  governance: Ctx,
  registers: Ctx,
  today: string,
): Promise<{ panels: number; agendaChildren: number; actions: number }> {
  const counts = { panels: 0, agendaChildren: 0, actions: 0 }
  for (const { type, name } of PANELS) {
    const body = await createBody(db, governance, {
      name,
      kind: 'panel',
      parentId: null,
      chairName: 'Detective Inspector Shah',
      termsOfReference: null,
      termsReviewOn: null,
      activeFrom: addCalendarDays(today, -400),
      activeTo: null,
      attendanceTarget: 80,
    })
    if (body.kind !== 'saved') continue
    const meeting = await scheduleMeeting(db, governance, body.id, {
      heldOn: today,
      title: `${name}, monthly`,
      status: 'held',
    })
    if (meeting.kind !== 'saved') continue
    if ((await addPanel(db, registers, { bodyId: body.id, panelType: type })).kind !== 'saved')
      continue
    counts.panels += 1
    const agenda = await meetingAgenda(db, registers, meeting.id)
    for (const due of (agenda?.due ?? []).slice(0, 3)) {
      const added = await addToAgenda(db, registers, meeting.id, due.entryId)
      if (added.kind !== 'saved') continue
      counts.agendaChildren += 1
      if (counts.agendaChildren % 3 !== 1) continue
      const reviewed = await recordPanelReview(db, registers, added.id, {
        notes: 'Discussed by the panel: safety plan agreed with the family and school.',
        riskLevelAfter: null,
        actionText: 'Lead worker to share the safety plan with the school',
        actionOwner: 'Dana Lee',
        actionDueOn: addCalendarDays(today, 14),
      })
      if (reviewed.kind === 'saved') counts.actions += 1
    }
  }
  return counts
}
