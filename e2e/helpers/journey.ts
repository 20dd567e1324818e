import type { Browser } from 'playwright-core'
import { expect } from 'vitest'
import { location, signIn, signInWithTwoFactor, startJourney, type Journey } from './browser.js'
import type { Role } from '../../src/platform/permissions.js'
import { DEMO_PASSWORD, demoEmail, type TestServer } from './server.js'

/** The demo partnership's id, for a spec's own setup. */
export async function demoPartnershipId(server: TestServer): Promise<string> {
  const row = await server.database.owner
    .selectFrom('partnership')
    .select('id')
    .where('slug', '=', 'northbridge')
    .executeTakeFirstOrThrow()
  return row.id as string
}

/** A child's record with the census identifiers a census export needs. */
export async function insertDemoChild(
  server: TestServer,
  child: { laChildId: string; givenName: string; familyName: string; birthDate: string },
): Promise<string> {
  const row = await server.database.owner
    .insertInto('child')
    .values({
      partnership_id: await demoPartnershipId(server),
      la_child_id: child.laChildId,
      given_name: child.givenName,
      family_name: child.familyName,
      birth_date: child.birthDate,
      sex: 'F',
      ethnicity: 'WBRI',
      disabilities: ['NONE'],
      upn_unknown: 'UN1',
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id as string
}

/** A child (Leah Moss) on a child protection plan under neglect, on the open episode of a referral. */
export async function childOnProtectionPlan(
  server: TestServer,
  options: { laChildId: string; referralOn: string; planStartedOn: string },
): Promise<{ childId: string; planId: string }> {
  const partnershipId = await demoPartnershipId(server)
  const childId = await insertDemoChild(server, {
    laChildId: options.laChildId,
    givenName: 'Leah',
    familyName: 'Moss',
    birthDate: '2016-09-14',
  })
  const owner = server.database.owner
  const episode = await owner
    .insertInto('cin_episode')
    .values({
      partnership_id: partnershipId,
      child_id: childId,
      referral_date: options.referralOn,
      referral_source: '2A',
      primary_need_code: 'N1',
      referral_nfa: false,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  const plan = await owner
    .insertInto('child_protection_plan')
    .values({
      partnership_id: partnershipId,
      episode_id: episode.id,
      start_date: options.planStartedOn,
      initial_category: 'NEG',
      latest_category: 'NEG',
      number_of_previous_plans: 0,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return { childId, planId: plan.id as string }
}

/** A demo person signed in with two-factor, in a browser session of their own. */
export async function signedInAs(
  browser: Browser,
  server: TestServer,
  role: Role,
): Promise<Journey> {
  const journey = await startJourney(browser, server.baseUrl)
  await signInWithTwoFactor(journey, demoEmail(role), DEMO_PASSWORD)
  return journey
}

/**
 * A demo person signed in, in a browser session of their own, and on the home page: with a second
 * factor when `twoFactor` (the roles that see children's names), else with the password alone.
 */
export async function signedInOnHome(
  browser: Browser,
  server: TestServer,
  role: Role,
  twoFactor = false,
): Promise<Journey> {
  const journey = await startJourney(browser, server.baseUrl)
  if (twoFactor) await signInWithTwoFactor(journey, demoEmail(role), DEMO_PASSWORD)
  else await signIn(journey, demoEmail(role), DEMO_PASSWORD)
  expect(location(journey.page)).toBe('/')
  return journey
}

/** The partnership administrator, signed in (the role needs no second factor) on the home page. */
export function signedInAdmin(browser: Browser, server: TestServer): Promise<Journey> {
  return signedInOnHome(browser, server, 'partnership-admin')
}
