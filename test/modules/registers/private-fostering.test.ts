import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import { privateFosteringFigures } from '../../../src/modules/registers/queries.js'
import {
  endArrangement,
  notifyArrangement,
  recordAssessment,
} from '../../../src/modules/registers/private-fostering/service.js'
import { FIXTURES } from '../governance/helpers.js'
import { useTestApp } from '../../helpers/test-app.js'
import { as, ctxFor, insertChild, location, snapshot, text } from './helpers.js'

const t = useTestApp()

const notification = (extra: Record<string, string> = {}) => ({
  laChildId: '',
  givenName: 'Sam',
  familyName: 'Okafor',
  birthDate: '2012-05-01',
  childDisabled: 'no',
  notifiedOn: '2026-11-02',
  arrangementStart: '2026-10-26',
  twentyEightDays: 'yes',
  carerName: 'Grace Adeyemi',
  ...extra,
})

describe('private fostering notifications', () => {
  it('takes a notification to its first visit, on time within 7 working days', async () => {
    const worker = await as(t, 'social-worker')
    const url = location(await worker.post('/registers/private-fostering', notification()))
    const id = url.split('/')[3]?.split('?')[0] ?? ''
    const before = text((await worker.get(`/registers/private-fostering/${id}`)).body)
    expect(before).toContain('Next visit due by 11 November 2026')
    location(
      await worker.post(`/registers/private-fostering/${id}/visits`, {
        visitedOn: '2026-11-11',
        seenAlone: 'yes',
        notes: '',
      }),
    )
    const after = text((await worker.get(`/registers/private-fostering/${id}`)).body)
    expect(after).toContain('11 November 2026 11 November 2026 Yes Yes')
    expect(after).toContain('Next visit due by 23 December 2026')
    const child = await t.database.owner
      .selectFrom('child')
      .select(['given_name', 'birth_date'])
      .executeTakeFirstOrThrow()
    expect(child).toEqual({ given_name: 'Sam', birth_date: '2012-05-01' })
  })

  it.each([
    [
      'an 18-year-old without a disability',
      { birthDate: '2008-10-01' },
      'The child is 18 or over: this is not a private fostering arrangement',
    ],
    [
      'an 18-year-old with a disability',
      { birthDate: '2008-10-01', childDisabled: 'yes' },
      'The child is 18 or over',
    ],
    [
      'a 16-year-old without a disability',
      { birthDate: '2010-10-01' },
      'A child of 16 or over who is not disabled is not privately fostered',
    ],
    [
      'an arrangement of less than 28 days',
      { twentyEightDays: 'no' },
      'An arrangement of less than 28 days is not private fostering',
    ],
    ['a notification without a date', { notifiedOn: '' }, 'Enter the date of the notification'],
  ])('refuses %s, and writes nothing', async (_, extra, message) => {
    const worker = await as(t, 'social-worker')
    const before = await snapshot(t)
    const response = await worker.post('/registers/private-fostering', notification(extra))
    expect(response.statusCode).toBe(400)
    expect(text(response.body)).toContain(message)
    expect(await snapshot(t)).toEqual(before)
  })

  it('takes a disabled 17-year-old', async () => {
    const worker = await as(t, 'social-worker')
    location(
      await worker.post(
        '/registers/private-fostering',
        notification({ birthDate: '2009-10-01', childDisabled: 'yes' }),
      ),
    )
  })

  it('refuses a referrer and an agency lead', async () => {
    for (const role of ['referrer', 'agency-lead'] as const) {
      const visitor = await as(t, role)
      expect((await visitor.get('/registers/private-fostering')).statusCode).toBe(403)
      expect((await visitor.post('/registers/private-fostering', notification())).statusCode).toBe(
        403,
      )
    }
  })
})

const BIRMINGHAM = path.join(FIXTURES, 'birmingham-2016-17-key-figures.json')

describe.skipIf(!existsSync(BIRMINGHAM))(
  'Birmingham’s private fostering figures for 2016/17',
  () => {
    it('are reproduced from records: 81 assessments completed, 14 ongoing, 31 closed, 36 open', async () => {
      const published = (
        JSON.parse(readFileSync(BIRMINGHAM, 'utf8')) as {
          private_fostering: {
            assessments_completed: number
            ongoing: number
            closed: number
            open: number
          }
        }
      ).private_fostering
      const ctx = ctxFor(t, 'social-worker')
      let n = 0
      const notify = async (notifiedOn: string) => {
        n += 1
        const laChildId = `PF${String(n).padStart(4, '0')}`
        await insertChild(t, laChildId, { birthDate: '2006-06-01' })
        const outcome = await notifyArrangement(t.database.db, ctx, {
          laChildId,
          givenName: null,
          familyName: null,
          birthDate: null,
          notifiedOn,
          arrangementStart: notifiedOn,
          childDisabled: false,
          twentyEightDays: true,
          carerName: 'Carer',
        })
        if (outcome.kind !== 'saved') throw new Error(JSON.stringify(outcome))
        return outcome.id
      }
      const assess = async (
        id: string,
        completedOn: string,
        outcome: 'suitable' | 'not-private-fostering',
      ) =>
        expect(
          (await recordAssessment(t.database.db, ctx, id, { completedOn, outcome })).kind,
        ).toBe('saved')
      // Open at the year's end, assessed during it.
      for (let i = 0; i < 22; i++)
        await assess(await notify('2016-06-01'), '2016-07-01', 'suitable')
      // Open at the year's end, not yet assessed by then (two are assessed in April 2017).
      for (let i = 0; i < 14; i++) {
        const id = await notify('2017-03-01')
        if (i < 2) await assess(id, '2017-04-10', 'suitable')
      }
      // Assessed and ended during the year.
      for (let i = 0; i < 31; i++) {
        const id = await notify('2016-05-01')
        await assess(id, '2016-05-20', 'suitable')
        expect(
          (
            await endArrangement(t.database.db, ctx, id, {
              endedOn: '2016-12-01',
              reason: 'returned-home',
            })
          ).kind,
        ).toBe('saved')
      }
      // Assessed during the year and found not to be private fostering: neither open nor closed.
      for (let i = 0; i < 28; i++)
        await assess(await notify('2016-09-01'), '2016-09-08', 'not-private-fostering')
      // Outside the year: ended before it, and notified after it.
      const before = await notify('2015-05-01')
      await assess(before, '2015-05-10', 'suitable')
      await endArrangement(t.database.db, ctx, before, {
        endedOn: '2016-03-01',
        reason: 'returned-home',
      })
      await notify('2017-04-03')

      const figures = await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
        privateFosteringFigures(trx, { from: '2016-04-01', to: '2017-03-31' }),
      )
      expect({
        assessments_completed: figures.assessmentsCompleted,
        ongoing: figures.ongoing,
        closed: figures.closed,
        open: figures.open,
      }).toEqual(published)
      expect(figures.notifications).toBe(22 + 14 + 31 + 28)

      const worker = await as(t, 'social-worker')
      const page = text(
        (await worker.get('/registers/private-fostering/figures?from=2016-04-01&to=2017-03-31'))
          .body,
      )
      expect(page).toContain(
        'Notifications Assessments completed Ongoing Ended or closed Currently open 95 81 14 31 36',
      )
    })
  },
)
