import { describe, expect, it } from 'vitest'
import { exportCensus } from '../../../src/modules/census/export.js'
import { validateCensus, type Finding } from '../../../src/modules/census/validator.js'
import { readCensusBatches } from '../../../src/modules/census/xml-reader.js'
import { decideReferral } from '../../../src/modules/frontdoor/decisions.js'
import { defaultReferralSource } from '../../../src/modules/frontdoor/queue/referral-page.js'
import type { DecisionInput } from '../../../src/modules/frontdoor/schema.js'
import { createMailer } from '../../../src/platform/mail.js'
import type { Actor } from '../../../src/platform/http/types.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { insertChildRecord, insertReferralAbout } from '../../helpers/child-records.js'
import { useTestApp } from '../../helpers/test-app.js'
import { capture } from '../census/records-helpers.js'
import { Visitor } from './journey.js'

const t = useTestApp()
const HOUR = 3_600_000

const insertRecord = (laChildId: string) => insertChildRecord(t, laChildId)
const insertReferral = (receivedAt: Date, records: (string | null)[]) =>
  insertReferralAbout(t, receivedAt, records)

function manager(): Actor {
  return {
    userId: t.userId('front-door-manager'),
    email: 'manager@northbridge.example',
    displayName: 'Manager',
    partnershipId: t.northbridge.id,
    partnershipName: 'Northbridge',
    roles: ['front-door-manager'],
    agencyIds: [],
    via: 'session',
  }
}

async function decide(referralId: string, input: DecisionInput, now: Date) {
  const mailer = createMailer({ from: 'frontdoor@northbridge.example' })
  return decideReferral(t.database.db, mailer, {
    actor: manager(),
    referralId,
    input,
    requestId: 'test',
    now,
  })
}

async function episodesOf(childId: string) {
  return t.database.owner
    .selectFrom('cin_episode')
    .selectAll()
    .where('child_id', '=', childId)
    .orderBy('referral_date')
    .execute()
}

async function assessmentsOf(episodeId: string) {
  return t.database.owner
    .selectFrom('assessment')
    .selectAll()
    .where('episode_id', '=', episodeId)
    .execute()
}

async function childAudit() {
  return t.database.owner
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', 'child.updated')
    .orderBy('id')
    .execute()
}

async function as(role: 'front-door-manager' | 'front-door-practitioner') {
  return new Visitor(t, await t.signInAs(role))
}

describe('front door decisions in the census records', () => {
  it('writes the episode, NFA and assessment start, and the export for the year validates', async () => {
    const nfa = await insertRecord('FDNFA')
    const advice = await insertRecord('FDADVICE')
    const assess = await insertRecord('FDASSESS')
    const strategy = await insertRecord('FDS47')
    // 23:30 UTC on 30 June is 00:30 on 1 July in London.
    const summer = new Date('2024-06-30T23:30:00Z')
    const winter = new Date('2025-02-10T10:00:00Z')
    const decidedAt = new Date('2025-02-11T09:00:00Z')
    const ids = {
      nfa: await insertReferral(summer, [nfa]),
      advice: await insertReferral(winter, [advice]),
      assess: await insertReferral(winter, [assess]),
      strategy: await insertReferral(winter, [strategy]),
    }
    const reasons = 'Reasons'
    expect(
      await decide(
        ids.nfa,
        {
          decision: 'no-further-action',
          decisionReasons: reasons,
          referralSource: '6',
          primaryNeed: undefined,
        },
        decidedAt,
      ),
    ).toMatchObject({ kind: 'decided' })
    await decide(
      ids.advice,
      {
        decision: 'information-and-advice',
        decisionReasons: reasons,
        referralSource: '2A',
        primaryNeed: undefined,
      },
      decidedAt,
    )
    await decide(
      ids.assess,
      {
        decision: 'assessment',
        decisionReasons: reasons,
        referralSource: '3F',
        primaryNeed: 'N1',
      },
      decidedAt,
    )
    await decide(
      ids.strategy,
      {
        decision: 'strategy-discussion',
        decisionReasons: reasons,
        referralSource: '6',
        primaryNeed: 'N1',
      },
      decidedAt,
    )

    const [nfaEpisode] = await episodesOf(nfa)
    expect(nfaEpisode).toMatchObject({
      referral_date: '2024-07-01',
      referral_source: '6',
      referral_nfa: true,
      closure_date: '2024-07-01',
      reason_for_closure: 'RC7',
      primary_need_code: null,
    })
    expect(await assessmentsOf(String(nfaEpisode?.id))).toEqual([])
    const [adviceEpisode] = await episodesOf(advice)
    expect(adviceEpisode).toMatchObject({ referral_date: '2025-02-10', referral_nfa: true })
    for (const childId of [assess, strategy]) {
      const episodes = await episodesOf(childId)
      expect(episodes).toHaveLength(1)
      expect(episodes[0]).toMatchObject({
        referral_date: '2025-02-10',
        referral_nfa: false,
        primary_need_code: 'N1',
        closure_date: null,
      })
      const assessments = await assessmentsOf(String(episodes[0]?.id))
      expect(assessments.map(a => a.start_date)).toEqual(['2025-02-11'])
    }
    const audit = await childAudit()
    expect(audit.map(event => event.child_id).sort()).toEqual(
      [nfa, advice, assess, strategy].sort(),
    )
    expect(audit.find(event => event.child_id === assess)?.fields).toMatchObject({
      cinEpisode: { referralDate: '2025-02-10', referralSource: '3F', referralNfa: false },
      assessment: { startDate: '2025-02-11' },
    })
    const linked = await t.database.owner
      .selectFrom('referral_child')
      .select('census_outcome')
      .execute()
    expect(linked.map(row => row.census_outcome)).toEqual(Array(4).fill('episode-opened'))

    // The census return for 2024-25 comes straight from this work, and passes validation.
    const out = capture()
    const exported = await exportCensus(
      t.database.db,
      { partnershipId: t.northbridge.id, userId: null, year: '2024-25', lea: '201' },
      out.stream,
    )
    expect(exported.children).toBe(4)
    const xml = out.text()
    expect(xml).toContain('<CINreferralDate>2024-07-01</CINreferralDate>')
    expect(xml).toContain('<ReferralSource>3F</ReferralSource>')
    expect(xml).toContain('<AssessmentActualStartDate>2025-02-11</AssessmentActualStartDate>')
    const findings: Finding[] = []
    for await (const finding of validateCensus(readCensusBatches([xml]))) findings.push(finding)
    const ours = new Set(['FDNFA', 'FDADVICE', 'FDASSESS', 'FDS47'])
    expect(
      findings.filter(f => f.ruleType === 'error' && (ours.has(f.laChildId) || !f.laChildId)),
    ).toEqual([])
  })

  it('writes the records when a manager authorises a practitioner’s decision', async () => {
    const record = await insertRecord('FDAUTH')
    const referral = await insertReferral(new Date(Date.now() - HOUR), [record])
    const practitioner = await as('front-door-practitioner')
    await practitioner.step(`/referrals/${referral}/decision`, {
      decision: 'assessment',
      decisionReasons: 'Needs an assessment',
      referralSource: '5D',
      primaryNeed: 'N4',
    })
    expect(await episodesOf(record)).toEqual([])
    const managerVisitor = await as('front-door-manager')
    await managerVisitor.step(`/referrals/${referral}/authorisation`, { outcome: 'authorise' })
    const episodes = await episodesOf(record)
    expect(episodes).toHaveLength(1)
    expect(episodes[0]).toMatchObject({ referral_source: '5D', primary_need_code: 'N4' })
    expect(await assessmentsOf(String(episodes[0]?.id))).toHaveLength(1)
    const page = await managerVisitor.get(`/referrals/${referral}`)
    expect(page.body).toContain('Census record: Child in need episode recorded.')
  })

  it('records nothing new when an episode is already open, and says so', async () => {
    const record = await insertRecord('FDOPEN')
    await t.database.owner
      .insertInto('cin_episode')
      .values({
        partnership_id: t.northbridge.id,
        child_id: record,
        referral_date: '2024-12-01',
        referral_source: '6',
        primary_need_code: 'N1',
        referral_nfa: false,
      })
      .execute()
    const other = await insertRecord('FDOPEN2')
    const referral = await insertReferral(new Date(Date.now() - HOUR), [record])
    const alreadyOpen = await insertReferral(new Date(Date.now() - HOUR), [other])
    const visitor = await as('front-door-manager')
    await visitor.step(`/referrals/${referral}/decision`, {
      decision: 'assessment',
      decisionReasons: 'Open to the team already',
      referralSource: '6',
      primaryNeed: 'N1',
    })
    await visitor.step(`/referrals/${alreadyOpen}/decision`, {
      decision: 'already-open',
      decisionReasons: 'Allocated social worker',
      referralSource: '6',
    })
    expect(await episodesOf(record)).toHaveLength(1)
    expect(await episodesOf(other)).toEqual([])
    expect(await childAudit()).toEqual([])
    for (const id of [referral, alreadyOpen]) {
      const page = await visitor.get(`/referrals/${id}`)
      expect(page.body).toContain('Census record: Already open: nothing new recorded.')
    }
  })

  it('refuses a decision while a referred child is not linked to a record', async () => {
    const record = await insertRecord('FDLINKED')
    const referral = await insertReferral(new Date(Date.now() - HOUR), [record, null])
    const visitor = await as('front-door-manager')
    const page = await visitor.get(`/referrals/${referral}`)
    expect(page.body).toContain('Link every child to a record before the decision is final.')
    const refused = await expectNothingWritten(t, () =>
      visitor.post(`/referrals/${referral}/decision`, {
        decision: 'no-further-action',
        decisionReasons: 'Not a concern',
        referralSource: '6',
      }),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('There is a problem')
    expect(refused.body).toContain('Link every child to a record before the decision is final')
    const row = await t.database.owner
      .selectFrom('referral')
      .select(['status', 'decision'])
      .where('id', '=', referral)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({ status: 'received', decision: null })
    expect(await episodesOf(record)).toEqual([])
  })

  it('asks for the referral source, and the primary need when there is further action', async () => {
    const referral = await insertReferral(new Date(Date.now() - HOUR), [
      await insertRecord('FDFORM'),
    ])
    const visitor = await as('front-door-manager')
    const response = await expectNothingWritten(t, () =>
      visitor.post(`/referrals/${referral}/decision`, {
        decision: 'early-help',
        decisionReasons: 'Family support',
        referralSource: 'XX',
      }),
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Select the source of the referral')
    expect(response.body).toContain('Select the child’s primary need')
    expect(response.body).toContain('6: Police')
  })

  it('defaults the referral source from the referrer where it is obvious', () => {
    const professional = { source: 'professional', reporterAnonymous: false }
    expect(defaultReferralSource({ ...professional, referrerAgencySector: 'police' })).toBe('6')
    expect(defaultReferralSource({ ...professional, referrerAgencySector: 'health' })).toBe('3F')
    expect(defaultReferralSource({ ...professional, referrerAgencySector: 'education' })).toBe('')
    expect(
      defaultReferralSource({
        source: 'public',
        reporterAnonymous: true,
        referrerAgencySector: null,
      }),
    ).toBe('9')
  })
})
