import { describe, expect, it } from 'vitest'
import { updateStep } from '../../../src/modules/governance/service.js'
import {
  completeModeration,
  moderateStandard,
  readReturn,
  saveStandard,
  sendBack,
  submitReturn,
  uploadEvidence,
} from '../../../src/modules/assurance/returns/service.js'
import { useTestApp } from '../../helpers/test-app.js'
import {
  ASSURANCE_TABLES,
  PDF,
  agencyOrganisation,
  counts,
  ctxFor,
  cycle,
  mail,
  must,
  outbox,
  school,
} from './helpers.js'

const t = useTestApp()

const YES_TO_ALL = ['a1s1', 'a1s2', 'a2s1', 'a2s2', 'a3s1', 'a3s2', 'a4s1', 'a5s1', 'a6s1']

async function schoolsCycle() {
  const a = await school(t, '123456', 'Northbridge Primary', 'dsl@primary.example')
  const b = await school(t, '654321', 'Northbridge Academy', 'dsl@academy.example')
  const opened = await cycle(t, 'section-175-157', [a, b])
  const returns = await t.database.owner
    .selectFrom('asr_return')
    .select(['id', 'organisation_id'])
    .execute()
  const idOf = (org: string) => returns.find(r => r.organisation_id === org)!.id as string
  return { a, b, opened, primary: idOf(a), academy: idOf(b) }
}

describe('a return from start to moderation', () => {
  it('is answered by link, submitted, moderated, and its gaps become governance actions that can be signed off', async () => {
    const { opened, primary, a } = await schoolsCycle()
    const link = { kind: 'link' as const, token: opened.links[a]!, requestId: 'r' }
    for (const key of YES_TO_ALL) {
      expect(
        await saveStandard(t.database.db, link, null, key, {
          'q-score': 'yes',
          'q-evidence-notes': 'Policy on the website',
        }),
      ).toEqual({ kind: 'saved' })
    }
    // The DSL standard is only partly met.
    await saveStandard(t.database.db, link, null, 'a2s1', { 'q-score': 'partly' })
    expect(
      await uploadEvidence(t.database.db, link, null, 'a1s1', { name: 'policy.pdf', bytes: PDF }),
    ).toEqual({ kind: 'saved' })
    expect(await submitReturn(t.database.db, link, null)).toEqual({ kind: 'saved' })
    // Submitted: the lead can no longer change it.
    expect(
      await saveStandard(t.database.db, link, null, 'a1s1', { 'q-score': 'no' }),
    ).toMatchObject({ kind: 'refused' })

    const officer = ctxFor(t, 'business-officer')
    const who = { kind: 'user' as const, ctx: officer }
    expect(
      await moderateStandard(t.database.db, officer, primary, 'a1s2', {
        decision: 'challenge',
        score: null,
        comment: 'Show the review minutes',
      }),
    ).toEqual({ kind: 'saved' })
    expect(
      await moderateStandard(t.database.db, officer, primary, 'a3s1', {
        decision: 'regrade',
        score: 50,
        comment: 'Two gaps in the central record',
      }),
    ).toEqual({ kind: 'saved' })
    const done = must(await completeModeration(t.database.db, officer, primary), 'saved')
    expect(done.actions).toBe(2)

    const view = (await readReturn(t.database.db, who, primary))!
    expect(view.row.status).toBe('moderated')
    expect(view.scores.areas.find(x => x.title === 'Safer recruitment')?.score).toBe(75)
    expect(view.events.map(e => [e.action, e.comment])).toEqual([
      ['submitted', null],
      ['challenge: The safeguarding policy is reviewed every year', 'Show the review minutes'],
      ['regrade: The single central record is complete', 'Two gaps in the central record'],
      ['moderated', '2 actions created'],
    ])
    expect(view.evidence.map(e => e.filename)).toEqual(['policy.pdf'])
    expect(view.actions.map(x => x.signedOff)).toEqual([false, false])

    // The actions are business plan actions, owned by the school, with a step to sign off.
    const plans = await t.database.owner.selectFrom('gov_plan').select('title').execute()
    expect(plans.map(p => p.title)).toEqual(['section-175-157 2026/27 action plan'])
    const actions = await t.database.owner
      .selectFrom('gov_plan_action')
      .select(['id', 'reference', 'specific_action', 'leads'])
      .orderBy('reference')
      .execute()
    expect(actions.map(x => [x.reference, x.leads])).toEqual([
      ['1.1', ['Northbridge Primary']],
      ['1.2', ['Northbridge Primary']],
    ])
    expect(actions.map(x => x.specific_action)).toEqual([
      'Northbridge Primary: bring “The DSL and deputies are trained every two years” up to 100% (moderated score 50%)',
      'Northbridge Primary: bring “The single central record is complete” up to 100% (moderated score 50%)',
    ])
    for (const action of actions) {
      const step = await t.database.owner
        .selectFrom('gov_plan_step')
        .select('id')
        .where('action_id', '=', action.id)
        .executeTakeFirstOrThrow()
      expect(
        await updateStep(t.database.db, officer, step.id as string, {
          status: 'complete',
          revisedDue: null,
        }),
      ).toMatchObject({ kind: 'saved' })
    }
    const after = (await readReturn(t.database.db, who, primary))!
    expect(after.actions.map(x => x.signedOff)).toEqual([true, true])
  })

  it('refuses a submission with unanswered required questions and writes nothing', async () => {
    const { opened, a } = await schoolsCycle()
    const link = { kind: 'link' as const, token: opened.links[a]!, requestId: 'r' }
    await saveStandard(t.database.db, link, null, 'a1s1', { 'q-score': 'yes' })
    const before = await counts(t, ASSURANCE_TABLES)
    expect(await submitReturn(t.database.db, link, null)).toEqual({
      kind: 'refused',
      field: 'form',
      message:
        'Answer every required question before you submit: 8 not answered, the first in “The safeguarding policy is reviewed every year”',
    })
    expect(await counts(t, ASSURANCE_TABLES)).toEqual(before)
  })

  it('refuses evidence of the wrong type or an answer of the wrong kind, writing nothing', async () => {
    const { opened, a } = await schoolsCycle()
    const link = { kind: 'link' as const, token: opened.links[a]!, requestId: 'r' }
    const before = await counts(t, ASSURANCE_TABLES)
    expect(
      await uploadEvidence(t.database.db, link, null, 'a1s1', {
        name: 'run.exe',
        bytes: Buffer.from('MZ\x90\x00 not a document'),
      }),
    ).toEqual({
      kind: 'refused',
      field: 'file',
      message: 'The selected file must be a PDF, Word, Excel or PowerPoint file',
    })
    expect(
      await saveStandard(t.database.db, link, null, 'a1s1', { 'q-score': 'maybe' }),
    ).toMatchObject({ kind: 'refused', field: 'q-score' })
    expect(await counts(t, ASSURANCE_TABLES)).toEqual(before)
  })

  it('sends a return back for changes with a new link; the old link stops working', async () => {
    const { opened, a, primary } = await schoolsCycle()
    const link = { kind: 'link' as const, token: opened.links[a]!, requestId: 'r' }
    for (const key of YES_TO_ALL)
      await saveStandard(t.database.db, link, null, key, { 'q-score': 'yes' })
    await submitReturn(t.database.db, link, null)
    const officer = ctxFor(t, 'business-officer')
    expect(
      await sendBack(t.database.db, officer, mail, primary, 'Please attach the policy'),
    ).toEqual({ kind: 'saved' })
    expect(await readReturn(t.database.db, link, null)).toBeNull()
    const last = (await outbox(t)).at(-1)!
    expect(last.subject).toBe('section-175-157 2026/27: your return has been sent back for changes')
    const token = /respond\/(\S+)/.exec(last.body_text as string)![1]!
    const fresh = { kind: 'link' as const, token, requestId: 'r' }
    expect((await readReturn(t.database.db, fresh, null))?.row.status).toBe('returned')
    expect(await saveStandard(t.database.db, fresh, null, 'a1s1', { 'q-score': 'partly' })).toEqual(
      { kind: 'saved' },
    )
    expect(await submitReturn(t.database.db, fresh, null)).toEqual({ kind: 'saved' })
  })
})

describe('access to returns', () => {
  it('a school’s link opens only its own return, and no link opens anything once changed', async () => {
    const { opened, a, academy } = await schoolsCycle()
    const token = opened.links[a]!
    const link = { kind: 'link' as const, token, requestId: 'r' }
    expect((await readReturn(t.database.db, link, null))?.row.organisationName).toBe(
      'Northbridge Primary',
    )
    // The primary's secret with the academy's return id does not open the academy's return.
    const [p, , secret] = token.split('.')
    const short = (uuid: string) => Buffer.from(uuid.replace(/-/g, ''), 'hex').toString('base64url')
    expect(token.length).toBeLessThanOrEqual(100)
    expect(
      await readReturn(
        t.database.db,
        { kind: 'link', token: `${p}.${short(academy)}.${secret}`, requestId: 'r' },
        null,
      ),
    ).toBeNull()
    expect(
      await saveStandard(
        t.database.db,
        { kind: 'link', token: `${p}.${short(academy)}.${secret}`, requestId: 'r' },
        null,
        'a1s1',
        { 'q-score': 'no' },
      ),
    ).toEqual({ kind: 'not-found' })
    // Another partnership's id with the same secret finds nothing either.
    expect(
      await readReturn(
        t.database.db,
        {
          kind: 'link',
          token: `${short(t.southbridge.id)}.${short(academy)}.${secret}`,
          requestId: 'r',
        },
        null,
      ),
    ).toBeNull()
    // Hashes only are kept.
    const rows = await t.database.owner.selectFrom('asr_return').select('token_hash').execute()
    expect(rows.every(r => r.token_hash && !token.includes(r.token_hash as string))).toBe(true)
  })

  it('an expired link opens nothing', async () => {
    const { opened, a, primary } = await schoolsCycle()
    await t.database.owner
      .updateTable('asr_return')
      .set({ token_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', primary)
      .execute()
    expect(
      await readReturn(
        t.database.db,
        { kind: 'link', token: opened.links[a]!, requestId: 'r' },
        null,
      ),
    ).toBeNull()
  })

  it('an agency lead sees their agency’s return and no other', async () => {
    const own = await agencyOrganisation(t, 1, 'lead@police.example')
    const other = await agencyOrganisation(t, 2, 'lead@health.example')
    await cycle(t, 'section-11', [own, other])
    const returns = await t.database.owner
      .selectFrom('asr_return')
      .select(['id', 'organisation_id'])
      .execute()
    const lead = { kind: 'user' as const, ctx: ctxFor(t, 'agency-lead') }
    const mine = returns.find(r => r.organisation_id === own)!.id as string
    const theirs = returns.find(r => r.organisation_id === other)!.id as string
    expect((await readReturn(t.database.db, lead, mine))?.row.organisationName).toBe('Agency 1')
    expect(await readReturn(t.database.db, lead, theirs)).toBeNull()
    expect(await saveStandard(t.database.db, lead, theirs, 'a1s1', { 'q-score': '100' })).toEqual({
      kind: 'not-found',
    })
    // Another partnership's business unit cannot see it.
    expect(
      await readReturn(
        t.database.db,
        { kind: 'user', ctx: ctxFor(t, 'business-officer', t.southbridge) },
        mine,
      ),
    ).toBeNull()
  })
})
