import { isoBoxes } from '../../helpers/date-boxes.js'
import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../../src/db/database.js'
import {
  addCaseByReference,
  createAudit,
  drawSample,
  moderateForm,
  readAudit,
  readCase,
  reportAudit,
  startAuditing,
  submitForm,
} from '../../../src/modules/assurance/case-file-audits/service.js'
import { auditGradings } from '../../../src/modules/assurance/queries.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { ASSURANCE_TABLES, counts, ctxFor, must } from './helpers.js'

const t = useTestApp()

let counter = 0
async function childWithPlan(plan: {
  category: string
  birthDate: string
  start: string
  end?: string | null
  teamId?: string | null
}) {
  counter += 1
  const child = await t.database.owner
    .insertInto('child')
    .values({
      partnership_id: t.northbridge.id,
      la_child_id: `LA${String(counter).padStart(6, '0')}`,
      given_name: `Child${counter}`,
      family_name: 'Test',
      birth_date: plan.birthDate,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const episode = await t.database.owner
    .insertInto('cin_episode')
    .values({ partnership_id: t.northbridge.id, child_id: child.id, referral_date: plan.start })
    .returning('id')
    .executeTakeFirstOrThrow()
  await t.database.owner
    .insertInto('child_protection_plan')
    .values({
      partnership_id: t.northbridge.id,
      episode_id: episode.id,
      start_date: plan.start,
      end_date: plan.end ?? null,
      initial_category: plan.category,
      latest_category: plan.category,
      team_id: plan.teamId ?? null,
    })
    .execute()
  return child.id as string
}

const PERIOD = { from: '2026-04-01', to: '2026-09-30' }
const NO_CRITERIA = { category: null, teamId: null, minAge: null, maxAge: null, ...PERIOD }

async function newAudit() {
  const officer = ctxFor(t, 'business-officer')
  return must(
    await createAudit(t.database.db, officer, {
      title: 'Neglect audit autumn 2026',
      theme: 'neglect',
      questions: ['Was the neglect recognised early?', 'Was the plan outcome-focused?'],
      agencyIds: [t.northbridge.agencyIds[1]!, t.northbridge.agencyIds[2]!],
    }),
    'saved',
  ).id
}

describe('case samples', () => {
  it('draws from the sampling page by plan category, team, age and period: every case meets every criterion', async () => {
    const [team = '', otherTeam = ''] = await Promise.all(
      ['Safeguarding Team A', 'Safeguarding Team B'].map(
        async name =>
          (
            await t.database.owner
              .insertInto('team')
              .values({ partnership_id: t.northbridge.id, name })
              .returning('id')
              .executeTakeFirstOrThrow()
          ).id as string,
      ),
    )
    const base = { category: 'NEG', birthDate: '2018-01-01', start: '2026-05-01', teamId: team }
    const match = [
      await childWithPlan(base),
      await childWithPlan({ ...base, birthDate: '2015-10-01' }),
      await childWithPlan({ ...base, start: '2025-06-01', end: '2026-04-01' }),
    ]
    const decoys = [
      await childWithPlan({ ...base, category: 'EMO' }),
      await childWithPlan({ ...base, teamId: otherTeam }),
      await childWithPlan({ ...base, teamId: null }),
      await childWithPlan({ ...base, birthDate: '2022-01-01' }),
      await childWithPlan({ ...base, birthDate: '2012-01-01' }),
      await childWithPlan({ ...base, start: '2026-10-01' }),
      await childWithPlan({ ...base, start: '2025-01-01', end: '2026-03-31' }),
    ]
    const id = await newAudit()
    const officer = await t.signInAs('business-officer')
    const page = await t.inject({
      method: 'GET',
      url: `/assurance/case-file-audits/${id}`,
      headers: { cookie: officer },
    })
    expect(page.body).toContain('Safeguarding Team B')
    const form = {
      category: 'NEG',
      teamId: team,
      minAge: '5',
      maxAge: '10',
      // The period in the GOV.UK boxes, as the page asks.
      ...isoBoxes('from', PERIOD.from),
      ...isoBoxes('to', PERIOD.to),
      size: '50',
      seed: '7',
    }
    const badTeam = await expectNothingWritten(t, () =>
      t.postForm(
        `/assurance/case-file-audits/${id}/sample`,
        { ...form, teamId: '00000000-0000-4000-8000-000000000000' },
        officer,
      ),
    )
    expect(badTeam.statusCode).toBe(400)
    expect(badTeam.body).toContain('Select a team from the list')
    const drawn = await t.postForm(`/assurance/case-file-audits/${id}/sample`, form, officer)
    expect(drawn.statusCode).toBe(303)
    const sampled = await t.database.owner
      .selectFrom('asr_case_sample')
      .select('child_id')
      .where('audit_id', '=', id)
      .execute()
    expect(sampled.map(s => s.child_id).sort()).toEqual([...match].sort())
    expect(sampled.some(s => decoys.includes(s.child_id as string))).toBe(false)
  })

  it('draws only children matching the criteria, the same draw for the same seed', async () => {
    const team = (
      await t.database.owner
        .insertInto('team')
        .values({ partnership_id: t.northbridge.id, name: 'Safeguarding Team A' })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id as string
    const match: string[] = []
    for (let i = 0; i < 6; i += 1)
      match.push(
        await childWithPlan({
          category: 'NEG',
          birthDate: '2018-01-01',
          start: '2026-05-01',
          teamId: team,
        }),
      )
    await childWithPlan({
      category: 'PHY',
      birthDate: '2018-01-01',
      start: '2026-05-01',
      teamId: team,
    }) // other category
    await childWithPlan({
      category: 'NEG',
      birthDate: '2010-01-01',
      start: '2026-05-01',
      teamId: team,
    }) // too old
    await childWithPlan({
      category: 'NEG',
      birthDate: '2018-01-01',
      start: '2025-01-01',
      end: '2026-03-01',
      teamId: team,
    }) // ended before
    await childWithPlan({ category: 'NEG', birthDate: '2018-01-01', start: '2026-05-01' }) // other team
    const officer = ctxFor(t, 'business-officer')
    const criteria = { category: 'NEG', teamId: team, minAge: 5, maxAge: 11, ...PERIOD }

    const first = await newAudit()
    expect(
      must(
        await drawSample(t.database.db, officer, first, { criteria, size: 4, seed: 42 }),
        'saved',
      ),
    ).toEqual({ kind: 'saved', drawn: 4, seed: 42 })
    const drawn = await t.database.owner
      .selectFrom('asr_case_sample')
      .select('child_id')
      .where('audit_id', '=', first)
      .orderBy('position')
      .execute()
    expect(drawn.every(d => match.includes(d.child_id as string))).toBe(true)

    const again = must(
      await createAudit(t.database.db, officer, {
        title: 'Second',
        theme: 'neglect',
        questions: ['Q'],
        agencyIds: [t.northbridge.agencyIds[1]!],
      }),
      'saved',
    ).id
    await drawSample(t.database.db, officer, again, { criteria, size: 4, seed: 42 })
    const redrawn = await t.database.owner
      .selectFrom('asr_case_sample')
      .select('child_id')
      .where('audit_id', '=', again)
      .orderBy('position')
      .execute()
    expect(redrawn).toEqual(drawn)

    // Asking for more than match gives every match; criteria no one meets are refused, writing nothing.
    const third = must(
      await createAudit(t.database.db, officer, {
        title: 'Third',
        theme: 'neglect',
        questions: ['Q'],
        agencyIds: [t.northbridge.agencyIds[1]!],
      }),
      'saved',
    ).id
    expect(
      await drawSample(t.database.db, officer, third, { criteria, size: 20, seed: 1 }),
    ).toMatchObject({ drawn: 6 })
    const before = await counts(t, ASSURANCE_TABLES)
    expect(
      await drawSample(t.database.db, officer, first, {
        criteria: { ...criteria, category: 'SAB' },
        size: 3,
        seed: 1,
      }),
    ).toEqual({ kind: 'refused', field: 'size', message: 'No children match these criteria' })
    expect(await counts(t, ASSURANCE_TABLES)).toEqual(before)
    // Random over every child with a plan in the period.
    const fourth = must(
      await createAudit(t.database.db, officer, {
        title: 'Fourth',
        theme: 'neglect',
        questions: ['Q'],
        agencyIds: [t.northbridge.agencyIds[1]!],
      }),
      'saved',
    ).id
    expect(
      await drawSample(t.database.db, officer, fourth, {
        criteria: NO_CRITERIA,
        size: 50,
        seed: 7,
      }),
    ).toMatchObject({ drawn: 9 })
  })
})

describe('a case file audit from sample to report', () => {
  it('lets auditors see and grade only sampled cases, moderates, reports and raises actions', async () => {
    const sampled = await childWithPlan({
      category: 'NEG',
      birthDate: '2018-01-01',
      start: '2026-05-01',
    })
    const other = await childWithPlan({
      category: 'NEG',
      birthDate: '2018-01-01',
      start: '2020-05-01',
      end: '2021-01-01',
    })
    const officer = ctxFor(t, 'business-officer')
    const auditor = ctxFor(t, 'agency-lead') // works for agency 1
    const id = await newAudit()
    await drawSample(t.database.db, officer, id, { criteria: NO_CRITERIA, size: 5, seed: 3 })
    expect(await addCaseByReference(t.database.db, officer, id, 'HEALTH-REF-9')).toEqual({
      kind: 'saved',
    })
    must(await startAuditing(t.database.db, officer, id), 'saved')

    const view = (await readAudit(t.database.db, auditor, id))!
    expect(view.samples.map(s => s.childId)).toEqual([sampled, null])
    expect(new Set(view.forms.map(f => f.agencyId))).toEqual(new Set([t.northbridge.agencyIds[1]]))
    const caseView = (await readCase(t.database.db, auditor, id, view.samples[0]!.id))!
    expect(caseView.child).toMatchObject({ childId: sampled, name: `Child${counter - 1} Test` })
    const viewed = await t.database.owner
      .selectFrom('audit_event')
      .select(['resource_type', 'resource_id', 'user_id'])
      .where('action', '=', 'assurance.case-audit.case-viewed')
      .execute()
    expect(viewed).toEqual([
      { resource_type: 'child', resource_id: sampled, user_id: auditor.actor.userId },
    ])
    // A child not in the sample cannot be opened through the audit.
    expect(await readCase(t.database.db, auditor, id, other)).toBeNull()
    // An agency not in the audit sees nothing of it.
    const outsider = {
      ...auditor,
      actor: { ...auditor.actor, agencyIds: [t.northbridge.agencyIds[4]!] },
    }
    expect(await readAudit(t.database.db, outsider, id)).toBeNull()
    expect(await readCase(t.database.db, outsider, id, view.samples[0]!.id)).toBeNull()

    const answers = { q1: 'Yes, at the first visit', q2: 'Partly' }
    const [first, second] = view.forms
    // The other agency's form is refused to this auditor.
    const othersForm = (await readAudit(t.database.db, officer, id))!.forms.find(
      f => f.agencyId !== t.northbridge.agencyIds[1],
    )!
    await expect(
      submitForm(t.database.db, auditor, othersForm.id, { answers, grade: 'good' }),
    ).rejects.toThrow(/Only the agency/)
    expect(
      await submitForm(t.database.db, auditor, first!.id, {
        answers: { q1: 'Yes' },
        grade: 'good',
      }),
    ).toMatchObject({ kind: 'refused', field: 'answer-q2' })
    expect(
      await submitForm(t.database.db, auditor, first!.id, { answers, grade: 'good' }),
    ).toMatchObject({ kind: 'saved' })
    expect(
      await submitForm(t.database.db, auditor, second!.id, {
        answers,
        grade: 'requires-improvement',
      }),
    ).toMatchObject({ kind: 'saved' })
    expect(
      await reportAudit(t.database.db, officer, id, { findings: 'F', learning: 'L' }),
    ).toMatchObject({ kind: 'refused' })
    for (const form of (await readAudit(t.database.db, officer, id))!.forms.filter(f => !f.grade)) {
      must(await submitForm(t.database.db, officer, form.id, { answers, grade: 'good' }), 'saved')
    }
    expect(
      await moderateForm(t.database.db, officer, first!.id, { grade: 'inadequate', comment: null }),
    ).toMatchObject({ kind: 'refused', field: 'comment' })
    must(
      await moderateForm(t.database.db, officer, first!.id, {
        grade: 'inadequate',
        comment: 'No plan for neglect',
      }),
      'saved',
    )
    const reported = must(
      await reportAudit(t.database.db, officer, id, {
        findings: 'Neglect recognised late in two cases',
        learning: 'Use the neglect toolkit',
      }),
      'saved',
    )
    expect(reported.actions).toBe(1)
    const [grading] = await inPartnership(t.database.db, { partnershipId: t.northbridge.id }, trx =>
      auditGradings(trx, t.northbridge.id),
    )
    expect(grading).toMatchObject({
      cases: 2,
      forms: 4,
      graded: 4,
      grades: { outstanding: 0, good: 2, 'requires-improvement': 1, inadequate: 1 },
    })
    const final = (await readAudit(t.database.db, officer, id))!
    expect(final.audit.status).toBe('reported')
    expect(final.actions).toHaveLength(1)
  })
})
