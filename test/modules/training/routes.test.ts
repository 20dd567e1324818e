import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { londonToday } from '../../../src/platform/calendar.js'
import { useTestApp } from '../../helpers/test-app.js'
import { courseWithEvent, linkIn, moveEvent, outbox, trainingCounts } from './helpers.js'

const t = useTestApp()

const form = (n: number, extra: Record<string, string> = {}) => ({
  name: `Practitioner ${n}`,
  email: `practitioner${n}@agency.example`,
  agencyId: t.northbridge.agencyIds[0] ?? '',
  jobRole: 'School nurse',
  ...extra,
})

describe('the public programme', () => {
  it('shows coming events without signing in, and refuses a repeated or unknown query parameter', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 3 })
    const page = await t.inject({ method: 'GET', url: '/programme/northbridge' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Working together to safeguard children')
    expect(page.body).toContain(`/programme/northbridge/events/${eventId}`)
    expect(page.body).toContain('3 of 3 free')
    expect(
      (await t.inject({ method: 'GET', url: '/programme/northbridge?course=a&course=b' }))
        .statusCode,
    ).toBe(400)
    expect(
      (await t.inject({ method: 'GET', url: '/programme/northbridge?course=not-a-course' }))
        .statusCode,
    ).toBe(400)
    expect(
      (await t.inject({ method: 'GET', url: '/programme/northbridge?sort=x' })).statusCode,
    ).toBe(400)
    expect((await t.inject({ method: 'GET', url: '/programme/nowhere' })).statusCode).toBe(404)
  })

  it('books with a verified email: a link is sent, and following it takes the place', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 3 })
    const booked = await t.postForm(`/programme/northbridge/events/${eventId}`, form(1))
    expect(booked.statusCode).toBe(200)
    expect(booked.body).toContain('Check your email')
    const token = linkIn((await outbox(t))[0]?.body_text ?? '', 'confirm')
    const confirmPage = await t.inject({
      method: 'GET',
      url: `/programme/northbridge/confirm/${token}`,
    })
    expect(confirmPage.body).toContain('Confirm my booking')
    const confirmed = await t.postForm(`/programme/northbridge/confirm/${token}`, {})
    expect(confirmed.body).toContain('Your place is booked')
    const again = await t.postForm(`/programme/northbridge/confirm/${token}`, {})
    expect(again.statusCode).toBe(404)
    expect(again.body).toContain('This link has expired or been used')
  })

  it('shows GOV.UK errors for bad input and writes nothing', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 3 })
    const before = await trainingCounts(t)
    const response = await t.postForm(`/programme/northbridge/events/${eventId}`, {
      name: '',
      email: 'not-an-email',
      agencyId: 'x',
      jobRole: '',
      waitingList: 'maybe',
    })
    expect(response.statusCode).toBe(400)
    for (const message of [
      'Enter your full name',
      'Enter an email address in the correct format, like name@example.org',
      'Select your agency',
      'Enter your job title or role',
    ])
      expect(response.body).toContain(message)
    expect(await trainingCounts(t)).toEqual(before)
  })

  it('refuses a full event and a second booking with clear messages, writing nothing', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 1 })
    const cookie = await t.signInAs('social-worker')
    expect(
      (await t.postForm(`/programme/northbridge/events/${eventId}`, form(1), cookie)).body,
    ).toContain('Your place is booked')
    let before = await trainingCounts(t)
    const twice = await t.postForm(`/programme/northbridge/events/${eventId}`, form(1), cookie)
    expect(twice.statusCode).toBe(400)
    expect(twice.body).toContain('You have already booked this event')
    expect(await trainingCounts(t)).toEqual(before)
    before = await trainingCounts(t)
    const full = await t.postForm(`/programme/northbridge/events/${eventId}`, form(2))
    expect(full.statusCode).toBe(400)
    expect(full.body).toContain(
      'This event is full. Choose to join the waiting list, or book another date',
    )
    expect(await trainingCounts(t)).toEqual(before)
  })

  it('gives the last place to one of two people booking it at once', async () => {
    const { eventId } = await courseWithEvent(t, { capacity: 1 })
    const [first, second] = await Promise.all([
      t.signInAs('social-worker'),
      t.signInAs('front-door-practitioner'),
    ])
    const responses = await Promise.all([
      t.postForm(`/programme/northbridge/events/${eventId}`, form(1), first),
      t.postForm(`/programme/northbridge/events/${eventId}`, form(2), second),
    ])
    expect(responses.map(r => r.statusCode).sort()).toEqual([200, 400])
    const held = await sql<{ n: string }>`
      select count(*) as n from trn_booking where event_id = ${eventId} and status = 'confirmed'`.execute(
      t.database.owner,
    )
    expect(Number(held.rows[0]?.n)).toBe(1)
  })
})

describe('the business unit and trainers', () => {
  it('lets the trainer mark the register, sends the evaluation, and lists the charges as CSV and XLSX', async () => {
    const officer = await t.signInAs('business-officer')
    await t.postForm(
      '/training/settings',
      { cancelCutoffDays: '5', offerHours: '48', noShowCharge: '60', lateCancelCharge: '30' },
      officer,
    )
    const { eventId } = await courseWithEvent(t, { capacity: 5 })
    const worker = await t.signInAs('social-worker')
    await t.postForm(`/programme/northbridge/events/${eventId}`, form(1), worker)
    const other = await t.signInAs('front-door-practitioner')
    await t.postForm(
      `/programme/northbridge/events/${eventId}`,
      form(2, { agencyId: t.northbridge.agencyIds[2] ?? '' }),
      other,
    )
    await moveEvent(t, eventId, londonToday())

    const trainer = await t.signInAs('trainer')
    const register = await t.inject({
      method: 'GET',
      url: `/training/events/${eventId}/register`,
      headers: { cookie: trainer },
    })
    expect(register.statusCode).toBe(200)
    const ids = [...register.body.matchAll(/name="mark-([0-9a-f-]{36})"/g)].map(m => m[1] ?? '')
    const unique = [...new Set(ids)]
    expect(unique).toHaveLength(2)
    const names = await sql<{ id: string; name: string }>`select id, name from trn_booking`.execute(
      t.database.owner,
    )
    const idOf = (name: string) => names.rows.find(r => r.name === name)?.id ?? ''

    const before = await trainingCounts(t)
    const missing = await t.postForm(
      `/training/events/${eventId}/register`,
      { [`mark-${idOf('Demo Social Worker')}`]: 'attended' },
      trainer,
    )
    expect(missing.statusCode).toBe(400)
    expect(missing.body).toContain('Select whether the person attended')
    // Showing the register again is a read, audited as one; nothing else is written.
    expect(await trainingCounts(t)).toEqual({
      ...before,
      audit_event: (before.audit_event ?? 0) + 1,
    })

    const saved = await t.postForm(
      `/training/events/${eventId}/register`,
      {
        [`mark-${idOf('Demo Social Worker')}`]: 'attended',
        [`mark-${idOf('Demo Front Door Practitioner')}`]: 'no-show',
      },
      trainer,
    )
    expect(saved.statusCode).toBe(303)
    const evaluation = (await outbox(t)).find(m => m.subject.startsWith('How was'))
    const token = linkIn(evaluation?.body_text ?? '', 'evaluation')
    const bad = await t.postForm(`/programme/northbridge/evaluation/${token}`, { rating: '9' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Select how useful the course was, from 1 to 5')
    const answered = await t.postForm(`/programme/northbridge/evaluation/${token}`, {
      rating: '4',
      comments: 'Clear',
    })
    expect(answered.body).toContain('Thank you')

    const today = londonToday()
    const csv = await t.inject({
      method: 'GET',
      url: `/training/charges?from=${today}&to=${today}&format=csv`,
      headers: { cookie: officer },
    })
    expect(csv.statusCode).toBe(200)
    expect(csv.body).toContain('Demo Front Door Practitioner')
    expect(csv.body).toContain(',60')
    const xlsx = await t.inject({
      method: 'GET',
      url: `/training/charges?from=${today}&to=${today}&format=xlsx`,
      headers: { cookie: officer },
    })
    expect(xlsx.headers['content-type']).toContain('spreadsheetml')
    expect(
      (
        await t.inject({
          method: 'GET',
          url: '/training/charges?from=2017-02-30',
          headers: { cookie: officer },
        })
      ).statusCode,
    ).toBe(400)
    expect(
      (await t.inject({ method: 'GET', url: '/training/charges', headers: { cookie: trainer } }))
        .statusCode,
    ).toBe(403)
    const exports = await sql<{
      n: string
    }>`select count(*) as n from audit_event where action = 'training.exported'`.execute(
      t.database.owner,
    )
    expect(Number(exports.rows[0]?.n)).toBe(2)
  })

  it('keeps the catalogue to the business unit: a trainer may not add a course', async () => {
    const trainer = await t.signInAs('trainer')
    expect(
      (
        await t.inject({
          method: 'GET',
          url: '/training/courses/new',
          headers: { cookie: trainer },
        })
      ).statusCode,
    ).toBe(403)
    const officer = await t.signInAs('business-officer')
    const bad = await t.postForm(
      '/training/courses',
      { title: '', level: '9', durationMinutes: 'x' },
      officer,
    )
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Enter the course title')
    expect(bad.body).toContain('Select the level of the course')
    const saved = await t.postForm(
      '/training/courses',
      {
        title: 'Neglect',
        level: '2',
        audience: 'All',
        outcomes: 'Spot neglect',
        durationMinutes: '180',
        needsApproval: 'no',
      },
      officer,
    )
    expect(saved.statusCode).toBe(303)
    const again = await t.postForm(
      '/training/courses',
      {
        title: 'neglect',
        level: '2',
        audience: 'All',
        outcomes: 'Spot neglect',
        durationMinutes: '180',
        needsApproval: 'no',
      },
      officer,
    )
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('There is already a course with this title')
  })

  it('shows the figures page with its CSV to an analyst', async () => {
    const analyst = await t.signInAs('analyst')
    const page = await t.inject({
      method: 'GET',
      url: '/training/figures?from=2016-04-01&to=2017-03-31',
      headers: { cookie: analyst },
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('No training in this period')
    const csv = await t.inject({
      method: 'GET',
      url: '/training/figures?from=2016-04-01&to=2017-03-31&format=csv',
      headers: { cookie: analyst },
    })
    expect(csv.body).toContain('Course subjects,0')
    const bad = await t.inject({
      method: 'GET',
      url: '/training/figures?from=2017-04-01&to=2016-03-31',
      headers: { cookie: analyst },
    })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('The last date must be on or after the first date')
  })
})
