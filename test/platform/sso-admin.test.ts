import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { expectNothingWritten } from '../helpers/table-counts.js'
import { useTestApp } from '../helpers/test-app.js'
import { visibleText } from '../modules/governance/helpers.js'

const t = useTestApp({ KEEPSAFE_OIDC_SECRET_NORTHBRIDGE: 'a-secret-never-shown-0123456789' })
const BASE = '/admin/settings/sign-in'

const form = (overrides: Record<string, string> = {}) => ({
  organisationName: 'Northbridge City Council',
  agencyId: '',
  issuer: 'https://login.microsoftonline.com/tenant/v2.0',
  clientId: 'keepsafe-client',
  clientSecretEnv: 'KEEPSAFE_OIDC_SECRET_NORTHBRIDGE',
  emailDomains: 'Northbridge.gov.uk\r\n\r\n@schools.northbridge.gov.uk\r\nnorthbridge.gov.uk',
  isEnabled: 'yes',
  ...overrides,
})

const get = (url: string, cookie: string) => t.inject({ method: 'GET', url, headers: { cookie } })

const providers = () =>
  t.database.owner.selectFrom('sign_in_provider').selectAll().orderBy('organisation_name').execute()

const domains = () =>
  t.database.owner
    .selectFrom('sign_in_domain')
    .select(['domain', 'provider_id', 'partnership_id'])
    .orderBy('domain')
    .execute()

async function addProvider(cookie: string, fields: Record<string, string> = {}) {
  const added = await t.postForm(BASE, form(fields), cookie)
  expect(added.statusCode, visibleText(added.body).slice(0, 400)).toBe(303)
  const [row] = await t.database.owner
    .selectFrom('sign_in_provider')
    .select('id')
    .orderBy('created_at', 'desc')
    .execute()
  return row?.id ?? ''
}

describe('the sign-in providers page', () => {
  it('adds, lists, changes, switches off and on, and deletes a provider, auditing each change', async () => {
    const admin = await t.signInAs('partnership-admin')
    const empty = await get(BASE, admin)
    expect(empty.statusCode).toBe(200)
    expect(visibleText(empty.body)).toContain('No sign-in providers yet')
    expect(visibleText((await get('/admin/settings', admin)).body)).toContain(
      'Manage sign-in providers',
    )

    const id = await addProvider(admin)
    const [added] = await providers()
    expect(added?.email_domains).toEqual(['northbridge.gov.uk', 'schools.northbridge.gov.uk'])
    expect((await domains()).map(d => d.domain)).toEqual([
      'northbridge.gov.uk',
      'schools.northbridge.gov.uk',
    ])
    const listed = visibleText((await get(`${BASE}?notice=added`, admin)).body)
    expect(listed).toContain('Sign-in provider added')
    expect(listed).toContain('Northbridge City Council')
    expect(listed).toContain('KEEPSAFE_OIDC_SECRET_NORTHBRIDGE Set on this server')
    expect(listed).not.toContain('a-secret-never-shown')

    const agencyId = t.northbridge.agencyIds[0] ?? ''
    const changed = await t.postForm(
      `${BASE}/${id}`,
      form({
        agencyId,
        clientSecretEnv: 'KEEPSAFE_OIDC_SECRET_NB_SCHOOLS',
        emailDomains: 'schools.northbridge.gov.uk',
      }),
      admin,
    )
    expect(changed.statusCode, visibleText(changed.body).slice(0, 400)).toBe(303)
    const [after] = await providers()
    expect(after?.agency_id).toBe(agencyId)
    expect(after?.email_domains).toEqual(['schools.northbridge.gov.uk'])
    expect((await domains()).map(d => d.domain)).toEqual(['schools.northbridge.gov.uk'])
    const editPage = visibleText((await get(`${BASE}/${id}`, admin)).body)
    expect(editPage).toContain('KEEPSAFE_OIDC_SECRET_NB_SCHOOLS is not set on this server')

    expect((await t.postForm(`${BASE}/${id}/switch`, { isEnabled: 'no' }, admin)).statusCode).toBe(
      303,
    )
    expect((await providers())[0]?.is_enabled).toBe(false)
    expect((await t.postForm(`${BASE}/${id}/switch`, { isEnabled: 'yes' }, admin)).statusCode).toBe(
      303,
    )
    expect((await providers())[0]?.is_enabled).toBe(true)

    expect(visibleText((await get(`${BASE}/${id}/delete`, admin)).body)).toContain(
      'Delete Northbridge City Council’s sign-in provider',
    )
    expect((await t.postForm(`${BASE}/${id}/delete`, {}, admin)).statusCode).toBe(303)
    expect(await providers()).toEqual([])
    expect(await domains()).toEqual([])

    const events = await t.database.owner
      .selectFrom('audit_event')
      .select(['action', 'resource_id', 'fields', 'detail'])
      .where('resource_type', '=', 'sign-in-provider')
      .orderBy('seq')
      .execute()
    expect(events.map(e => e.action)).toEqual([
      'sign-in-provider.created',
      'sign-in-provider.updated',
      'sign-in-provider.disabled',
      'sign-in-provider.enabled',
      'sign-in-provider.deleted',
    ])
    expect(events.every(e => e.resource_id === id)).toBe(true)
    expect(JSON.stringify(events)).not.toContain('a-secret-never-shown')
  })

  it('refuses each bad answer with its message, writing nothing', async () => {
    const admin = await t.signInAs('partnership-admin')
    const id = await addProvider(admin)
    const cases: [Record<string, string>, string][] = [
      [{ organisationName: '' }, 'Enter the organisation’s name'],
      [{ organisationName: 'x'.repeat(101) }, 'Name must be 100 characters or fewer'],
      [{ agencyId: 'not-an-agency' }, 'Select an agency from the list'],
      [{ agencyId: t.southbridge.agencyIds[0] ?? '' }, 'Select an agency from the list'],
      [{ issuer: '' }, 'Enter the issuer’s web address'],
      [{ issuer: 'http://login.example.org' }, 'Enter the issuer’s web address starting https://'],
      [{ issuer: 'login.example.org' }, 'Enter the issuer’s web address starting https://'],
      [{ clientId: '' }, 'Enter the client ID'],
      [{ clientId: 'x'.repeat(201) }, 'The client ID must be 200 characters or fewer'],
      [{ clientSecretEnv: 'SESSION_SECRET' }, 'must start KEEPSAFE_OIDC_SECRET_'],
      [{ clientSecretEnv: 'KEEPSAFE_OIDC_SECRET_lower' }, 'must start KEEPSAFE_OIDC_SECRET_'],
      [{ emailDomains: ' \r\n ' }, 'Enter the organisation’s email domains, one on each line'],
      [
        { emailDomains: Array.from({ length: 21 }, (_, n) => `d${n}.example`).join('\n') },
        'Enter 20 email domains or fewer',
      ],
      [
        { emailDomains: 'northbridge.gov.uk\nnot a domain' },
        '“not a domain” is not an email domain',
      ],
      [{ emailDomains: 'person@northbridge.gov.uk' }, 'is not an email domain'],
      [{ isEnabled: 'maybe' }, 'Select whether staff can sign in with this provider'],
    ]
    for (const [fields, message] of cases) {
      for (const url of [BASE, `${BASE}/${id}`]) {
        const refused = await expectNothingWritten(t, () => t.postForm(url, form(fields), admin))
        expect(refused.statusCode, `${url} ${JSON.stringify(fields)}`).toBe(400)
        expect(visibleText(refused.body)).toContain(message)
      }
    }
  })

  it('refuses a domain another provider has, in this partnership or another, writing nothing', async () => {
    const admin = await t.signInAs('partnership-admin')
    const id = await addProvider(admin)
    await addProvider(admin, {
      organisationName: 'Northbridge Health',
      emailDomains: 'nhs.example',
    })
    const southAdmin = await t.signInAs('partnership-admin', t.southbridge)
    const message = 'schools.northbridge.gov.uk already signs in with another provider'
    const attempts: [string, string, string][] = [
      [BASE, admin, 'fresh.example\nschools.northbridge.gov.uk'],
      [`${BASE}/${id}`, admin, 'northbridge.gov.uk\nnhs.example'],
      [BASE, southAdmin, 'southbridge.gov.uk\nschools.northbridge.gov.uk'],
    ]
    for (const [url, cookie, emailDomains] of attempts) {
      const refused = await expectNothingWritten(t, () =>
        t.postForm(url, form({ organisationName: 'Claimant', emailDomains }), cookie),
      )
      expect(refused.statusCode).toBe(400)
      expect(visibleText(refused.body)).toContain(
        url === BASE ? message : 'nhs.example already signs in with another provider',
      )
    }
  })

  it('is hidden from another partnership and closed to everyone but administrators', async () => {
    const admin = await t.signInAs('partnership-admin')
    const id = await addProvider(admin)
    const before = await providers()

    const southAdmin = await t.signInAs('partnership-admin', t.southbridge)
    expect(visibleText((await get(BASE, southAdmin)).body)).not.toContain(
      'Northbridge City Council',
    )
    expect((await get(`${BASE}/${id}`, southAdmin)).statusCode).toBe(404)
    expect((await get(`${BASE}/${id}/delete`, southAdmin)).statusCode).toBe(404)
    for (const [url, fields] of [
      [`${BASE}/${id}`, form({ organisationName: 'Taken over' })],
      [`${BASE}/${id}/switch`, { isEnabled: 'no' }],
      [`${BASE}/${id}/delete`, {}],
    ] as const) {
      const refused = await expectNothingWritten(t, () => t.postForm(url, fields, southAdmin))
      expect(refused.statusCode, url).toBe(404)
    }

    const officer = await t.signInAs('business-officer')
    expect((await get(BASE, officer)).statusCode).toBe(403)
    for (const [url, fields] of [
      [BASE, form({ emailDomains: 'officer.example' })],
      [`${BASE}/${id}`, form({ organisationName: 'Changed' })],
      [`${BASE}/${id}/switch`, { isEnabled: 'no' }],
      [`${BASE}/${id}/delete`, {}],
    ] as const) {
      // A refusal records the denied access itself, so the tables it must not touch are checked.
      expect((await t.postForm(url, fields, officer)).statusCode, url).toBe(403)
    }
    expect(await providers()).toEqual(before)
    expect((await domains()).map(d => d.domain)).toEqual([
      'northbridge.gov.uk',
      'schools.northbridge.gov.uk',
    ])
    const changes = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('resource_type', '=', 'sign-in-provider')
      .execute()
    expect(changes.map(c => c.action)).toEqual(['sign-in-provider.created'])
  })

  it('lets the app role write domains only through the function, for its own partnership', async () => {
    const admin = await t.signInAs('partnership-admin')
    const id = await addProvider(admin)
    const asApp = (partnershipId: string, statement: ReturnType<typeof sql<unknown>>) =>
      t.database.db.transaction().execute(async trx => {
        await sql`select set_config('app.partnership_id', ${partnershipId}, true)`.execute(trx)
        return statement.execute(trx)
      })
    await expect(
      asApp(
        t.northbridge.id,
        sql`insert into sign_in_domain (domain, provider_id, partnership_id)
            values ('direct.example', ${id}, ${t.northbridge.id})`,
      ),
    ).rejects.toThrow(/permission denied/)
    await expect(
      asApp(
        t.southbridge.id,
        sql`select keepsafe_set_sign_in_domains(${id}::uuid, array['south.example'])`,
      ),
    ).rejects.toThrow(/no such sign-in provider/)
    expect((await domains()).map(d => d.domain)).toEqual([
      'northbridge.gov.uk',
      'schools.northbridge.gov.uk',
    ])
  })
})
