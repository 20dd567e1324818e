import { londonToday } from '../../../src/platform/calendar.js'
import { addToCohort } from '../../../src/modules/registers/exploitation/service.js'
import type { CohortInput } from '../../../src/modules/registers/exploitation/schema.js'
import { addBody } from '../governance/helpers.js'
import type { TestApp } from '../../helpers/test-app.js'
import { ctxFor, insertChild, location } from './helpers.js'

export const SCREENING = {
  'screening-missing': 'yes',
  'screening-olderAssociates': 'yes',
  'screening-gifts': 'unknown',
  'screening-substances': 'no',
  'screening-sexualHealth': 'no',
  'screening-carrying': 'yes',
} as const

/** A child added to the exploitation cohort through the service; returns the entry and child. */
export async function cohortChild(
  t: TestApp,
  laChildId: string,
  givenName: string,
  types: CohortInput['types'] = ['cce'],
): Promise<{ entryId: string; childId: string }> {
  const childId = await insertChild(t, laChildId, { givenName })
  const outcome = await addToCohort(t.database.db, ctxFor(t, 'social-worker'), {
    laChildId,
    givenName: null,
    familyName: null,
    birthDate: null,
    types,
    riskLevel: 'medium',
    leadAgencyId: null,
    leadWorker: 'Dana Lee',
    addedOn: '2026-09-01',
    locations: null,
    associatedPersons: null,
    ...SCREENING,
  })
  if (outcome.kind !== 'saved') throw new Error(JSON.stringify(outcome))
  return { entryId: outcome.id, childId }
}

/**
 * A governance body of the panel kind with the agency lead as a member (from 2016 to `endsOn`),
 * a meeting today, and the body taken on as a register panel of `panelType`.
 */
export async function setUpPanel(
  t: TestApp,
  name: string,
  panelType: 'mace' | 'mase' | 'fgm' | 'missing',
  options: { member?: 'agency-lead' | 'lado' | null; endsOn?: string } = {},
): Promise<{ bodyId: string; meetingId: string; panelId: string }> {
  const officer = await t.signInAs('business-officer')
  const bodyId = await addBody(t, officer, { name, kind: 'panel' })
  if (options.member !== null) {
    location(
      await t.postForm(
        `/governance/bodies/${bodyId}/memberships`,
        {
          memberName: 'Panel member',
          role: 'member',
          startsOn: '2016-01-01',
          endsOn: options.endsOn ?? '',
          userId: t.userId(options.member ?? 'agency-lead'),
        },
        officer,
      ),
    )
  }
  const meeting = location(
    await t.postForm(
      `/governance/bodies/${bodyId}/meetings`,
      { title: `${name} meeting`, heldOn: londonToday(), status: 'scheduled' },
      officer,
    ),
  )
  const meetingId = /\/governance\/meetings\/([0-9a-f-]{36})/.exec(meeting)?.[1] ?? ''
  const worker = await t.signInAs('social-worker')
  const panel = location(await t.postForm('/registers/panels', { bodyId, panelType }, worker))
  const panelId = panel.split('/')[3] ?? ''
  return { bodyId, meetingId, panelId }
}
