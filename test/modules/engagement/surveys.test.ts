import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { buildApp } from '../../../src/app.js'
import { createMailer } from '../../../src/platform/mail.js'
import { isRefusal } from '../../../src/platform/refusal.js'
import { submitResponse } from '../../../src/modules/engagement/service/surveys.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { type TestApp, testConfig, useTestApp } from '../../helpers/test-app.js'
import { xlsxRows } from '../../helpers/xlsx.js'
import { planAction, rows } from './helpers.js'

const t = useTestApp()

/** A survey with one question of each type, opened; returns its id and public path. */
async function openSurvey(app: TestApp, cookie: string, anonymous = true, invitedCount = '20') {
  const created = await app.postForm(
    '/engagement/surveys',
    { title: 'Fabricated illness awareness', anonymous: anonymous ? 'yes' : 'no', invitedCount },
    cookie,
  )
  expect(created.statusCode).toBe(303)
  const id = (created.headers.location ?? '').split('/').pop() ?? ''
  const questions: Record<string, string>[] = [
    {
      kind: 'single',
      text: 'Which agency do you work for?',
      options: 'Health\nPolice\nSchool',
      required: 'yes',
    },
    {
      kind: 'multiple',
      text: 'Which signs would you look for?',
      options: 'Missed appointments\nMany doctors\nUnexplained symptoms',
    },
    { kind: 'scale', text: 'How confident are you?', required: 'yes' },
    { kind: 'yes-no', text: 'Have you had training?', required: 'yes' },
    { kind: 'text', text: 'Anything else?' },
  ]
  for (const question of questions) {
    const added = await app.postForm(`/engagement/surveys/${id}/questions`, question, cookie)
    expect(added.statusCode).toBe(303)
  }
  expect(
    (await app.postForm(`/engagement/surveys/${id}/status`, { status: 'open' }, cookie)).statusCode,
  ).toBe(303)
  const [survey] = await rows<{ link_token: string }>(
    app,
    `select link_token from eng_survey where id = '${id}'`,
  )
  return { id, path: `/survey/northbridge/${survey?.link_token ?? ''}` }
}

const goodAnswers = {
  q1: 'Health',
  q2: ['Missed appointments', 'Many doctors'],
  q3: '4',
  q4: 'Yes',
  q5: 'More training please',
}

async function answer(
  app: TestApp,
  path: string,
  fields: Record<string, string | string[]>,
  remoteAddress = '203.0.113.9',
) {
  const { cookie, token } = await app.csrf()
  const body = new URLSearchParams()
  for (const [key, value] of Object.entries({ ...fields, _csrf: token }))
    for (const item of Array.isArray(value) ? value : [value]) body.append(key, item)
  return app.inject({
    method: 'POST',
    url: path,
    remoteAddress,
    headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
    payload: body.toString(),
  })
}

describe('surveys', () => {
  it('are built by the business unit, answered on the public link, and shown as charts with tables and a response rate', async () => {
    const officer = await t.signInAs('business-officer')
    const { id, path } = await openSurvey(t, officer)
    const page = await t.inject({ method: 'GET', url: path })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('How confident are you?')
    expect(page.body).toContain('name="website"')
    const sent = await answer(t, path, goodAnswers)
    expect(sent.statusCode).toBe(303)
    expect(sent.headers.location).toBe('/survey/northbridge/thank-you')
    await answer(t, path, { ...goodAnswers, q1: 'Police', q3: '2', q5: '' })

    const results = await t.inject({
      method: 'GET',
      url: `/engagement/surveys/${id}`,
      headers: { cookie: officer },
    })
    expect(results.statusCode).toBe(200)
    expect(results.body).toContain('2 of 20 invited')
    expect(results.body).toContain('10%')
    expect(results.body).toContain('id="chart-q3-table"')
    expect(results.body).toContain('More training please')

    const csv = await t.inject({
      method: 'GET',
      url: `/engagement/surveys/${id}/responses.csv`,
      headers: { cookie: officer },
    })
    expect(csv.statusCode).toBe(200)
    expect(csv.body.split('\n')[0]).toContain('date')
    expect(csv.body).not.toContain('name,email')
    expect(csv.body).toContain('Missed appointments; Many doctors')

    const xlsx = await t.inject({
      method: 'GET',
      url: `/engagement/surveys/${id}/responses.xlsx`,
      headers: { cookie: officer },
    })
    const sheet = await xlsxRows(xlsx)
    expect(sheet[0]).toContain('date')
    expect(sheet[0]).not.toContain('name')
    expect(sheet.flat()).toContain('Missed appointments; Many doctors')
  })

  it('keep nothing that links an anonymous response to a person or an address: no column, audit event or log line', async () => {
    const stream = new PassThrough()
    const lines: string[] = []
    stream.on('data', (chunk: Buffer) => lines.push(chunk.toString()))
    const config = testConfig({ LOG_LEVEL: 'info' })
    const logged = await buildApp({
      config,
      database: t.database,
      mailer: createMailer({ from: config.mailFrom }),
      logStream: stream,
    })
    const officer = await t.signInAs('business-officer')
    const { id, path } = await openSurvey(t, officer)
    const app = { ...t, inject: logged.app.inject.bind(logged.app), csrf: t.csrf } as TestApp
    const sent = await answer(app, path, goodAnswers, '198.51.100.77')
    expect(sent.statusCode).toBe(303)
    await logged.app.close()

    const [response] = await rows<Record<string, unknown>>(t, 'select * from eng_survey_response')
    expect(response).toBeDefined()
    const responseId = String(response?.id)
    expect(Object.keys(response ?? {}).sort()).toEqual(
      [
        'id',
        'partnership_id',
        'respondent_email',
        'respondent_name',
        'submitted_on',
        'survey_id',
      ].sort(),
    )
    expect(response?.respondent_name).toBeNull()
    expect(response?.respondent_email).toBeNull()
    const columns = await rows<{ table_name: string; column_name: string; data_type: string }>(
      t,
      `select table_name, column_name, data_type from information_schema.columns
       where table_name in ('eng_survey_response', 'eng_survey_answer')`,
    )
    expect(columns.filter(c => c.data_type.startsWith('timestamp'))).toEqual([])
    expect(
      columns.filter(c => /(^|_)(user|ip|address|request|session)(_|$)/.test(c.column_name)),
    ).toEqual([])

    const events = await rows<{
      user_id: string | null
      request_id: string | null
      resource_id: string
      text: string
    }>(
      t,
      `select user_id, request_id, resource_id, (coalesce(fields::text, '') || coalesce(detail::text, '')) as text
       from audit_event where action = 'engagement.survey.answered'`,
    )
    expect(events).toEqual([{ user_id: null, request_id: null, resource_id: id, text: '' }])
    const mentions = await rows<{ n: number }>(
      t,
      `select count(*)::int as n from audit_event
       where resource_id = '${responseId}' or coalesce(fields::text, '') || coalesce(detail::text, '') like '%${responseId}%'
          or coalesce(fields::text, '') || coalesce(detail::text, '') like '%198.51.100.77%'`,
    )
    expect(mentions[0]?.n).toBe(0)
    const log = lines.join('')
    expect(log).toContain('/survey/:slug/:token')
    expect(log).not.toContain('198.51.100.77')
    expect(log).not.toContain(responseId)
  })

  it('refuses an answer out of range, or a choice not offered, with a clear message and nothing written', async () => {
    const officer = await t.signInAs('business-officer')
    const { path } = await openSurvey(t, officer)
    const outOfRange = await expectNothingWritten(t, () =>
      answer(t, path, { ...goodAnswers, q3: '6' }),
    )
    expect(outOfRange.statusCode).toBe(400)
    expect(outOfRange.body).toContain('Select a number from 1 to 5')
    const notOffered = await expectNothingWritten(t, () =>
      answer(t, path, { ...goodAnswers, q1: 'Fire service' }),
    )
    expect(notOffered.body).toContain('Select one of the answers given')
    const missing = await expectNothingWritten(t, () => answer(t, path, { q2: 'Many doctors' }))
    expect(missing.body).toContain('Answer the question: How confident are you?')
    const twoForOne = await expectNothingWritten(t, () =>
      answer(t, path, { ...goodAnswers, q4: ['Yes', 'No'] }),
    )
    expect(twoForOne.body).toContain('Select one answer')
  })

  it('refuses out of range inside the transaction too, writing nothing, when called without the page', async () => {
    const officer = await t.signInAs('business-officer')
    const { path } = await openSurvey(t, officer)
    const token = path.split('/').pop() ?? ''
    const outcome = await expectNothingWritten(t, () =>
      submitResponse(t.database.db, {
        partnershipId: t.northbridge.id,
        token,
        body: { ...goodAnswers, q3: '0' },
        respondent: null,
        requestId: 'test',
      }),
    )
    expect(isRefusal(outcome) && outcome.message).toBe('Select a number from 1 to 5')
  })

  it('asks for a name on a named survey, and keeps it with the answers', async () => {
    const officer = await t.signInAs('business-officer')
    const { id, path } = await openSurvey(t, officer, false, '')
    const nameless = await expectNothingWritten(t, () => answer(t, path, goodAnswers))
    expect(nameless.body).toContain('Enter your name')
    expect(
      (await answer(t, path, { ...goodAnswers, respondentName: 'Sam Jones' })).statusCode,
    ).toBe(303)
    const csv = await t.inject({
      method: 'GET',
      url: `/engagement/surveys/${id}/responses.csv`,
      headers: { cookie: officer },
    })
    expect(csv.body).toContain('Sam Jones')
  })

  it('shows a closed survey or a wrong link as not open, and keeps the builder to the business unit', async () => {
    const officer = await t.signInAs('business-officer')
    const { id, path } = await openSurvey(t, officer)
    await t.postForm(`/engagement/surveys/${id}/status`, { status: 'closed' }, officer)
    expect((await t.inject({ method: 'GET', url: path })).statusCode).toBe(404)
    expect((await expectNothingWritten(t, () => answer(t, path, goodAnswers))).statusCode).toBe(404)
    expect(
      (
        await t.inject({
          method: 'GET',
          url: '/survey/southbridge/' + (path.split('/').pop() ?? ''),
        })
      ).statusCode,
    ).toBe(404)
    const board = await t.signInAs('board-member')
    expect(
      (
        await t.inject({
          method: 'GET',
          url: `/engagement/surveys/${id}`,
          headers: { cookie: board },
        })
      ).statusCode,
    ).toBe(200)
    expect(
      (await t.postForm('/engagement/surveys', { title: 'x', anonymous: 'yes' }, board)).statusCode,
    ).toBe(403)
    const worker = await t.signInAs('social-worker')
    expect(
      (await t.inject({ method: 'GET', url: '/engagement/surveys', headers: { cookie: worker } }))
        .statusCode,
    ).toBe(403)
    const bad = await expectNothingWritten(t, () =>
      t.postForm(
        '/engagement/surveys',
        { title: '', anonymous: 'maybe', invitedCount: 'lots' },
        officer,
      ),
    )
    expect(bad.statusCode).toBe(400)
    for (const message of [
      'Enter the title of the survey',
      'Select whether answers are anonymous',
      'Enter the number invited as a whole number, like 500',
    ])
      expect(bad.body).toContain(message)
  })

  it('links results as evidence to a business plan action through governance', async () => {
    const officer = await t.signInAs('business-officer')
    const { id, path } = await openSurvey(t, officer)
    await answer(t, path, goodAnswers)
    const actionId = await planAction(t, officer)
    expect(
      (await t.postForm(`/engagement/surveys/${id}/evidence`, { actionId }, officer)).statusCode,
    ).toBe(303)
    const evidence = await rows<{ text: string }>(t, 'select text from gov_plan_evidence')
    expect(evidence[0]?.text).toContain(
      'Survey "Fabricated illness awareness": 1 responses of 20 invited (5%)',
    )
    const again = await expectNothingWritten(t, () =>
      t.postForm(`/engagement/surveys/${id}/evidence`, { actionId }, officer),
    )
    expect(again.body).toContain('The survey is already evidence for this action')
  })
})
