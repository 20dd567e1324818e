import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../src/db/database.js'
import { applyRetention } from '../../src/modules/privacy/service.js'
import { cutOff } from '../../src/modules/privacy/retention.js'
import { expectNothingWritten } from '../helpers/table-counts.js'
import { useTestApp } from '../helpers/test-app.js'
import { rows } from './engagement/helpers.js'

const t = useTestApp()

describe('the public privacy pages', () => {
  it('give the lawful bases, the partnership’s contacts from its settings, and every cookie', async () => {
    const admin = await t.signInAs('partnership-admin')
    const saved = await t.postForm(
      '/admin/privacy/contacts',
      {
        controllerContact: 'dataprotection@northbridge.example',
        dpoContact: 'dpo@northbridge.example',
      },
      admin,
    )
    expect(saved.statusCode).toBe(303)
    const privacy = await t.inject({ method: 'GET', url: '/privacy' })
    expect(privacy.statusCode).toBe(200)
    for (const text of [
      'Article 6(1)(e)',
      '9(2)(g)',
      '9(2)(h)',
      'Schedule 1',
      'dataprotection@northbridge.example',
      'dpo@northbridge.example',
      'Information Commissioner',
    ])
      expect(privacy.body).toContain(text)
    const cookies = await t.inject({ method: 'GET', url: '/cookies' })
    for (const name of [
      'keepsafe_session',
      'keepsafe_csrf',
      'keepsafe_concern',
      'keepsafe_mfa_setup',
    ])
      expect(cookies.body).toContain(name)
    const accessibility = await t.inject({ method: 'GET', url: '/accessibility' })
    expect(accessibility.body).toContain('WCAG 2.2')
    expect(accessibility.body).toContain('axe')
    expect(accessibility.body).toContain('href="/cookies"')
  })

  it('lists every cookie the service sets', async () => {
    const cookies = (await t.inject({ method: 'GET', url: '/cookies' })).body
    const signIn = await t.inject({ method: 'GET', url: '/sign-in' })
    const set = [signIn.headers['set-cookie']]
      .flat()
      .filter(Boolean)
      .map(c => String(c).split('=')[0])
    const admin = await t.signInAs('partnership-admin')
    set.push(admin.split('=')[0] ?? '')
    for (const name of set) expect(cookies, name).toContain(name)
  })
})

describe('retention rules', () => {
  it('have defaults, are set by the administrator, count what is due and remove it with an audit event', async () => {
    const admin = await t.signInAs('partnership-admin')
    const page = await t.inject({
      method: 'GET',
      url: '/admin/privacy',
      headers: { cookie: admin },
    })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Survey responses that give a name')
    expect(page.body).toContain('value="2"')
    // A named survey response three years old and one from today.
    await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, async trx => {
      const { id } = await trx
        .insertInto('engSurvey')
        .values({
          partnershipId: t.northbridge.id,
          title: 'Old',
          anonymous: false,
          linkToken: 'x'.repeat(24),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      for (const submittedOn of ['2023-01-10', '2026-12-01'])
        await trx
          .insertInto('engSurveyResponse')
          .values({
            partnershipId: t.northbridge.id,
            surveyId: id,
            submittedOn,
            respondentName: 'Ann',
          })
          .execute()
    })
    const dry = await t.inject({ method: 'GET', url: '/admin/privacy', headers: { cookie: admin } })
    expect(dry.body).toMatch(/id="due-named-survey-responses">1</)
    expect(await rows(t, 'select id from eng_survey_response')).toHaveLength(2)

    const refused = await expectNothingWritten(t, () =>
      t.postForm(
        '/admin/privacy/retention',
        { 'named-survey-responses': '0', 'former-bulletin-subscribers': 'x' },
        admin,
      ),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('The number of years must be between 1 and 100')
    expect(refused.body).toContain('Enter the number of years as a whole number')
    const longer = await t.postForm(
      '/admin/privacy/retention',
      {
        'named-survey-responses': '5',
        'former-bulletin-subscribers': '1',
        'unsent-public-reports': '30',
        'no-further-action-contacts': '6',
        'closed-early-help-episodes': '6',
      },
      admin,
    )
    expect(longer.statusCode).toBe(303)
    expect(
      (await t.inject({ method: 'GET', url: '/admin/privacy', headers: { cookie: admin } })).body,
    ).toMatch(/id="due-named-survey-responses">0</)
    await t.postForm(
      '/admin/privacy/retention',
      {
        'named-survey-responses': '2',
        'former-bulletin-subscribers': '1',
        'unsent-public-reports': '30',
        'no-further-action-contacts': '6',
        'closed-early-help-episodes': '6',
      },
      admin,
    )
    const removed = await applyRetention(t.database.db, {
      partnershipId: t.northbridge.id,
      userId: null,
      requestId: null,
    })
    expect(removed).toEqual({
      'named-survey-responses': 1,
      'former-bulletin-subscribers': 0,
      'unsent-public-reports': 0,
      'no-further-action-contacts': 0,
      'closed-early-help-episodes': 0,
    })
    expect(await rows(t, 'select submitted_on from eng_survey_response')).toHaveLength(1)
    const audit = await rows<{ detail: { removed: Record<string, number> } }>(
      t,
      `select detail from audit_event where action = 'privacy.retention.applied'`,
    )
    expect(audit[0]?.detail.removed['named-survey-responses']).toBe(1)
  })

  it('are the administrator’s alone', async () => {
    for (const role of ['business-officer', 'board-member', 'social-worker'] as const) {
      const cookie = await t.signInAs(role)
      const page = await t.inject({ method: 'GET', url: '/admin/privacy', headers: { cookie } })
      expect(page.statusCode, role).toBe(403)
    }
  })

  it('cut off whole years back, 29 February falling on 28 February', () => {
    expect(cutOff('2026-12-06', 6)).toBe('2020-12-06')
    expect(cutOff('2028-02-29', 1)).toBe('2027-02-28')
  })
})
