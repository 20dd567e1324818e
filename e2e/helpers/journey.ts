import type { Browser } from 'playwright-core'
import { signInWithTwoFactor, startJourney, type Journey } from './browser.js'
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
