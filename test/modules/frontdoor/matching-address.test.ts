import { describe, expect, it } from 'vitest'
import {
  houseAndStreet,
  likelyMatches,
  normalisePostcode,
  scoreMatch,
  type CandidateRecord,
} from '../../../src/modules/frontdoor/matching.js'
import { useTestApp } from '../../helpers/test-app.js'
import { Visitor } from './journey.js'

const TODAY = '2026-11-22'

function record(values: Partial<CandidateRecord>): CandidateRecord {
  return {
    id: values.laChildId ?? 'id',
    laChildId: 'C1',
    upn: null,
    formerUpn: null,
    givenName: null,
    familyName: null,
    birthDate: null,
    address: null,
    postcode: null,
    ...values,
  }
}

describe('postcodes and house numbers', () => {
  it.each([
    ['NB1 2AB', 'NB1 2AB'],
    ['nb12ab', 'NB1 2AB'],
    ['  NB1   2ab ', 'NB1 2AB'],
    ['sw1a1aa', 'SW1A 1AA'],
    ['M1 1AE', 'M1 1AE'],
    ['', null],
    ['12', null],
    [null, null],
  ])('%s is %s', (given, expected) => {
    expect(normalisePostcode(given)).toBe(expected)
  })

  it.each([
    ['12 Mill Lane, Northbridge', { number: '12', street: 'Mill Lane' }],
    ['Flat 2, 12a Mill Lane', { number: '12a', street: 'Mill Lane' }],
    ['12 mill lane', { number: '12', street: 'mill lane' }],
    ['Rose Cottage, Northbridge', null],
    ['', null],
  ])('%s has house and street %o', (address, expected) => {
    expect(houseAndStreet(address)).toEqual(expected)
  })
})

describe('address as a match reason', () => {
  it('finds the same child typed twice, with a nickname and the postcode written differently', () => {
    const held = record({
      laChildId: 'A100',
      givenName: 'Alfred',
      familyName: 'Jones',
      birthDate: '2019-05-14',
      address: '4 Station Road, Northbridge',
      postcode: 'NB3 7QT',
    })
    // The referrer knew only his nickname and roughly how old he is.
    const referred = {
      givenName: 'Alfie',
      familyName: 'Jones',
      birthDate: null,
      approximateAge: 7,
      address: '4 Station Rd',
      postcode: 'nb37qt',
    }
    const { score, reasons } = scoreMatch(referred, held, { today: TODAY })
    expect(reasons).toEqual([
      'Age fits (7)',
      'Same family name',
      'Similar first name (Alfred)',
      'Same address (NB3 7QT)',
    ])
    expect(score).toBe(10 + 30 + 15 + 35)
    // Without the address the same referral would only just show.
    const elsewhere = { ...referred, address: null, postcode: null }
    expect(scoreMatch(elsewhere, held, { today: TODAY }).score).toBe(55)
  })

  it('shows a sibling at the same address as possible, but below the child', () => {
    const home = { address: '12 Mill Lane, Northbridge', postcode: 'NB1 2AB' }
    const amira = record({
      id: 'amira',
      laChildId: 'A100',
      givenName: 'Amira',
      familyName: 'Khan',
      birthDate: '2018-04-03',
      ...home,
    })
    const yusuf = record({
      id: 'yusuf',
      laChildId: 'Y200',
      givenName: 'Yusuf',
      familyName: 'Khan',
      birthDate: '2022-01-10',
      ...home,
    })
    const neighbour = record({
      id: 'neighbour',
      laChildId: 'N300',
      givenName: 'Ollie',
      familyName: 'Price',
      birthDate: '2016-09-30',
      address: '14 Mill Lane, Northbridge',
      postcode: 'NB1 2AB',
    })
    const referred = {
      givenName: 'Amirah',
      familyName: 'Khan',
      birthDate: '2018-04-03',
      approximateAge: null,
      address: '12 Mill Lane',
      postcode: 'NB1 2AB',
    }
    const matches = likelyMatches(referred, [yusuf, neighbour, amira], { today: TODAY })
    expect(matches.map(m => m.record.id)).toEqual(['amira', 'yusuf'])
    const [child, sibling] = matches
    expect(sibling?.reasons).toEqual(['Same family name', 'Same address (NB1 2AB)'])
    expect(sibling?.score).toBeLessThan(child?.score ?? 0)
    expect(sibling?.score).toBeGreaterThanOrEqual(40)
    // A neighbour shares only the postcode: not a likely match on that alone.
    expect(scoreMatch(referred, neighbour, { today: TODAY })).toEqual({
      score: 20,
      reasons: ['Same postcode (NB1 2AB)'],
    })
  })

  it('matches the same house and street without a postcode', () => {
    const held = record({ familyName: 'Khan', address: '12 Mill Lane, Northbridge' })
    const referred = {
      givenName: 'Amira',
      familyName: 'Khan',
      birthDate: null,
      approximateAge: null,
      address: 'Flat 1, 12 Mill Lane',
      postcode: '',
    }
    expect(scoreMatch(referred, held, { today: TODAY }).reasons).toEqual([
      'Same family name',
      'Same house number and street (12 Mill Lane)',
    ])
  })
})

describe('addresses from referrals, on the child’s record', () => {
  const t = useTestApp()
  const HOUR = 3_600_000

  async function insertReferral(child: {
    givenName: string
    familyName: string
    birthDate: string | null
    approximateAge?: number
    address: string | null
    postcode: string | null
  }) {
    const receivedAt = new Date(Date.now() - HOUR)
    const referral = await t.database.owner
      .insertInto('referral')
      .values({
        partnership_id: t.northbridge.id,
        reference: `NSCP-2026-${String(Math.floor(Math.random() * 1e6)).padStart(6, '0')}`,
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
    const referred = await t.database.owner
      .insertInto('referral_child')
      .values({
        partnership_id: t.northbridge.id,
        referral_id: referral.id,
        position: 1,
        given_name: child.givenName,
        family_name: child.familyName,
        birth_date: child.birthDate,
        approximate_age: child.approximateAge ?? null,
        address: child.address,
        postcode: child.postcode,
      })
      .returning('id')
      .executeTakeFirstOrThrow()
    return { id: referral.id as string, childId: referred.id as string }
  }

  async function insertChild(values: Record<string, string | null>) {
    const row = await t.database.owner
      .insertInto('child')
      .values({ partnership_id: t.northbridge.id, ...values })
      .returning('id')
      .executeTakeFirstOrThrow()
    return row.id as string
  }

  async function childRow(id: string) {
    return t.database.owner
      .selectFrom('child')
      .selectAll()
      .where('id', '=', id)
      .executeTakeFirstOrThrow()
  }

  it('gives a new record the referral’s address with the postcode normalised', async () => {
    const referral = await insertReferral({
      givenName: 'Amira',
      familyName: 'Khan',
      birthDate: '2018-04-03',
      address: ' 12 Mill Lane,  Northbridge ',
      postcode: 'nb12ab',
    })
    const practitioner = new Visitor(t, await t.signInAs('front-door-practitioner'))
    await practitioner.step(`/referrals/${referral.id}/children/${referral.childId}/new-record`, {})
    const link = await t.database.owner
      .selectFrom('referral_child')
      .select('child_id')
      .where('id', '=', referral.childId)
      .executeTakeFirstOrThrow()
    expect(await childRow(link.child_id as string)).toMatchObject({
      address: '12 Mill Lane, Northbridge',
      postcode: 'NB1 2AB',
    })
    const created = await t.database.owner
      .selectFrom('audit_event')
      .select('fields')
      .where('action', '=', 'child.created')
      .executeTakeFirstOrThrow()
    expect(created.fields).toMatchObject({ address: 'set', postcode: 'set' })
  })

  it('finds a census record by postcode, shows why, and updates the address on linking, audited', async () => {
    const recordId = await insertChild({
      la_child_id: 'A100',
      given_name: 'Amira',
      family_name: 'Khan',
      birth_date: '2018-04-03',
      address: '3 Old Road, Northbridge',
      postcode: 'NB9 9ZZ',
    })
    // A brother: same family name and address as the referral, another date of birth.
    await insertChild({
      la_child_id: 'Y200',
      given_name: 'Yusuf',
      family_name: 'Khan',
      birth_date: '2022-01-10',
      address: '12 Mill Lane, Northbridge',
      postcode: 'NB1 2AB',
    })
    // Found by its postcode, but a shared postcode alone is not a likely match.
    await insertChild({ la_child_id: 'P300', given_name: 'Tom', postcode: 'NB1 2AB' })
    const referral = await insertReferral({
      givenName: 'Amirah',
      familyName: 'Khan',
      birthDate: '2018-04-03',
      address: '12 Mill Lane, Northbridge',
      postcode: 'NB1 2AB',
    })
    const practitioner = new Visitor(t, await t.signInAs('front-door-practitioner'))
    const page = await practitioner.get(`/referrals/${referral.id}`)
    expect(page.body).toContain('LA child ID A100')
    expect(page.body).toContain('LA child ID Y200')
    expect(page.body).toContain('Same family name; Same address (NB1 2AB)')
    expect(page.body.indexOf('LA child ID A100')).toBeLessThan(
      page.body.indexOf('LA child ID Y200'),
    )
    expect(page.body).not.toContain('LA child ID P300')

    await practitioner.step(`/referrals/${referral.id}/children/${referral.childId}/link`, {
      recordId,
    })
    expect(await childRow(recordId)).toMatchObject({
      address: '12 Mill Lane, Northbridge',
      postcode: 'NB1 2AB',
    })
    const updated = await t.database.owner
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'child.updated')
      .executeTakeFirstOrThrow()
    expect(updated).toMatchObject({
      child_id: recordId,
      fields: { address: 'changed', postcode: 'changed' },
      detail: { referralId: referral.id },
    })
  })

  it('leaves the address alone when the referral gives the same one or none', async () => {
    const recordId = await insertChild({
      la_child_id: 'A100',
      given_name: 'Amira',
      family_name: 'Khan',
      birth_date: '2018-04-03',
      address: '12 Mill Lane, Northbridge',
      postcode: 'NB1 2AB',
    })
    const same = await insertReferral({
      givenName: 'Amira',
      familyName: 'Khan',
      birthDate: '2018-04-03',
      address: '12 Mill Lane, Northbridge',
      postcode: 'nb1 2ab',
    })
    const none = await insertReferral({
      givenName: 'Amira',
      familyName: 'Khan',
      birthDate: '2018-04-03',
      address: null,
      postcode: null,
    })
    const practitioner = new Visitor(t, await t.signInAs('front-door-practitioner'))
    for (const referral of [same, none]) {
      await practitioner.step(`/referrals/${referral.id}/children/${referral.childId}/link`, {
        recordId,
      })
    }
    expect(await childRow(recordId)).toMatchObject({
      address: '12 Mill Lane, Northbridge',
      postcode: 'NB1 2AB',
    })
    const updates = await t.database.owner
      .selectFrom('audit_event')
      .select('id')
      .where('action', '=', 'child.updated')
      .execute()
    expect(updates).toEqual([])
  })
})
