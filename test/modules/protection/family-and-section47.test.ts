import { describe, expect, it } from 'vitest'
import { section47State } from '../../../src/modules/protection/section47-state.js'
import { useTestApp } from '../../helpers/test-app.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { as, expect400, insertChild, toPlan, toScheduledConference } from './helpers.js'

const t = useTestApp()

async function members() {
  return t.database.owner
    .selectFrom('conference_family_member')
    .select([
      'name',
      'relationship',
      'invited',
      'attended',
      'child_views',
      'views_not_given_reason',
    ])
    .orderBy('recorded_at')
    .execute()
}

describe('the family at a conference', () => {
  it('records parents invited before the conference, and attendance only once it is held', async () => {
    const { conferenceId, worker } = await toScheduledConference(t)
    const url = `/protection/conferences/${conferenceId}/family`
    await worker.step(url, { name: 'Sara Khan', relationship: 'mother', invited: 'yes' })
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(url, {
          name: 'Adam Khan',
          relationship: 'father',
          invited: 'yes',
          attended: 'yes',
        }),
        'Record who attended once the conference has been held',
      ),
    )
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(url, { relationship: 'carer', invited: 'no' }),
        'Enter the person’s name',
      ),
    )
    expect(await members()).toEqual([
      {
        name: 'Sara Khan',
        relationship: 'mother',
        invited: true,
        attended: null,
        child_views: null,
        views_not_given_reason: null,
      },
    ])
    const page = await worker.get(url)
    expect(page.body).toContain('Sara Khan')
    expect(page.body).toContain('Attendance and the child’s views are recorded once')
  })

  it('records how the child’s views were given, with a reason when they were not', async () => {
    const { conferenceId, worker } = await toPlan(t)
    const url = `/protection/conferences/${conferenceId}/family`
    await expectNothingWritten(t, async () =>
      expect400(
        await worker.post(url, {
          name: 'Amira Khan',
          relationship: 'child',
          invited: 'yes',
          attended: 'no',
          childViews: 'not-given',
        }),
        'Enter why the child’s views were not given',
      ),
    )
    await worker.step(url, {
      name: 'Amira Khan',
      relationship: 'child',
      invited: 'yes',
      attended: 'no',
      childViews: 'advocate',
    })
    await worker.step(url, { name: 'Sara Khan', relationship: 'mother', invited: 'yes' })
    const [, mother] = await t.database.owner
      .selectFrom('conference_family_member')
      .select('id')
      .orderBy('recorded_at')
      .execute()
    await worker.step(`${url}/${mother?.id ?? ''}`, { attended: 'yes' })
    expect(await members()).toMatchObject([
      { name: 'Amira Khan', attended: false, child_views: 'advocate' },
      { name: 'Sara Khan', attended: true, child_views: null },
    ])
    const events = await t.database.owner
      .selectFrom('audit_event')
      .select(['action', 'fields'])
      .where('action', 'like', 'conference.family-%')
      .execute()
    expect(events.map(event => event.action)).toEqual([
      'conference.family-member-added',
      'conference.family-member-added',
      'conference.family-attendance-recorded',
    ])
    // The name is personal data: the audit says it was set, not what it is.
    expect(JSON.stringify(events)).not.toContain('Amira')
    const page = await worker.get(url)
    expect(page.body).toContain('Through an advocate')
  })
})

describe('a Section 47 enquiry shows as ended when it has ended', () => {
  it('says so for an outcome, a conference held, or no conference needed', () => {
    const base = {
      outcome: null,
      completedOn: null,
      dateOfInitialCpc: null,
      icpcNotRequired: false,
      icpcTargetDate: '2022-05-20',
    }
    expect(section47State(base)).toEqual({
      ended: false,
      text: 'Open: initial conference due by 20 May 2022',
    })
    expect(section47State({ ...base, icpcNotRequired: true })).toEqual({
      ended: true,
      text: 'Ended: no conference needed',
    })
    expect(section47State({ ...base, dateOfInitialCpc: '2022-05-18' }).ended).toBe(true)
    expect(
      section47State({
        ...base,
        outcome: 'no-conference-no-further-action',
        completedOn: '2022-05-10',
      }),
    ).toEqual({ ended: true, text: 'No conference: no further action (ended 10 May 2022)' })
  })

  it('shows a 2022 census enquiry that needed no conference as ended, in a closed episode', async () => {
    const childId = await insertChild(t, 'CENSUS22')
    const episode = await t.database.owner
      .insertInto('cin_episode')
      .values({
        partnership_id: t.northbridge.id,
        child_id: childId,
        referral_date: '2022-04-04',
        referral_source: '6',
        primary_need_code: 'N1',
        referral_nfa: false,
        closure_date: '2022-07-01',
        reason_for_closure: 'RC1',
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const enquiry = await t.database.owner
      .insertInto('section47')
      .values({
        partnership_id: t.northbridge.id,
        episode_id: episode.id,
        start_date: '2022-04-20',
        icpc_target_date: '2022-05-12',
        icpc_not_required: true,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    const worker = await as(t, 'social-worker')
    const summary = await worker.get(`/protection/children/${childId}`)
    expect(summary.body).toContain('Ended: no conference needed')
    expect(summary.body).not.toContain('Open: initial conference due by')
    const page = await worker.get(`/protection/section47s/${String(enquiry.id)}`)
    expect(page.body).toContain('Ended: no conference needed')
    expect(page.body).not.toContain('Record the outcome of the enquiry')
  })
})
