import { describe, expect, it } from 'vitest'
import { addCalendarDays } from '../../../src/platform/working-days.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { as, insertChild, location } from '../registers/helpers.js'
import { cohortChild, setUpPanel } from '../registers/panel-helpers.js'

const t = useTestApp()

const MERGE_FORM = { reason: 'The same child: the school confirmed her date of birth' }

/**
 * Ama is on the exploitation cohort, reviewed at a MACE panel meeting with an action; a second
 * record of her (no register entry) is the one kept.
 */
async function reviewedChildAndDuplicate() {
  const ama = await cohortChild(t, 'EX001', 'Ama')
  const mace = await setUpPanel(t, 'MACE panel', 'mace')
  const worker = await as(t, 'social-worker')
  location(
    await worker.post(`/registers/panels/meetings/${mace.meetingId}/agenda`, {
      entryId: ama.entryId,
    }),
  )
  location(
    await worker.post(
      `/registers/panels/meetings/${mace.meetingId}/children/${ama.childId}/review`,
      {
        notes: 'Going missing less.',
        riskLevelAfter: 'medium',
        actionText: 'School to share attendance weekly',
        actionOwner: 'Head of year',
        actionDueOn: addCalendarDays(londonToday(), 14),
      },
    ),
  )
  const keptId = await insertChild(t, 'KS0000000007', { givenName: 'Ama' })
  return { ama, mace, keptId }
}

async function childIdsIn(table: 'panel_agenda_child' | 'register_action' | 'exploitation_entry') {
  const rows = await t.database.owner.selectFrom(table).select('child_id').execute()
  return rows.map(row => row.child_id as string)
}

describe('merging a child on a register panel’s agenda', () => {
  it('moves the agenda item and its action with the register entry to the record kept', async () => {
    const { ama, keptId } = await reviewedChildAndDuplicate()
    const manager = await as(t, 'front-door-manager')

    const check = await manager.post(`/children/${keptId}/merge/${ama.childId}`, MERGE_FORM)
    expect(check.statusCode).toBe(200)
    expect(check.body).toMatch(/Register panel agenda items\s*<\/dt>\s*<dd[^>]*>\s*1/)
    expect(check.body).toMatch(/Register panel actions\s*<\/dt>\s*<dd[^>]*>\s*1/)

    const done = await manager.post(`/children/${keptId}/merge/${ama.childId}/confirm`, MERGE_FORM)
    expect(done.statusCode).toBe(303)
    for (const table of ['exploitation_entry', 'panel_agenda_child', 'register_action'] as const) {
      expect(await childIdsIn(table), table).toEqual([keptId])
    }
    const log = await t.database.owner
      .selectFrom('child_merge')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(log.moved).toMatchObject({
      exploitationEntry: 1,
      panelAgendaChild: 1,
      registerAction: 1,
    })
  })

  it('refuses two records on the same meeting’s agenda, naming the meeting, and changes nothing', async () => {
    const { ama, mace, keptId } = await reviewedChildAndDuplicate()
    const agendaItem = await t.database.owner
      .selectFrom('panel_agenda_child')
      .selectAll()
      .executeTakeFirstOrThrow()
    await t.database.owner
      .insertInto('panel_agenda_child')
      .values({
        partnership_id: t.northbridge.id,
        panel_id: mace.panelId,
        meeting_id: mace.meetingId,
        child_id: keptId,
        register: 'exploitation',
        entry_id: agendaItem.entry_id,
        added_by: agendaItem.added_by,
      })
      .execute()
    const manager = await as(t, 'front-door-manager')

    const refused = await expectNothingWritten(t, () =>
      manager.post(`/children/${keptId}/merge/${ama.childId}/confirm`, MERGE_FORM),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(
      'Both records are on the agenda of the register panel meeting on',
    )
    expect((await childIdsIn('panel_agenda_child')).sort()).toEqual([ama.childId, keptId].sort())
  })
})
