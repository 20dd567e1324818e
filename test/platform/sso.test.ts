import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
// oidc-provider ships no type declarations.
// @ts-expect-error -- see above
import Provider from 'oidc-provider'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestApp, withCookies } from '../helpers/test-app.js'

// A real OpenID Connect provider (panva's oidc-provider) on a random port. Its login and consent
// interactions are approved by the test's own handler, for the account and amr the test chooses.
const SECRET = 'a-client-secret-long-enough-for-hs256-0123456789'
const login = { accountId: 'sub-dee', amr: ['pwd'] as string[] }
const accounts: Record<string, { email: string; email_verified: boolean }> = {
  'sub-dee': { email: 'business-officer@northbridge.example', email_verified: true },
}
let issuer = ''
let oidcServer: Server

const overrides: Record<string, string> = { KEEPSAFE_OIDC_SECRET_NORTHBRIDGE: SECRET }

beforeAll(async () => {
  oidcServer = createServer()
  await new Promise<void>(resolve => oidcServer.listen(0, '127.0.0.1', resolve))
  issuer = `http://127.0.0.1:${(oidcServer.address() as AddressInfo).port}`
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'keepsafe',
        client_secret: SECRET,
        redirect_uris: ['http://localhost:3000/sign-in/sso/callback'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    // amr in the openid scope's claims: the ID token then carries the session's amr, which is
    // the `login: { amr }` the interaction below finishes with (oidc-provider adds a claim to the
    // ID token only when a granted scope or the claims parameter asks for it).
    claims: { openid: ['sub', 'amr'], email: ['email', 'email_verified'] },
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: false } },
    cookies: { keys: ['test-cookie-key'] },
    findAccount: (_ctx: unknown, sub: string) => ({
      accountId: sub,
      claims: () => ({ sub, ...accounts[sub] }),
    }),
    interactions: {
      url: (_ctx: unknown, interaction: { uid: string }) => `/interaction/${interaction.uid}`,
    },
  })
  const handle = provider.callback()
  oidcServer.on('request', (request, response) => {
    if (!request.url?.startsWith('/interaction/')) return void handle(request, response)
    void (async () => {
      const details = await provider.interactionDetails(request, response)
      if (details.prompt.name === 'login') {
        await provider.interactionFinished(request, response, {
          login: { accountId: login.accountId, amr: login.amr },
        })
        return
      }
      const grant = new provider.Grant({
        accountId: String(details.session?.accountId),
        clientId: String(details.params.client_id),
      })
      grant.addOIDCScope('openid email profile')
      await provider.interactionFinished(
        request,
        response,
        { consent: { grantId: await grant.save() } },
        { mergeWithLastSubmission: true },
      )
    })()
  })
})
afterAll(() => new Promise<void>(resolve => oidcServer.close(() => resolve())))

const t = useTestApp(overrides)

async function addProvider(domains = ['northbridge.example']) {
  const provider = await t.database.owner
    .insertInto('sign_in_provider')
    .values({
      partnership_id: t.northbridge.id,
      organisation_name: 'Northbridge Council',
      issuer,
      client_id: 'keepsafe',
      client_secret_env: 'KEEPSAFE_OIDC_SECRET_NORTHBRIDGE',
      email_domains: domains,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  for (const domain of domains)
    await t.database.owner
      .insertInto('sign_in_domain')
      .values({ domain, provider_id: provider.id, partnership_id: t.northbridge.id })
      .execute()
}

/** Goes to the provider and back as a browser would, with the provider's cookies kept. */
async function signInThroughProvider(email: string, tamper?: (url: URL) => void) {
  const started = await t.postForm('/sign-in/sso', { email })
  expect(started.statusCode).toBe(303)
  let location = String(started.headers.location)
  const keepsafeCookie = withCookies(started)
  const jar = new Map<string, string>()
  while (location.startsWith(issuer)) {
    const answer = await fetch(location, {
      redirect: 'manual',
      headers: { cookie: [...jar].map(([k, v]) => `${k}=${v}`).join('; ') },
    })
    for (const set of answer.headers.getSetCookie()) {
      const [pair] = set.split(';')
      const [name, value] = (pair ?? '').split('=')
      if (name) jar.set(name, value ?? '')
    }
    location = new URL(answer.headers.get('location') ?? '', location).href
  }
  const callback = new URL(location)
  expect(callback.pathname).toBe('/sign-in/sso/callback')
  tamper?.(callback)
  return t.inject({
    method: 'GET',
    url: `${callback.pathname}${callback.search}`,
    headers: { cookie: keepsafeCookie },
  })
}

const user = (email: string) =>
  t.database.owner
    .selectFrom('app_user')
    .select('id')
    .where('email', '=', email)
    .executeTakeFirstOrThrow()

describe('single sign-on through a real OpenID Connect provider', () => {
  it('links an invited account at the first sign-in and signs in again by the same subject', async () => {
    await addProvider()
    login.amr = ['pwd']
    const first = await signInThroughProvider('business-officer@northbridge.example')
    expect(first.statusCode, first.body.slice(0, 500)).toBe(303)
    const links = await t.database.owner.selectFrom('sign_in_link').selectAll().execute()
    expect(links.map(link => link.subject)).toEqual(['sub-dee'])
    expect(links[0]?.user_id).toBe((await user('business-officer@northbridge.example')).id)
    const again = await signInThroughProvider('business-officer@northbridge.example')
    expect(again.statusCode).toBe(303)
    const home = await t.inject({
      method: 'GET',
      url: '/',
      headers: { cookie: withCookies(again) },
    })
    expect(home.statusCode).toBe(200)
    const actions = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'sign-in.%')
      .execute()
    expect(actions.map(a => a.action)).toEqual([
      'sign-in.linked',
      'sign-in.succeeded',
      'sign-in.succeeded',
    ])
  })

  it('honours the provider’s MFA: amr mfa passes the second factor, amr pwd does not', async () => {
    await addProvider()
    accounts['sub-sw'] = { email: 'social-worker@northbridge.example', email_verified: true }
    login.accountId = 'sub-sw'
    login.amr = ['pwd']
    const withoutMfa = await signInThroughProvider('social-worker@northbridge.example')
    expect(withoutMfa.headers.location).not.toBe('/')
    login.amr = ['pwd', 'mfa']
    const withMfa = await signInThroughProvider('social-worker@northbridge.example')
    expect(withMfa.headers.location).toBe('/')
    login.accountId = 'sub-dee'
  })

  it('refuses an unknown email, a wrong domain and a tampered state, linking nothing', async () => {
    await addProvider(['northbridge.example', 'elsewhere.example'])
    accounts['sub-stranger'] = { email: 'stranger@northbridge.example', email_verified: true }
    login.accountId = 'sub-stranger'
    const unknown = await signInThroughProvider('stranger@northbridge.example')
    expect(unknown.statusCode).toBe(403)
    expect(unknown.body).toContain('There is no Keepsafe account for you here')

    accounts['sub-wrong'] = { email: 'someone@wrong.example', email_verified: true }
    login.accountId = 'sub-wrong'
    const wrong = await signInThroughProvider('someone@elsewhere.example')
    expect(wrong.statusCode).toBe(403)
    expect(wrong.body).toContain('not one this organisation’s sign-in service may use')

    login.accountId = 'sub-dee'
    const tampered = await signInThroughProvider('business-officer@northbridge.example', url =>
      url.searchParams.set('state', 'not-the-state'),
    )
    expect(tampered.statusCode).toBe(403)
    expect(tampered.body).toContain('could not be checked')
    expect(await t.database.owner.selectFrom('sign_in_link').selectAll().execute()).toEqual([])
    const reasons = await t.database.owner
      .selectFrom('audit_event')
      .select('detail')
      .where('action', '=', 'sign-in.failed')
      .execute()
    expect(JSON.stringify(reasons)).not.toMatch(/@/)
  })
})

describe('the provider’s word on MFA', () => {
  it('is amr containing mfa, or an acr naming it', async () => {
    const { providerDidMfa } = await import('../../src/platform/sso.js')
    expect(providerDidMfa({ amr: ['pwd', 'mfa'] })).toBe(true)
    expect(
      providerDidMfa({ acr: 'http://schemas.openid.net/pape/policies/2007/06/multi-factor' }),
    ).toBe(true)
    expect(providerDidMfa({ amr: ['pwd'] })).toBe(false)
    expect(providerDidMfa({})).toBe(false)
  })
})
