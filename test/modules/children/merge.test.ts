import { describe, expect, it } from 'vitest'
import type { SeededPartnership } from '../../../src/demo/platform-data.js'
import { exportCensus } from '../../../src/modules/census/export.js'
import { importCensusFile } from '../../../src/modules/census/import.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { capture, censusXml, childXml, writeFile } from '../census/records-helpers.js'
import { Visitor } from '../frontdoor/journey.js'

const t = useTestApp()
const HOUR = 3_600_000

async function insertChild(values: {
  laChildId: string
  givenName?: string | null
  familyName?: string | null
  birthDate?: string | null
  sex?: string | null
  upn?: string | null
  address?: string | null
  postcode?: string | null
  deathDate?: string | null
  partnership?: SeededPartnership
}) {
  const row = await t.database.owner
    .insertInto('child')
    .values({
      partnership_id: (values.partnership ?? t.northbridge).id,
      la_child_id: values.laChildId,
      given_name: values.givenName ?? null,
      family_name: values.familyName ?? null,
      birth_date: values.birthDate ?? null,
      sex: values.sex ?? null,
      upn: values.upn ?? null,
      address: values.address ?? null,
      postcode: values.postcode ?? null,
      death_date: values.deathDate ?? null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id as string
}

async function insertEpisode(childId: string, referralDate: string, closureDate?: string) {
  const row = await t.database.owner
    .insertInto('cin_episode')
    .values({
      partnership_id: t.northbridge.id,
      child_id: childId,
      referral_date: referralDate,
      referral_source: '1A',
      primary_need_code: 'N1',
      closure_date: closureDate ?? null,
      reason_for_closure: closureDate ? 'RC1' : null,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id as string
}

/** A front door referral naming one child, linked to the record given. */
async function insertLinkedReferral(childId: string, reference: string) {
  const receivedAt = new Date(Date.now() - HOUR)
  const referral = await t.database.owner
    .insertInto('referral')
    .values({
      partnership_id: t.northbridge.id,
      reference,
      draft_id: crypto.randomUUID(),
      source: 'public',
      received_at: receivedAt,
      decision_due_at: new Date(receivedAt.getTime() + 24 * HOUR),
      household: 'Mother',
      parents_carers: 'Sara Khan',
      concern: 'Bruises on both arms',
      child_says: 'Scared to go home',
      child_feels: '',
      consent: 'given',
      reporter_anonymous: true,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  await t.database.owner
    .insertInto('referral_child')
    .values({
      partnership_id: t.northbridge.id,
      referral_id: referral.id,
      position: 1,
      given_name: 'Amira',
      family_name: 'Khan',
      birth_date: '2018-04-03',
      child_id: childId,
    })
    .execute()
  return referral.id as string
}

async function insertStrategyDiscussionAndConference(childId: string) {
  const userId = t.userId('front-door-manager')
  await t.database.owner
    .insertInto('strategy_discussion')
    .values({
      partnership_id: t.northbridge.id,
      child_id: childId,
      held_on: '2026-11-02',
      reason: 'Disclosure at school',
      outcome: 'section-47',
      recorded_by: userId,
    })
    .execute()
  await t.database.owner
    .insertInto('conference')
    .values({
      partnership_id: t.northbridge.id,
      child_id: childId,
      kind: 'initial',
      target_date: '2026-11-20',
      created_by: userId,
    })
    .execute()
}

/** Amira Khan twice: the census record, and the one the front door made with a misspelling. */
async function duplicatePair() {
  const kept = await insertChild({
    laChildId: 'A100',
    givenName: 'Amira',
    familyName: 'Khan',
    birthDate: '2018-04-03',
    upn: 'A123456789012',
    postcode: 'NB1 2AB',
  })
  const duplicate = await insertChild({
    laChildId: 'KS0000000001',
    givenName: 'Amirah',
    familyName: 'Khan',
    birthDate: '2018-04-03',
    sex: 'F',
    address: '12 Mill Lane, Northbridge',
    postcode: 'NB1 2AB',
  })
  return { kept, duplicate }
}

async function childRow(id: string) {
  return t.database.owner
    .selectFrom('child')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}

async function auditOf(action: string) {
  return t.database.owner
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .orderBy('id')
    .execute()
}

async function as(role: Parameters<typeof t.signInAs>[0], partnership?: SeededPartnership) {
  return new Visitor(t, await t.signInAs(role, partnership))
}

const MERGE_FORM = {
  'keep-givenName': 'kept',
  reason: 'Same UPN confirmed by the school; the referrer misspelt her name',
}

describe('finding and comparing a duplicate', () => {
  it('lists likely duplicates with their reasons, and finds others by search', async () => {
    const { kept, duplicate } = await duplicatePair()
    await insertChild({ laChildId: 'B200', givenName: 'Ben', familyName: 'Okafor' })
    const manager = await as('front-door-manager')

    const record = await manager.get(`/children/${kept}`)
    expect(record.body).toContain('Merge a duplicate record into this record')

    const pick = await manager.get(`/children/${kept}/merge`)
    expect(pick.statusCode).toBe(200)
    expect(pick.body).toContain('KS0000000001')
    expect(pick.body).toContain('Same date of birth; Same family name; Similar first name (Amirah)')
    expect(pick.body).toContain('Same postcode (NB1 2AB)')
    expect(pick.body).not.toContain('Okafor')
    expect(pick.body).toContain(`href="/children/${kept}/merge/${duplicate}"`)

    const search = await manager.get(`/children/${kept}/merge?q=okafor`)
    expect(search.body).toContain('Ben Okafor')

    const compare = await manager.get(`/children/${kept}/merge/${duplicate}`)
    expect(compare.statusCode).toBe(200)
    expect(compare.body).toContain('Which given name should the kept record have?')
    // Only the duplicate holds the sex and the address line: they are added, not chosen.
    expect(compare.body.match(/Will be added/g)).toHaveLength(2)
    expect(compare.body).not.toContain('Which sex should')
    expect(compare.body).not.toContain('Which address should')
    const views = await auditOf('child.viewed')
    const compared = views.filter(
      e => (e.detail as { page?: string } | null)?.page === 'merge-compare',
    )
    expect(compared.map(e => e.child_id).sort()).toEqual([kept, duplicate].sort())
  })

  it('asks for a choice on each conflicting field and a reason, and changes nothing', async () => {
    const { kept, duplicate } = await duplicatePair()
    await t.database.owner
      .updateTable('child')
      .set({ upn: 'B123456789012' })
      .where('id', '=', duplicate)
      .execute()
    const manager = await as('front-door-manager')
    const response = await expectNothingWritten(t, () =>
      manager.post(`/children/${kept}/merge/${duplicate}`, {}),
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('There is a problem')
    expect(response.body).toContain('Enter why these records are the same child')
    expect(response.body).toContain('Select which given name to keep')
    expect(response.body).toContain('Select which UPN to keep')
    expect(response.body).toContain('Which UPN should the kept record have?')
    const confirm = await expectNothingWritten(t, () =>
      manager.post(`/children/${kept}/merge/${duplicate}/confirm`, {
        reason: 'Same child',
      }),
    )
    expect(confirm.statusCode).toBe(400)
    expect((await childRow(duplicate)).merged_into_id).toBeNull()
    expect(await auditOf('child.merged')).toEqual([])
  })
})

describe('merging', () => {
  it('moves episodes, referral links, discussions and conferences in one go, logged and audited', async () => {
    const { kept, duplicate } = await duplicatePair()
    await insertEpisode(kept, '2024-01-10', '2024-03-01')
    const episode = await insertEpisode(duplicate, '2026-11-20')
    const referral = await insertLinkedReferral(duplicate, 'NSCP-2026-000007')
    await insertStrategyDiscussionAndConference(duplicate)
    const manager = await as('front-door-manager')

    const check = await manager.post(`/children/${kept}/merge/${duplicate}`, {
      ...MERGE_FORM,
      'keep-givenName': 'kept',
    })
    expect(check.statusCode).toBe(200)
    expect(check.body).toContain('Check and merge the records')
    expect(check.body).toContain('12 Mill Lane, Northbridge, NB1 2AB')
    expect((await childRow(duplicate)).merged_into_id).toBeNull()

    const done = await manager.post(`/children/${kept}/merge/${duplicate}/confirm`, MERGE_FORM)
    expect(done.statusCode).toBe(303)
    expect(done.headers.location).toBe(`/children/${kept}?merged=${duplicate}`)

    const episodeRow = await t.database.owner
      .selectFrom('cin_episode')
      .select('child_id')
      .where('id', '=', episode)
      .executeTakeFirstOrThrow()
    expect(episodeRow.child_id).toBe(kept)
    const link = await t.database.owner
      .selectFrom('referral_child')
      .select('child_id')
      .where('referral_id', '=', referral)
      .executeTakeFirstOrThrow()
    expect(link.child_id).toBe(kept)
    for (const table of ['strategy_discussion', 'conference'] as const) {
      const rows = await t.database.owner.selectFrom(table).select('child_id').execute()
      expect(rows.map(row => row.child_id)).toEqual([kept])
    }

    const keptRow = await childRow(kept)
    expect(keptRow).toMatchObject({
      given_name: 'Amira',
      upn: 'A123456789012',
      la_child_id: 'A100',
      address: '12 Mill Lane, Northbridge',
      postcode: 'NB1 2AB',
      merged_into_id: null,
    })
    const duplicateRow = await childRow(duplicate)
    expect(duplicateRow).toMatchObject({
      merged_into_id: kept,
      merged_by: t.userId('front-door-manager'),
      la_child_id: 'KS0000000001',
    })
    expect(duplicateRow.merged_at).not.toBeNull()

    const log = await t.database.owner.selectFrom('child_merge').selectAll().execute()
    expect(log).toHaveLength(1)
    expect(log[0]).toMatchObject({
      kept_child_id: kept,
      merged_child_id: duplicate,
      reason: MERGE_FORM.reason,
      moved: {
        cinEpisode: 1,
        referralChild: 1,
        strategyDiscussion: 1,
        conference: 1,
        mergedRecord: 0,
      },
      chosen: { givenName: 'kept', address: 'merged', sex: 'merged' },
    })
    const merged = await auditOf('child.merged')
    expect(merged).toHaveLength(1)
    expect(merged[0]).toMatchObject({ resource_id: kept, child_id: kept })
    expect(merged[0]?.detail).toMatchObject({ keptChildId: kept, mergedChildId: duplicate })
    expect(merged[0]?.fields).toEqual({ address: 'set', sex: { from: null, to: 'F' } })
    const onDuplicate = (await auditOf('child.updated')).filter(e => e.child_id === duplicate)
    expect(onDuplicate[0]?.fields).toEqual({ mergedIntoId: { from: null, to: kept } })

    // The kept record says so, and its timeline has the merge.
    const page = await manager.get(`/children/${kept}?merged=${duplicate}`)
    expect(page.body).toContain('Record KS0000000001 was merged into this record')
    expect(page.body).toContain('Records merged')
    expect(page.body).toContain('20 November 2026')
  })

  it('sets the duplicate’s values where the manager chose them', async () => {
    const { kept, duplicate } = await duplicatePair()
    const manager = await as('front-door-manager')
    const done = await manager.post(`/children/${kept}/merge/${duplicate}/confirm`, {
      ...MERGE_FORM,
      'keep-givenName': 'merged',
    })
    expect(done.statusCode).toBe(303)
    expect((await childRow(kept)).given_name).toBe('Amirah')
    expect((await auditOf('child.merged'))[0]?.fields).toMatchObject({
      givenName: { from: 'Amira', to: 'Amirah' },
    })
  })

  it('sends someone who opens the duplicate to the kept record, which says it was merged', async () => {
    const { kept, duplicate } = await duplicatePair()
    const manager = await as('front-door-manager')
    await manager.post(`/children/${kept}/merge/${duplicate}/confirm`, MERGE_FORM)

    const worker = await as('social-worker')
    const opened = await worker.get(`/children/${duplicate}`)
    expect(opened.statusCode).toBe(303)
    expect(opened.headers.location).toBe(`/children/${kept}?merged-from=${duplicate}`)
    const page = await worker.get(opened.headers.location as string)
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('This record was merged into Amira Khan (A100)')
    expect(page.body).toContain('You opened record KS0000000001')
    expect(page.body).not.toContain('Merge a duplicate record into this record')
    // The duplicate's own pages are gone: no renaming a hidden record.
    expect((await worker.get(`/children/${duplicate}/name`)).statusCode).toBe(404)
    expect(
      (await worker.post(`/children/${duplicate}/name`, { givenName: 'X', familyName: 'Y' }))
        .statusCode,
    ).toBe(404)
  })

  it('hides the merged record from the list, search, matching and the census export', async () => {
    const { kept, duplicate } = await duplicatePair()
    const manager = await as('front-door-manager')
    await manager.post(`/children/${kept}/merge/${duplicate}/confirm`, MERGE_FORM)
    // As if the case management system still sent an episode under the duplicate's ID.
    await insertEpisode(duplicate, '2025-01-15')
    await insertEpisode(kept, '2025-02-15')

    const list = await manager.get('/children')
    expect(list.body).toContain('A100')
    expect(list.body).not.toContain('KS0000000001')
    expect(list.body).toContain('1 child')
    const search = await manager.get('/children?q=khan')
    expect(search.body).not.toContain('KS0000000001')
    const csv = await manager.get('/children/export.csv')
    expect(csv.body).not.toContain('KS0000000001')

    // A new referral of the same child matches the kept record only.
    const other = await insertChild({ laChildId: 'C300', givenName: 'Zara', familyName: 'Ali' })
    const pick = await manager.get(`/children/${other}/merge?q=amira`)
    expect(pick.body).toContain('A100')
    expect(pick.body).not.toContain('KS0000000001')
    const referral = await insertLinkedReferral(kept, 'NSCP-2026-000009')
    await t.database.owner
      .updateTable('referral_child')
      .set({ child_id: null })
      .where('referral_id', '=', referral)
      .execute()
    const referralPage = await manager.get(`/referrals/${referral}`)
    expect(referralPage.body).toContain('LA child ID A100')
    expect(referralPage.body).not.toContain('KS0000000001')

    const out = capture()
    await exportCensus(
      t.database.db,
      { partnershipId: t.northbridge.id, userId: null, year: '2024-25' },
      out.stream,
    )
    expect(out.text()).toContain('<LAchildID>A100</LAchildID>')
    expect(out.text()).not.toContain('KS0000000001')
  })

  it('refuses two episodes with the same referral date, naming it, and changes nothing', async () => {
    const { kept, duplicate } = await duplicatePair()
    await insertEpisode(kept, '2025-06-02')
    await insertEpisode(duplicate, '2025-06-02', '2025-07-01')
    await insertLinkedReferral(duplicate, 'NSCP-2026-000011')
    const manager = await as('front-door-manager')

    const compare = await manager.get(`/children/${kept}/merge/${duplicate}`)
    expect(compare.body).toContain(
      'Both records have a child in need episode with the referral date 2 June 2025',
    )
    expect(compare.body).not.toContain('Why are these records the same child?')

    const refused = await expectNothingWritten(t, () =>
      manager.post(`/children/${kept}/merge/${duplicate}/confirm`, MERGE_FORM),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('There is a problem')
    expect(refused.body).toContain('referral date 2 June 2025')
    const episodes = await t.database.owner
      .selectFrom('cin_episode')
      .select('child_id')
      .orderBy('child_id')
      .execute()
    expect(episodes.map(e => e.child_id).sort()).toEqual([kept, duplicate].sort())
    const link = await t.database.owner
      .selectFrom('referral_child')
      .select('child_id')
      .executeTakeFirstOrThrow()
    expect(link.child_id).toBe(duplicate)
    expect((await childRow(duplicate)).merged_into_id).toBeNull()
    expect(await t.database.owner.selectFrom('child_merge').selectAll().execute()).toEqual([])
    expect(await auditOf('child.merged')).toEqual([])
  })

  it.each([
    ['itself', 'same', 'a record cannot be merged into itself'],
    ['an already-merged record', 'merged-kept', 'merge into that record instead'],
    ['a record already merged', 'merged-duplicate', 'has already been merged'],
    ['a record with another date of death', 'death', 'The records give different dates of death'],
  ])('refuses to merge into %s with a message', async (_, kind, message) => {
    const { kept, duplicate } = await duplicatePair()
    const third = await insertChild({ laChildId: 'T300', givenName: 'Amira', familyName: 'Khan' })
    const manager = await as('front-door-manager')
    let [keptId, duplicateId] = [kept, duplicate]
    if (kind === 'same') duplicateId = kept
    if (kind === 'merged-kept' || kind === 'merged-duplicate') {
      await manager.post(`/children/${kept}/merge/${duplicate}/confirm`, MERGE_FORM)
      ;[keptId, duplicateId] = kind === 'merged-kept' ? [duplicate, third] : [third, duplicate]
    }
    if (kind === 'death') {
      await t.database.owner
        .updateTable('child')
        .set({ death_date: '2025-01-01' })
        .where('id', '=', kept)
        .execute()
      await t.database.owner
        .updateTable('child')
        .set({ death_date: '2025-02-01' })
        .where('id', '=', duplicate)
        .execute()
    }
    const before = await t.database.owner.selectFrom('child_merge').selectAll().execute()
    const response = await expectNothingWritten(t, () =>
      manager.post(`/children/${keptId}/merge/${duplicateId}/confirm`, MERGE_FORM),
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain(message)
    expect(await t.database.owner.selectFrom('child_merge').selectAll().execute()).toEqual(before)
  })

  it('adds a later census’s episodes under the duplicate’s LA child ID to the record kept', async () => {
    const { kept, duplicate } = await duplicatePair()
    const manager = await as('front-door-manager')
    await manager.post(`/children/${kept}/merge/${duplicate}/confirm`, MERGE_FORM)
    const outcome = await importCensusFile(t.database.db, {
      partnershipId: t.northbridge.id,
      userId: null,
      path: writeFile('merged-duplicate.xml', censusXml(childXml('KS0000000001'))),
      fileName: 'census.xml',
    })
    expect(outcome.ok).toBe(true)
    const episodes = await t.database.owner
      .selectFrom('cin_episode')
      .select(['child_id', 'referral_date'])
      .execute()
    expect(episodes).toEqual([{ child_id: kept, referral_date: '2024-05-01' }])
    expect((await childRow(duplicate)).merged_into_id).toBe(kept)
  })

  it('points records merged into the duplicate before at the record kept', async () => {
    const { kept, duplicate } = await duplicatePair()
    const older = await insertChild({ laChildId: 'OLD1', givenName: 'Amira', familyName: 'Khan' })
    const manager = await as('front-door-manager')
    await manager.post(`/children/${duplicate}/merge/${older}/confirm`, MERGE_FORM)
    expect((await childRow(older)).merged_into_id).toBe(duplicate)
    await manager.post(`/children/${kept}/merge/${duplicate}/confirm`, MERGE_FORM)
    expect((await childRow(older)).merged_into_id).toBe(kept)
    const opened = await manager.get(`/children/${older}`)
    expect(opened.headers.location).toBe(`/children/${kept}?merged-from=${older}`)
  })
})

/** The journey's rows about a child: a step-up, a plan known from elsewhere, early help. */
async function insertJourneyRows(
  childId: string,
  values: { planStart: string; openEarlyHelp: boolean },
) {
  const userId = t.userId('front-door-manager')
  const partnership_id = t.northbridge.id
  await t.database.owner
    .insertInto('journey_step')
    .values({
      partnership_id,
      child_id: childId,
      kind: 'early-help-to-social-care',
      stepped_on: '2026-10-01',
      recorded_by: userId,
    })
    .execute()
  await t.database.owner
    .insertInto('previous_protection_plan')
    .values({
      partnership_id,
      child_id: childId,
      authority: 'Southshire',
      start_date: values.planStart,
      end_date: null,
      recorded_by: userId,
    })
    .execute()
  await t.database.owner
    .insertInto('early_help_episode')
    .values({
      partnership_id,
      child_id: childId,
      start_date: '2026-09-01',
      reason: 'Support with school attendance',
      end_date: values.openEarlyHelp ? null : '2026-09-30',
      end_reason: values.openEarlyHelp ? null : 'stepped-up',
      created_by: userId,
    })
    .execute()
}

async function childIdsOf(
  table: 'journey_step' | 'previous_protection_plan' | 'early_help_episode',
) {
  const rows = await t.database.owner.selectFrom(table).select('child_id').execute()
  return rows.map(row => row.child_id as string)
}

describe('merging the child’s journey', () => {
  it('moves step events, plans known from elsewhere and early help to the kept record', async () => {
    const { kept, duplicate } = await duplicatePair()
    await insertJourneyRows(kept, { planStart: '2022-01-10', openEarlyHelp: false })
    await insertJourneyRows(duplicate, { planStart: '2023-05-02', openEarlyHelp: true })
    const manager = await as('front-door-manager')

    const done = await manager.post(`/children/${kept}/merge/${duplicate}/confirm`, MERGE_FORM)
    expect(done.statusCode).toBe(303)

    for (const table of [
      'journey_step',
      'previous_protection_plan',
      'early_help_episode',
    ] as const) {
      expect(await childIdsOf(table)).toEqual([kept, kept])
    }
    const log = await t.database.owner
      .selectFrom('child_merge')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(log.moved).toMatchObject({
      journeyStep: 1,
      previousProtectionPlan: 1,
      earlyHelpEpisode: 1,
    })
  })

  it.each([
    [
      'two open early help episodes',
      { planStart: '2022-01-10', openEarlyHelp: true },
      'Both records have an open early help episode',
    ],
    [
      'two plans known from elsewhere with the same start',
      { planStart: '2023-05-02', openEarlyHelp: false },
      'started on 2 May 2023',
    ],
  ])('refuses %s with a message, and changes nothing', async (_, keptRows, message) => {
    const { kept, duplicate } = await duplicatePair()
    await insertJourneyRows(kept, keptRows)
    await insertJourneyRows(duplicate, { planStart: '2023-05-02', openEarlyHelp: true })
    const manager = await as('front-door-manager')

    const refused = await expectNothingWritten(t, () =>
      manager.post(`/children/${kept}/merge/${duplicate}/confirm`, MERGE_FORM),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(message)
    expect((await childIdsOf('early_help_episode')).sort()).toEqual([kept, duplicate].sort())
    expect((await childRow(duplicate)).merged_into_id).toBeNull()
  })
})

describe('who may merge', () => {
  it('refuses front door practitioners (403) and another partnership’s records (404)', async () => {
    const { kept, duplicate } = await duplicatePair()
    const practitioner = await as('front-door-practitioner')
    expect((await practitioner.get(`/children/${kept}/merge`)).statusCode).toBe(403)
    expect((await practitioner.get(`/children/${kept}/merge/${duplicate}`)).statusCode).toBe(403)
    expect(
      (await practitioner.post(`/children/${kept}/merge/${duplicate}`, MERGE_FORM)).statusCode,
    ).toBe(403)
    expect(
      (await practitioner.post(`/children/${kept}/merge/${duplicate}/confirm`, MERGE_FORM))
        .statusCode,
    ).toBe(403)
    expect((await practitioner.get(`/children/${kept}`)).body).not.toContain(
      'Merge a duplicate record',
    )

    const elsewhere = await insertChild({
      laChildId: 'S100',
      givenName: 'Amira',
      familyName: 'Khan',
      birthDate: '2018-04-03',
      partnership: t.southbridge,
    })
    const manager = await as('front-door-manager')
    expect((await manager.get(`/children/${kept}/merge/${elsewhere}`)).statusCode).toBe(404)
    expect(
      (await manager.post(`/children/${kept}/merge/${elsewhere}/confirm`, MERGE_FORM)).statusCode,
    ).toBe(404)
    expect((await manager.get(`/children/${kept}/merge?q=S100`)).body).toContain(
      'No other record matches “S100”',
    )
    const southManager = await as('front-door-manager', t.southbridge)
    expect((await southManager.get(`/children/${kept}/merge`)).statusCode).toBe(404)
    expect((await childRow(duplicate)).merged_into_id).toBeNull()
    expect((await childRow(elsewhere)).merged_into_id).toBeNull()
  })
})
