import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { londonToday } from '../../../src/platform/calendar.js'
import { useTestApp } from '../../helpers/test-app.js'
import { MK_2016_17, seedTrainingYear } from '../../../src/modules/training/demo.js'
import { SeededRandom } from '../../../src/platform/random.js'
import { courseWithEvent, trainingCounts } from './helpers.js'

const t = useTestApp()

describe('single-agency delivery by the trainer pool', () => {
  it('registers a trainer, logs a delivery with its delegates and an observation, and lists them as CSV', async () => {
    const { courseId } = await courseWithEvent(t)
    const trainer = await t.signInAs('trainer')
    const agencyId = t.northbridge.agencyIds[2] ?? ''

    let before = await trainingCounts(t)
    const bad = await t.postForm(
      '/training/trainers',
      { name: '', agencyId: 'x', accreditedOn: '2016-02-30' },
      trainer,
    )
    expect(bad.statusCode).toBe(400)
    for (const message of [
      'Enter the trainer’s name',
      'Select the trainer’s agency',
      'The date the trainer was accredited must be a real date',
    ])
      expect(bad.body).toContain(message)
    expect(await trainingCounts(t)).toEqual(before)

    expect(
      (
        await t.postForm(
          '/training/trainers',
          { name: 'Alex Trainer', agencyId, accreditedOn: '2016-01-10' },
          trainer,
        )
      ).statusCode,
    ).toBe(303)
    const [row] = (await sql<{ id: string }>`select id from trn_trainer`.execute(t.database.owner))
      .rows
    const trainerId = row?.id ?? ''

    before = await trainingCounts(t)
    const early = await t.postForm(
      '/training/deliveries',
      { courseId, trainerId, deliveredOn: '2015-12-01', delegates: '12' },
      trainer,
    )
    expect(early.statusCode).toBe(400)
    expect(early.body).toContain('The trainer was not yet accredited on this date')
    const tooMany = await t.postForm(
      '/training/deliveries',
      { courseId, trainerId, deliveredOn: '2016-05-01', delegates: '900' },
      trainer,
    )
    expect(tooMany.body).toContain('Enter the number of delegates, between 1 and 500')
    expect(await trainingCounts(t)).toMatchObject({
      trn_delivery: before.trn_delivery,
      audit_event: before.audit_event,
    })

    const logged = await t.postForm(
      '/training/deliveries',
      { courseId, trainerId, deliveredOn: '2016-05-01', delegates: '12' },
      trainer,
    )
    expect(logged.statusCode).toBe(303)
    const deliveryUrl = logged.headers.location ?? ''
    const observed = await t.postForm(
      `${deliveryUrl}/observations`,
      { observedOn: '2016-05-01', observer: 'Training lead', grade: 'good' },
      trainer,
    )
    expect(observed.statusCode).toBe(303)
    const future = await t.postForm(
      `${deliveryUrl}/observations`,
      { observedOn: '2099-01-01', observer: 'Lead', grade: 'good' },
      trainer,
    )
    expect(future.statusCode).toBe(400)

    const csv = await t.inject({
      method: 'GET',
      url: '/training/deliveries?format=csv',
      headers: { cookie: trainer },
    })
    expect(csv.body).toContain('2016-05-01,')
    expect(csv.body).toContain('Alex Trainer,Northbridge NHS Foundation Trust,12,Good')
    const delivery = await sql<{ agency_id: string }>`select agency_id from trn_delivery`.execute(
      t.database.owner,
    )
    expect(delivery.rows.map(r => r.agency_id)).toEqual([agencyId])
    expect(
      (
        await t.inject({
          method: 'GET',
          url: '/training/trainers?format=xlsx',
          headers: { cookie: trainer },
        })
      ).statusCode,
    ).toBe(200)
  })
})

describe('impact evidence', () => {
  it('links a follow-up that showed impact to a business plan action, as the action’s evidence', async () => {
    await seedTrainingYear(
      t.database.db,
      t.northbridge.id,
      t.northbridge.agencyIds,
      {
        ...MK_2016_17,
        subjects: 1,
        events: 1,
        places: 10,
        bookings: 5,
        attended: 5,
        evaluationsCompleted: 5,
        followUpsSent: 2,
        followUpsCompleted: 2,
        followUpsWithImpact: 1,
        deliveries: 0,
        trainers: 0,
        delegates: 0,
      },
      new SeededRandom(3),
    )
    const officer = await t.signInAs('business-officer')
    const plan = await t.postForm(
      '/governance/plans',
      { title: 'Business Plan 2016-18', startsOn: '2016-04-01', endsOn: '2018-03-31' },
      officer,
    )
    const planId = (plan.headers.location ?? '').split('/').pop() ?? ''
    const action = await t.postForm(
      `/governance/plans/${planId}/actions`,
      {
        priorityNumber: '2',
        priorityTitle: 'Learning',
        reference: '2.1',
        specificAction: 'Training changes practice',
      },
      officer,
    )
    expect(action.statusCode).toBe(303)
    const [actionRow] = (
      await sql<{ id: string }>`select id from gov_plan_action`.execute(t.database.owner)
    ).rows

    const page = await t.inject({
      method: 'GET',
      url: '/training/impact',
      headers: { cookie: officer },
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('I now share concerns with the school nurse at once')
    expect(page.body).toContain('Business Plan 2016-18: 2.1 Training changes practice')
    const [impact] = (
      await sql<{ id: string }>`select id from trn_evaluation where impact`.execute(
        t.database.owner,
      )
    ).rows

    const before = await trainingCounts(t)
    const unchosen = await t.postForm(
      `/training/impact/${impact?.id}/link`,
      { actionId: '' },
      officer,
    )
    expect(unchosen.statusCode).toBe(400)
    expect(unchosen.body).toContain('Select the business plan action')
    expect(await trainingCounts(t)).toEqual(before)

    const linked = await t.postForm(
      `/training/impact/${impact?.id}/link`,
      { actionId: actionRow?.id ?? '' },
      officer,
    )
    expect(linked.statusCode).toBe(303)
    const evidence = await sql<{
      text: string
      recorded_on: string
    }>`select text, recorded_on::text from gov_plan_evidence`.execute(t.database.owner)
    expect(evidence.rows).toEqual([
      {
        text: expect.stringContaining(
          'I now share concerns with the school nurse at once',
        ) as string,
        recorded_on: londonToday(),
      },
    ])
    const again = await t.postForm(
      `/training/impact/${impact?.id}/link`,
      { actionId: actionRow?.id ?? '' },
      officer,
    )
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('This evidence is already linked to an action')
  })
})
