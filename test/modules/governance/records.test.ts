import { describe, expect, it } from 'vitest'
import { inPartnership, type Trx } from '../../../src/db/database.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { addBody, csv, parseCsvText, upload, visibleText } from './helpers.js'

const t = useTestApp()

const PDF = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n')

async function get(url: string, cookie: string) {
  return t.inject({ method: 'GET', url, headers: { cookie } })
}

async function events(action: string) {
  return t.database.owner
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .execute()
}

async function addMeeting(bodyId: string, cookie: string, heldOn = '2016-10-12') {
  const response = await t.postForm(
    `/governance/bodies/${bodyId}/meetings`,
    { title: 'Board meeting', heldOn, status: 'held' },
    cookie,
  )
  expect(response.statusCode).toBe(303)
  return /meetings\/([0-9a-f-]{36})/.exec(response.headers.location ?? '')?.[1] ?? ''
}

async function addRisk(cookie: string, fields: Record<string, string> = {}) {
  return t.postForm(
    '/governance/risks',
    {
      reference: 'R1',
      title: 'Agencies do not submit data for the dataset',
      ownerName: 'PMQA subgroup chair',
      likelihood: '4',
      impact: '3',
      rag: 'amber',
      reviewOn: '2017-01-31',
      ...fields,
    },
    cookie,
  )
}

describe('risk register', () => {
  it('adds and reviews a risk, keeping its history, and lists risks by score', async () => {
    const officer = await t.signInAs('business-officer')
    const created = await addRisk(officer)
    expect(created.statusCode).toBe(303)
    expect(
      (
        await addRisk(officer, {
          reference: 'R2',
          title: 'Training budget cut',
          likelihood: '5',
          impact: '5',
          rag: 'red',
        })
      ).statusCode,
    ).toBe(303)
    const duplicate = await addRisk(officer)
    expect(duplicate.body).toContain('There is already a risk with this reference')
    const reviewed = await t.postForm(
      `${created.headers.location ?? ''}/reviews`,
      {
        likelihood: '2',
        impact: '3',
        rag: 'green',
        reviewOn: '2017-04-30',
        status: 'open',
        note: 'Dataset now complete',
      },
      officer,
    )
    expect(reviewed.statusCode).toBe(303)
    const page = visibleText((await get(created.headers.location ?? '', officer)).body)
    expect(page).toContain('Likelihood × impact 2 × 3 = 6')
    expect(page).toContain('Dataset now complete')
    expect(page).toContain('Risk added to the register')
    const history = await t.database.owner.selectFrom('gov_risk_history').selectAll().execute()
    expect(history).toHaveLength(3)
    const [review] = await events('governance.risk.reviewed')
    expect(review?.fields).toMatchObject({
      likelihood: { from: 4, to: 2 },
      rag: { from: 'amber', to: 'green' },
    })

    const exported = parseCsvText((await get('/governance/risks?format=csv', officer)).body)
    expect(exported.slice(1).map(row => [row[0], row[5], row[6]])).toEqual([
      ['R2', '25', 'red'],
      ['R1', '6', 'green'],
    ])
  })

  it('refuses a risk without scores or a real review date', async () => {
    const officer = await t.signInAs('business-officer')
    const response = await expectNothingWritten(t, () =>
      addRisk(officer, { likelihood: '7', impact: '', reviewOn: '2017-02-30' }),
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Select the likelihood, from 1 (lowest) to 5 (highest)')
    expect(response.body).toContain('Select the impact, from 1 (lowest) to 5 (highest)')
    expect(response.body).toContain('The next review date must be a real date')
  })
})

describe('challenge log', () => {
  it('records a challenge at a meeting, its response and closure', async () => {
    const officer = await t.signInAs('business-officer')
    const bodyId = await addBody(t, officer)
    const meetingId = await addMeeting(bodyId, officer)
    const created = await t.postForm(
      '/governance/challenges',
      {
        raisedOn: '2016-10-12',
        raisedBy: 'Independent Chair',
        challenged: 'Thames Valley Police',
        meetingId,
        subject: 'Attendance at initial child protection conferences',
      },
      officer,
    )
    expect(created.statusCode).toBe(303)
    const notClosed = await expectNothingWritten(t, () =>
      t.postForm(
        created.headers.location ?? '',
        { status: 'closed', response: 'Rota agreed' },
        officer,
      ),
    )
    expect(notClosed.statusCode).toBe(400)
    expect(notClosed.body).toContain('Enter the date the challenge was closed')
    const closed = await t.postForm(
      created.headers.location ?? '',
      {
        status: 'closed',
        closedOn: '2017-01-18',
        response: 'Rota agreed',
        impact: 'Attendance 95% in Q4',
      },
      officer,
    )
    expect(closed.statusCode).toBe(303)
    const page = visibleText((await get(created.headers.location ?? '', officer)).body)
    expect(page).toContain('Meeting Safeguarding Children Board, 12 October 2016')
    expect(page).toContain('Status Closed on 18 January 2017')
    const open = await get('/governance/challenges?status=open', officer)
    expect(open.body).not.toContain('Attendance at initial child protection conferences')
    const exported = parseCsvText((await get('/governance/challenges?format=csv', officer)).body)
    expect(exported[1]?.slice(6)).toEqual(['Attendance 95% in Q4', 'closed', '2017-01-18'])
    expect(await events('governance.challenge.updated')).toHaveLength(1)
  })
})

describe('agendas, decisions, actions and papers', () => {
  it('puts standing items on every new agenda with their reports, and keeps a running action log', async () => {
    const officer = await t.signInAs('business-officer')
    const bodyId = await addBody(t, officer)
    await addRisk(officer, { rag: 'red' })
    for (const [title, report] of [
      ['Risk register', 'risk-register'],
      ['Action log', 'action-log'],
      ['Minutes of the last meeting', ''],
    ]) {
      const added = await t.postForm(
        `/governance/bodies/${bodyId}/standing-items`,
        { title: title!, report: report! },
        officer,
      )
      expect(added.statusCode).toBe(303)
    }
    const first = await addMeeting(bodyId, officer, '2016-07-13')
    const action = await t.postForm(
      `/governance/meetings/${first}/actions`,
      {
        text: 'Circulate the neglect strategy',
        ownerName: 'Business manager',
        dueOn: '2016-08-31',
      },
      officer,
    )
    expect(action.statusCode).toBe(303)
    const decision = await t.postForm(
      `/governance/meetings/${first}/decisions`,
      { text: 'Neglect strategy approved' },
      officer,
    )
    expect(decision.statusCode).toBe(303)
    const second = await addMeeting(bodyId, officer, '2016-10-12')
    const text = visibleText((await get(`/governance/meetings/${second}`, officer)).body)
    expect(text).toContain(
      // 4 × 3 is amber by the partnership's matrix, whatever rating is sent with the form.
      'Agenda Risk register Open risks, highest score first: R1 Agencies do not submit data for the dataset : 4 × 3, Amber',
    )
    expect(text).toContain(
      'Action log Circulate the neglect strategy: Business manager, due 31 August 2016 (Open)',
    )
    expect(text).toContain('Minutes of the last meeting')
    const log = parseCsvText(
      (await get(`/governance/bodies/${bodyId}/actions?format=csv`, officer)).body,
    )
    expect(log[1]).toEqual([
      '2016-07-13',
      'Circulate the neglect strategy',
      'Business manager',
      '2016-08-31',
      'open',
    ])
    expect(
      visibleText((await get(`/governance/bodies/${bodyId}/actions`, officer)).body),
    ).toContain('Overdue')
    const actionId = (
      await t.database.owner.selectFrom('gov_action').select('id').executeTakeFirstOrThrow()
    ).id
    expect(
      (await t.postForm(`/governance/actions/${actionId}/status`, { status: 'done' }, officer))
        .statusCode,
    ).toBe(303)
    expect(
      (await get(`/governance/bodies/${bodyId}/actions?format=csv`, officer)).body,
    ).not.toContain('neglect strategy')
    expect(visibleText((await get(`/governance/meetings/${first}`, officer)).body)).toContain(
      'Neglect strategy approved',
    )
    const empty = await expectNothingWritten(t, () =>
      t.postForm(
        `/governance/meetings/${first}/actions`,
        { text: '', ownerName: '', dueOn: 'tomorrow' },
        officer,
      ),
    )
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('The date the action is due must be a real date')
  })

  it('keeps papers versioned and readable only by the body’s members and the business unit', async () => {
    const officer = await t.signInAs('business-officer')
    const bodyId = await addBody(t, officer)
    const meetingId = await addMeeting(bodyId, officer)
    const first = await upload(
      t,
      `/governance/meetings/${meetingId}/papers`,
      'dataset.pdf',
      PDF,
      officer,
      { title: 'Quarterly dataset' },
    )
    expect(first.statusCode).toBe(303)
    const second = await upload(
      t,
      `/governance/meetings/${meetingId}/papers`,
      'dataset.pdf',
      PDF,
      officer,
      { title: 'Quarterly dataset' },
    )
    expect(second.statusCode).toBe(303)
    const refused = await expectNothingWritten(t, () =>
      upload(
        t,
        `/governance/meetings/${meetingId}/papers`,
        'run.sh',
        '#!/bin/sh\necho hi\n',
        officer,
        { title: 'Script' },
      ),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(
      'The selected file must be a PDF, Word, Excel or PowerPoint file',
    )
    const papers = await t.database.owner
      .selectFrom('gov_paper')
      .select(['id', 'version', 'filename'])
      .orderBy('version')
      .execute()
    expect(papers.map(p => [p.version, p.filename])).toEqual([
      [1, 'Quarterly-dataset-v1.pdf'],
      [2, 'Quarterly-dataset-v2.pdf'],
    ])
    const paperId = String(papers[1]?.id)
    const download = await get(`/governance/papers/${paperId}`, officer)
    expect(download.statusCode).toBe(200)
    expect(download.headers['content-type']).toBe('application/pdf')
    expect(download.rawPayload.equals(PDF)).toBe(true)

    const board = await t.signInAs('board-member')
    expect((await get(`/governance/papers/${paperId}`, board)).statusCode).toBe(404)
    expect(visibleText((await get(`/governance/meetings/${meetingId}`, board)).body)).toContain(
      'No papers you can read',
    )
    // The database refuses too, whatever the app asks.
    const direct = await inPartnership(
      t.database.db,
      { partnershipId: t.northbridge.id, userId: t.userId('board-member') },
      trx => trx.selectFrom('govPaper').select('id').execute(),
    )
    expect(direct).toEqual([])

    const member = await t.postForm(
      `/governance/bodies/${bodyId}/memberships`,
      {
        memberName: 'Director of Children’s Services',
        role: 'member',
        startsOn: '2016-04-01',
        userId: t.userId('board-member'),
      },
      officer,
    )
    expect(member.statusCode).toBe(303)
    expect((await get(`/governance/papers/${paperId}`, board)).statusCode).toBe(200)
    expect(await events('governance.paper.read')).toHaveLength(2)
    expect(await events('governance.paper.uploaded')).toHaveLength(2)
  })
})

describe('inspections and recommendations', () => {
  it('records Ofsted 2015 with recommendations linked to the business plan actions that answer them', async () => {
    const officer = await t.signInAs('business-officer')
    await t.postForm(
      '/governance/plans',
      { title: 'Plan 2014-17', startsOn: '2014-04-01', endsOn: '2017-03-31' },
      officer,
    )
    const header = [
      'plan',
      'priority_number',
      'priority_title',
      'action_reference',
      'specific_action',
      'leads',
      'lead_agency',
      'success_indicators',
      'source_tags',
      'rag',
      'impact_and_evidence',
      'step_text',
      'step_due',
      'step_revised_due',
      'step_status',
    ]
    const plan = await upload(
      t,
      '/governance/import/plan',
      'plan.csv',
      csv(header, [
        [
          'Plan 2014-17',
          '6',
          'Effectiveness',
          '6.2.4',
          'Governance review',
          'MSCB Executive',
          '',
          '',
          'Ofsted 2015 recommendation 1',
          '',
          '',
          'Away day',
          '2015-05-29',
          '',
          'complete',
        ],
        [
          'Plan 2014-17',
          '6',
          'Effectiveness',
          '6.2.4',
          'Governance review',
          'MSCB Executive',
          '',
          '',
          '',
          '',
          '',
          'Board agrees',
          '2016-01',
          '',
          '',
        ],
      ]),
      officer,
    )
    expect(plan.statusCode).toBe(303)
    const created = await t.postForm(
      '/governance/inspections',
      {
        inspectorate: 'ofsted',
        subject: 'Review of the Local Safeguarding Children Board',
        startedOn: '2015-09-14',
        endedOn: '2015-10-08',
        publishedOn: '2015-11-27',
        judgement: 'requires improvement to be good',
      },
      officer,
    )
    expect(created.statusCode).toBe(303)
    const url = created.headers.location ?? ''
    const unknown = await expectNothingWritten(t, () =>
      t.postForm(
        `${url}/recommendations`,
        { number: '1', text: 'Review governance', actionReferences: '9.9.9' },
        officer,
      ),
    )
    expect(unknown.statusCode).toBe(400)
    expect(unknown.body).toContain('There is no business plan action 9.9.9')
    const linked = await t.postForm(
      `${url}/recommendations`,
      { number: '1', text: 'Review governance', actionReferences: '6.2.4' },
      officer,
    )
    expect(linked.statusCode).toBe(303)
    const text = visibleText((await get(url, officer)).body)
    expect(text).toContain('Judgement requires improvement to be good')
    expect(text).toContain('1 Review governance 6.2.4 (1 of 2 steps complete)')
    const recommendation = await t.database.owner
      .selectFrom('gov_recommendation')
      .select('id')
      .executeTakeFirstOrThrow()
    expect(
      (
        await t.postForm(
          `/governance/recommendations/${recommendation.id}/status`,
          { status: 'in-progress' },
          officer,
        )
      ).statusCode,
    ).toBe(303)
    const list = parseCsvText((await get('/governance/inspections?format=csv', officer)).body)
    expect(list[1]).toEqual([
      'Ofsted',
      'Review of the Local Safeguarding Children Board',
      '',
      '2015-09-14',
      '2015-10-08',
      '2015-11-27',
      'requires improvement to be good',
    ])
    expect(await events('governance.recommendation.updated')).toHaveLength(1)
  })
})

describe('series of meetings, minutes and ending memberships', () => {
  it('schedules a quarterly series, records minutes and ends a membership without orphaning attendance', async () => {
    const officer = await t.signInAs('business-officer')
    const bodyId = await addBody(t, officer)
    const series = await t.postForm(
      `/governance/bodies/${bodyId}/meetings`,
      {
        title: 'Board meeting',
        heldOn: '2016-01-31',
        status: 'held',
        repeatMonths: '3',
        occurrences: '4',
      },
      officer,
    )
    expect(series.statusCode).toBe(303)
    const meetings = await t.database.owner
      .selectFrom('gov_meeting')
      .select(['held_on', 'status'])
      .orderBy('held_on')
      .execute()
    expect(meetings.map(m => [m.held_on, m.status])).toEqual([
      ['2016-01-31', 'held'],
      ['2016-04-30', 'scheduled'],
      ['2016-07-31', 'scheduled'],
      ['2016-10-31', 'scheduled'],
    ])
    const tooMany = await t.postForm(
      `/governance/bodies/${bodyId}/meetings`,
      {
        title: 'Extra',
        heldOn: '2017-01-31',
        status: 'scheduled',
        repeatMonths: '1',
        occurrences: '13',
      },
      officer,
    )
    expect(tooMany.body).toContain('Enter how many meetings to schedule, from 1 to 12')

    const firstId = /meetings\/([0-9a-f-]{36})/.exec(series.headers.location ?? '')?.[1] ?? ''
    const minutes = await t.postForm(
      `/governance/meetings/${firstId}/minutes`,
      { minutes: 'Chair welcomed members.\nApologies noted.' },
      officer,
    )
    expect(minutes.statusCode).toBe(303)
    const board = await t.signInAs('board-member')
    expect((await get(`/governance/meetings/${firstId}`, board)).body).toContain(
      'Chair welcomed members.<br />',
    )

    await t.postForm(
      `/governance/bodies/${bodyId}/memberships`,
      { memberName: 'Cafcass', role: 'member', startsOn: '2016-01-01' },
      officer,
    )
    const membership = await t.database.owner
      .selectFrom('gov_membership')
      .select('id')
      .executeTakeFirstOrThrow()
    const april = await t.database.owner
      .selectFrom('gov_meeting')
      .select('id')
      .where('held_on', '=', '2016-04-30')
      .executeTakeFirstOrThrow()
    await t.postForm(
      `/governance/meetings/${april.id}/attendance`,
      { [`status-${membership.id}`]: 'present' },
      officer,
    )
    const tooEarly = await expectNothingWritten(t, () =>
      t.postForm(`/governance/memberships/${membership.id}/end`, { endsOn: '2016-03-31' }, officer),
    )
    expect(tooEarly.statusCode).toBe(400)
    expect(visibleText(tooEarly.body)).toContain(
      'Cafcass has attendance recorded on 30 April 2016, after that date',
    )
    const ended = await t.postForm(
      `/governance/memberships/${membership.id}/end`,
      { endsOn: '2016-05-31' },
      officer,
    )
    expect(ended.statusCode).toBe(303)
    expect(await events('governance.membership.ended')).toHaveLength(1)
  })
})

describe('importing the risk register and challenge log', () => {
  it('imports risks and challenges from their templates, and rejects a file with any bad row', async () => {
    const officer = await t.signInAs('business-officer')
    const template = parseCsvText((await get('/governance/import/risks/template', officer)).body)
    const [header] = template
    const bad = await expectNothingWritten(t, () =>
      upload(
        t,
        '/governance/import/risks',
        'risks.csv',
        csv(header!, [
          ['R1', 'Data', '', 'PMQA chair', '4', '3', '', 'Amber', '2017-01-31', 'open'],
          ['R2', '', '', 'Chair', '9', '3', '', 'purple', '2017-01-31', 'maybe'],
        ]),
        officer,
      ),
    )
    expect(bad.statusCode).toBe(400)
    expect(visibleText(bad.body)).toContain('3 status Enter open or closed')
    expect(await t.database.owner.selectFrom('gov_risk').select('id').execute()).toEqual([])
    const good = await upload(
      t,
      '/governance/import/risks',
      'risks.csv',
      csv(header!, [
        ['R1', 'Data', '', 'PMQA chair', '4', '3', '', 'Amber', '2017-01-31', 'open'],
        ['R2', 'Budget', '', 'Chair', '2', '3', '', 'green', '2017-01-31', 'closed'],
      ]),
      officer,
    )
    expect(good.statusCode).toBe(303)
    expect(good.headers.location).toBe('/governance/import/risks?imported=2')
    const risks = parseCsvText((await get('/governance/risks?format=csv&status=all', officer)).body)
    expect(risks.slice(1).map(r => [r[0], r[9]])).toEqual([
      ['R1', 'open'],
      ['R2', 'closed'],
    ])

    const challenges = await expectNothingWritten(t, () =>
      upload(
        t,
        '/governance/import/challenges',
        'challenges.csv',
        csv(
          [
            'raised_on',
            'raised_by',
            'challenged',
            'challenge',
            'response',
            'impact',
            'status',
            'closed_on',
          ],
          [
            [
              '2016-10-12',
              'Independent Chair',
              'Police',
              'Conference attendance',
              'Rota',
              '',
              'closed',
              '2017-01-18',
            ],
            ['2016-11-01', 'Lay Member', 'Health', 'Section 11 return late', '', '', 'closed', ''],
          ],
        ),
        officer,
      ),
    )
    expect(challenges.statusCode).toBe(400)
    expect(visibleText(challenges.body)).toContain(
      '3 closed_on Enter the date the challenge was closed',
    )
    expect(await events('governance.import.risks')).toHaveLength(1)
  })
})

describe('what the app role may not do', () => {
  it('cannot rewrite risk history, plan versions or papers, nor delete bodies', async () => {
    const officer = await t.signInAs('business-officer')
    await addRisk(officer)
    const bodyId = await addBody(t, officer)
    const scope = { partnershipId: t.northbridge.id, userId: t.userId('business-officer') }
    const attempts: ((trx: Trx) => Promise<unknown>)[] = [
      (trx: Trx) => trx.updateTable('govRiskHistory').set({ note: 'rewritten' }).execute(),
      (trx: Trx) => trx.updateTable('govPlanVersion').set({ label: 'rewritten' }).execute(),
      (trx: Trx) => trx.updateTable('govPaper').set({ title: 'rewritten' }).execute(),
      (trx: Trx) => trx.deleteFrom('govBody').where('id', '=', bodyId).execute(),
    ]
    for (const attempt of attempts) {
      await expect(inPartnership(t.database.db, scope, attempt)).rejects.toThrow(
        /permission denied/,
      )
    }
  })
})
