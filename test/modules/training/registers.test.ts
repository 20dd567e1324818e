import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { requestBooking } from '../../../src/modules/training/booking/service.js'
import { saveSettings } from '../../../src/modules/training/catalogue/service.js'
import { submitEvaluation } from '../../../src/modules/training/evaluation/service.js'
import { trainingJobs } from '../../../src/modules/training/jobs.js'
import { chargesList, markRegister } from '../../../src/modules/training/registers/service.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { JobRunner } from '../../../src/platform/jobs.js'
import { addCalendarMonths } from '../../../src/platform/working-days.js'
import { useTestApp } from '../../helpers/test-app.js'
import {
  actorFor,
  bookingForm,
  courseWithEvent,
  deps,
  linkIn,
  moveEvent,
  officer,
  outbox,
  trainingCounts,
} from './helpers.js'

const t = useTestApp()

const trainer = () => ({ actor: actorFor(t, 'trainer'), requestId: 'test' })

/** An event with three confirmed bookings (agencies 0, 0 and 1), held today. */
async function heldEvent() {
  await saveSettings(t.database.db, officer(t), {
    cancelCutoffDays: 5,
    offerHours: 48,
    noShowCharge: 7500,
    lateCancelCharge: 2500,
  })
  const { eventId } = await courseWithEvent(t, { capacity: 10 })
  const ids: string[] = []
  for (const [n, agency] of [
    [1, 0],
    [2, 0],
    [3, 1],
  ] as const) {
    const outcome = await requestBooking(deps(t), {
      partnershipId: t.northbridge.id,
      eventId,
      form: bookingForm(t, n, agency),
      account: {
        userId: t.userId('social-worker'),
        email: `practitioner${n}@agency.example`,
        name: `Practitioner ${n}`,
      },
      requestId: 'test',
    })
    if (outcome.kind !== 'booked') throw new Error('not booked')
    ids.push(outcome.bookingId)
  }
  await moveEvent(t, eventId, londonToday())
  return { eventId, ids }
}

describe('the register', () => {
  it('refuses to mark a register before the event and writes nothing', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 10 })
    const before = await trainingCounts(t)
    expect(await markRegister(deps(t), trainer(), eventId, {})).toEqual({
      kind: 'refused',
      field: 'form',
      message: 'The register can be marked from the day of the event',
    })
    expect(await trainingCounts(t)).toEqual(before)
  })

  it('charges no-shows by the charging policy and lists the charges per agency', async () => {
    const { eventId, ids } = await heldEvent()
    const [a, b, c] = ids as [string, string, string]
    expect(
      await markRegister(deps(t), trainer(), eventId, {
        [a]: 'attended',
        [b]: 'no-show',
        [c]: 'no-show',
      }),
    ).toEqual({
      kind: 'saved',
      id: eventId,
    })
    const today = londonToday()
    const charges = await chargesList(t.database.db, officer(t), { from: today, to: today })
    expect(charges.rows.map(r => [r.name, r.chargePence])).toEqual([
      ['Practitioner 2', 7500],
      ['Practitioner 3', 7500],
    ])
    expect(charges.agencies.map(a => a.count)).toEqual([1, 1])
    // Correcting a no-show to attended lifts the charge.
    await markRegister(deps(t), trainer(), eventId, { [b]: 'attended' })
    expect(
      (await chargesList(t.database.db, officer(t), { from: today, to: today })).rows,
    ).toHaveLength(1)
  })

  it('sends the evaluation on attendance, and the follow-up three months later through the job runner', async () => {
    const { eventId, ids } = await heldEvent()
    const [a, b] = ids as [string, string]
    await markRegister(deps(t), trainer(), eventId, { [a]: 'attended', [b]: 'no-show' })
    const evaluationMail = (await outbox(t)).filter(m => m.subject.startsWith('How was'))
    expect(evaluationMail.map(m => m.to_address)).toEqual(['practitioner1@agency.example'])
    const jobs = await sql<{ run_at: Date; payload: { bookingId: string } }>`
      select run_at, payload from job where kind = 'training-follow-up'`.execute(t.database.owner)
    expect(jobs.rows.map(j => j.payload.bookingId)).toEqual([a])
    expect(londonToday(new Date(jobs.rows[0]?.run_at ?? 0))).toBe(
      addCalendarMonths(londonToday(), 3),
    )

    const token = linkIn(evaluationMail[0]?.body_text ?? '', 'evaluation')
    const answer = {
      partnershipId: t.northbridge.id,
      token,
      requestId: 'x',
      kind: 'post-course' as const,
      answers: { rating: 5, comments: 'Useful' },
    }
    expect(await submitEvaluation(t.database.db, answer)).toEqual({ kind: 'answered' })
    expect(await submitEvaluation(t.database.db, answer)).toEqual({ kind: 'expired' })

    const runner = new JobRunner(t.database.db, trainingJobs(deps(t)).handlers)
    // Nothing is due yet: the follow-up waits three months.
    await runner.runDue()
    expect((await outbox(t)).filter(m => m.subject.startsWith('Three months on'))).toHaveLength(0)
    await sql`update job set run_at = now() - interval '1 minute' where kind = 'training-follow-up'`.execute(
      t.database.owner,
    )
    expect(await runner.runDue()).toMatchObject({ done: 1 })
    const followUp = (await outbox(t)).filter(m => m.subject.startsWith('Three months on'))
    expect(followUp.map(m => m.to_address)).toEqual(['practitioner1@agency.example'])
    // Running again sends nothing more.
    await runner.runDue()
    expect((await outbox(t)).filter(m => m.subject.startsWith('Three months on'))).toHaveLength(1)

    const followToken = linkIn(followUp[0]?.body_text ?? '', 'follow-up')
    expect(
      await submitEvaluation(t.database.db, {
        partnershipId: t.northbridge.id,
        token: followToken,
        requestId: 'x',
        kind: 'follow-up',
        answers: { impact: true, impactText: 'I now check with health visitors first' },
      }),
    ).toEqual({ kind: 'answered' })
    const rows = await sql<{ kind: string; impact: boolean | null; completed: boolean }>`
      select kind, impact, completed_at is not null as completed from trn_evaluation order by kind`.execute(
      t.database.owner,
    )
    expect(rows.rows).toEqual([
      { kind: 'follow-up', impact: true, completed: true },
      { kind: 'post-course', impact: null, completed: true },
    ])
  })
})
