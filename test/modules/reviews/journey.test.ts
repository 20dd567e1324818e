import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../helpers/test-app.js'
import { xlsxRows } from '../../helpers/xlsx.js'
import { agencyOf, as, dateFields, referred, snapshot } from './helpers.js'

const t = useTestApp()

describe('a case from referral to a review with recommendations', () => {
  it('screens, notifies, holds the rapid review, decides, and follows the actions in governance', async () => {
    const { officer, caseId } = await referred(t)
    const stored = await t.database.owner
      .selectFrom('cr_case')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(stored.reference).toMatch(/^CR-\d{4}-001$/)
    // Aware Monday 23 November 2026: the notification is due on Monday 30 November.
    expect(stored.notification_due_on).toBe('2026-11-30')

    const agencyId = await agencyOf(t)
    await officer.step(`/reviews/cases/${caseId}/requests`, {
      agencyId,
      question: 'What did your agency know of the family?',
      workingDays: '5',
    })
    const lead = await as(t, 'agency-lead')
    const list = await lead.get('/reviews/requests')
    expect(list.statusCode).toBe(200)
    const requestId = /\/reviews\/requests\/([0-9a-f-]{36})/.exec(list.body)?.[1] ?? ''
    expect(requestId).not.toBe('')
    await lead.step(`/reviews/requests/${requestId}/answer`, {
      answer: 'Health visitor saw the child twice.',
    })

    await officer.step(`/reviews/cases/${caseId}/screening`, {
      ...dateFields('screenedOn', '2026-11-24'),
      abuseSuspected: 'yes',
      criteriaMet: 'yes',
    })
    await officer.step(
      `/reviews/cases/${caseId}/notification`,
      dateFields('notifiedOn', '2026-11-26'),
    )
    const notified = await t.database.owner
      .selectFrom('cr_case')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(notified.rapid_review_due_on).toBe('2026-12-17')
    await officer.step(`/reviews/cases/${caseId}/rapid-review`, {
      ...dateFields('heldOn', '2026-12-03'),
      findings: 'Learning about information sharing between health and police.',
    })
    // The business officer prepares; only the partnership administrator records the decision.
    const refused = await officer.post(`/reviews/cases/${caseId}/decision`, {})
    expect(refused.statusCode).toBe(403)
    const chair = await as(t, 'partnership-admin')
    const reviewUrl = await chair.step(`/reviews/cases/${caseId}/decision`, {
      ...dateFields('decidedOn', '2026-12-04'),
      decision: 'local-review',
      reviewType: 'practice-review',
      reviewTitle: 'Child J',
      rationale: 'The rapid review found learning for several agencies.',
    })
    expect(reviewUrl).toMatch(/^\/reviews\/reviews\//)
    const review = await t.database.owner
      .selectFrom('cr_review')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(review.target_publication_on).toBe('2027-06-04')

    await officer.step(`${reviewUrl}/recommendations`, {
      number: '1',
      text: 'Agencies share concerns about head injuries in babies within a day.',
      action: 'Joint protocol between the hospital and the police',
      agencyId,
      ...dateFields('actionDueOn', '2026-12-04'),
    })
    const action = await t.database.owner
      .selectFrom('gov_plan_action')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(action.lead_agency_id).toBe(agencyId)
    const planned = await t.database.owner
      .selectFrom('cr_review')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(planned.plan_id).toBe(action.plan_id)
    const page = await officer.get(reviewUrl)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Agencies share concerns about head injuries')
    expect(page.body).toContain(`/governance/plans/${planned.plan_id as string}`)

    const card = await as(t, 'board-member')
    const report = await card.get('/reviews/report-card')
    expect(report.statusCode).toBe(200)
    expect(report.body).not.toContain('Jamie Doe')
    const csv = await card.get('/reviews/report-card.csv')
    expect(csv.body).toContain('Review actions overdue,1')

    // Every list downloads as a spreadsheet too, with the CSV's rows.
    const sheet = await xlsxRows(await card.get('/reviews/report-card.xlsx'))
    expect(sheet).toContainEqual(['Review actions overdue', '1'])
    const cases = await xlsxRows(await officer.get('/reviews/cases.xlsx'))
    expect(cases[0]?.[0]).toBe('Reference')
    expect(cases[1]?.[0]).toBe(stored.reference)
    const reviews = await xlsxRows(await officer.get('/reviews/reviews.xlsx'))
    expect(reviews[1]?.slice(0, 1)).toEqual(['Child J'])
  })

  it('records the Milton Keynes 2011/12 screening log: nine cases, none met the criteria', async () => {
    const officer = await as(t, 'business-officer')
    const chair = await as(t, 'partnership-admin')
    for (let n = 1; n <= 9; n++) {
      const { caseId } = await referred(t)
      await officer.step(`/reviews/cases/${caseId}/screening`, {
        ...dateFields('screenedOn', '2026-11-25'),
        abuseSuspected: n % 2 ? 'yes' : 'no',
        criteriaMet: 'no',
      })
      await chair.step(`/reviews/cases/${caseId}/decision`, {
        ...dateFields('decidedOn', '2026-11-26'),
        decision: 'no-review',
        rationale: 'Does not meet the criteria.',
        ...(n === 1
          ? { alternativeAction: 'Health initiated an individual management review' }
          : {}),
      })
    }
    const csv = await chair.get('/reviews/report-card.csv')
    expect(csv.statusCode).toBe(200)
    expect(csv.body).toContain('Cases screened,9')
    expect(csv.body).toContain('Cases that met the criteria,0')
    expect(csv.body).toContain('Decisions not to hold a local review,9')
  })
})

describe('who sees case reviews', () => {
  it('gives a social worker 404 on a case, the referrer their own referral only, and auditors a read', async () => {
    const { caseId } = await referred(t)
    const worker = await as(t, 'social-worker')
    expect((await worker.get(`/reviews/cases/${caseId}`)).statusCode).toBe(404)
    expect((await worker.get('/reviews')).statusCode).toBe(403)
    const auditor = await as(t, 'auditor')
    const read = await auditor.get(`/reviews/cases/${caseId}`)
    expect(read.statusCode).toBe(200)
    expect(read.body).not.toContain('Record screening')
    expect((await auditor.post(`/reviews/cases/${caseId}/screening`, {})).statusCode).toBe(403)
    // A social worker who refers sees what they sent, not the case file.
    const own = await worker.step('/reviews/refer', {
      childName: 'Sam Roe',
      harm: 'died',
      ...dateFields('awareOn', '2026-11-30'),
      summary: 'Unexpected death of an infant known to children’s social care.',
    })
    const mine = await worker.get(own)
    expect(mine.statusCode).toBe(200)
    expect(mine.body).toContain('You will hear from the partnership')
    expect(mine.body).not.toContain('Information from agencies')
    const other = await as(t, 'business-officer', t.southbridge)
    expect((await other.get(`/reviews/cases/${caseId}`)).statusCode).toBe(404)
    const views = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'case-review.case.viewed')
      .execute()
    expect(views.length).toBe(2)
  })

  it('shows an agency lead only the requests asked of their agency', async () => {
    const { officer, caseId } = await referred(t)
    const own = await agencyOf(t)
    const other = t.northbridge.agencyIds.find(id => id !== own) ?? ''
    for (const agencyId of [own, other])
      await officer.step(`/reviews/cases/${caseId}/requests`, {
        agencyId,
        question: `For ${agencyId}`,
        workingDays: '10',
      })
    const requests = await t.database.owner
      .selectFrom('cr_information_request')
      .selectAll()
      .execute()
    const theirs = requests.find(r => r.agency_id === own)
    const notTheirs = requests.find(r => r.agency_id === other)
    const lead = await as(t, 'agency-lead')
    const list = await lead.get('/reviews/requests')
    expect(list.body).toContain(`/reviews/requests/${theirs?.id as string}`)
    expect(list.body).not.toContain(`/reviews/requests/${notTheirs?.id as string}`)
    expect((await lead.get(`/reviews/requests/${notTheirs?.id as string}`)).statusCode).toBe(404)
    const before = await snapshot(t)
    expect(
      (await lead.post(`/reviews/requests/${notTheirs?.id as string}/answer`, { answer: 'x' }))
        .statusCode,
    ).toBe(404)
    expect((await lead.get(`/reviews/cases/${caseId}`)).statusCode).toBe(404)
    expect(await snapshot(t)).toEqual(before)
  })
})
