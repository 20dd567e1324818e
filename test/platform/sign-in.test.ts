import { generateSync } from 'otplib'
import { describe, expect, it } from 'vitest'
import { LOCKOUT_MS, MAX_FAILED_SIGN_INS, SESSION_IDLE_MS } from '../../src/platform/accounts.js'
import { sha256 } from '../../src/platform/crypto.js'
import { ROLES, roleSeesChildIdentity } from '../../src/platform/permissions.js'
import { TEST_PASSWORD, useTestApp, withCookies } from '../helpers/test-app.js'

const t = useTestApp()

const ADMIN = 'partnership-admin@northbridge.example'

/** A code of the next 30-second step: still accepted (one step of clock drift), and not yet used. */
function nextStepCode(secret: string): string {
  return generateSync({ secret, epoch: Math.floor(Date.now() / 1000) + 30 })
}
const SOCIAL_WORKER = 'social-worker@northbridge.example'

async function signIn(email: string, password = TEST_PASSWORD) {
  const response = await t.postForm('/sign-in', { email, password })
  return { response, cookie: withCookies(response) }
}

async function auditActions() {
  const rows = await t.database.owner
    .selectFrom('audit_event')
    .select(['action', 'detail'])
    .orderBy('id')
    .execute()
  return rows.map(row => row.action as string)
}

describe('signing in with a password', () => {
  it('signs in a role that needs no second factor and lands on the home page', async () => {
    const { response, cookie } = await signIn(ADMIN)
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/')
    const home = await t.inject({ method: 'GET', url: '/', headers: { cookie } })
    expect(home.statusCode).toBe(200)
    expect(home.body).toContain('Northbridge Safeguarding Children Partnership')
    expect(await auditActions()).toContain('sign-in.succeeded')
  })

  it('refuses a wrong password with the same message as an unknown email, and audits both', async () => {
    const wrong = await signIn(ADMIN, 'not-the-password-at-all')
    const unknown = await signIn('nobody@northbridge.example')
    expect(wrong.response.statusCode).toBe(401)
    expect(unknown.response.statusCode).toBe(401)
    for (const { response } of [wrong, unknown]) {
      expect(response.body).toContain('There is a problem')
      expect(response.body).toContain('Enter a correct email address and password')
      expect(response.cookies.find(c => c.name === 'keepsafe_session')).toBeUndefined()
    }
    const failures = await t.database.owner
      .selectFrom('audit_event')
      .select(['partnership_id', 'detail'])
      .where('action', '=', 'sign-in.failed')
      .execute()
    expect(failures).toHaveLength(2)
    expect(failures.map(f => f.partnership_id)).toEqual([t.northbridge.id, null])
  })

  it('shows inline errors for an empty form and changes nothing', async () => {
    const { response } = await signIn('', '')
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Enter your email address')
    expect(response.body).toContain('Enter your password')
    expect(response.body).toContain('href="#email"')
    expect(await auditActions()).toEqual([])
  })

  it('pauses sign-in from an address after repeated failures, even for the right password', async () => {
    for (let attempt = 1; attempt < MAX_FAILED_SIGN_INS; attempt++) {
      expect((await signIn(ADMIN, 'wrong-password-again')).response.statusCode).toBe(401)
    }
    const locking = await signIn(ADMIN, 'wrong-password-again')
    expect(locking.response.statusCode).toBe(401)
    const rightPassword = await signIn(ADMIN)
    expect(rightPassword.response.statusCode).toBe(401)
    expect(rightPassword.response.headers.location).toBeUndefined()
    const lock = await t.database.owner
      .selectFrom('sign_in_lock')
      .innerJoin('app_user', 'app_user.id', 'sign_in_lock.user_id')
      .select(['sign_in_lock.locked_until', 'sign_in_lock.address_hash'])
      .where('app_user.email', '=', ADMIN)
      .executeTakeFirstOrThrow()
    expect(new Date(lock.locked_until as Date).getTime()).toBeGreaterThan(
      Date.now() + LOCKOUT_MS - 60_000,
    )
    expect(lock.address_hash).not.toContain('127.0.0.1')
  })

  it('answers a paused account exactly as a wrong password or an unknown email', async () => {
    for (let attempt = 0; attempt < MAX_FAILED_SIGN_INS; attempt++)
      await signIn(ADMIN, 'wrong-password-again')
    const paused = await signIn(ADMIN, 'wrong-password-again')
    const unknown = await signIn('nobody-here@northbridge.example', 'wrong-password-again')
    const strip = (body: string) => body.replace(/(value|nonce)="[^"]*"/g, '')
    expect(paused.response.statusCode).toBe(unknown.response.statusCode)
    expect(strip(paused.response.body).replace(ADMIN, '')).toBe(
      strip(unknown.response.body).replace('nobody-here@northbridge.example', ''),
    )
  })

  it('lets the account holder sign in from elsewhere while one address is paused', async () => {
    for (let attempt = 0; attempt < MAX_FAILED_SIGN_INS; attempt++)
      await signIn(ADMIN, 'wrong-password-again')
    const { cookie, token } = await t.csrf()
    const fromOffice = await t.inject({
      method: 'POST',
      url: '/sign-in',
      remoteAddress: '203.0.113.9',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        email: ADMIN,
        password: TEST_PASSWORD,
        _csrf: token,
      }).toString(),
    })
    expect(fromOffice.statusCode).toBe(303)
  })

  it('refuses a form without its CSRF token and signs nobody in', async () => {
    const response = await t.inject({
      method: 'POST',
      url: '/sign-in',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ email: ADMIN, password: TEST_PASSWORD }).toString(),
    })
    expect(response.statusCode).toBe(403)
    expect(response.body).toContain('Your form has expired')
    expect(await auditActions()).toEqual([])
  })

  it('does not redirect to another site after sign-in', async () => {
    const response = await t.postForm('/sign-in', {
      email: ADMIN,
      password: TEST_PASSWORD,
      next: '//evil.example/phish',
    })
    expect(response.headers.location).toBe('/')
  })
})

describe('two-factor authentication', () => {
  async function enrol(cookie: string) {
    const setUp = await t.inject({
      method: 'GET',
      url: '/account/two-factor/set-up',
      headers: { cookie },
    })
    expect(setUp.statusCode).toBe(200)
    expect(setUp.body).toContain('<svg')
    const secret = /id="totp-secret">([A-Z2-7]+)</.exec(setUp.body)?.[1] ?? ''
    const jar = withCookies(setUp, cookie)
    return { secret, jar }
  }

  it('makes a role that can see children’s records set it up before anything else', async () => {
    const { response, cookie } = await signIn(SOCIAL_WORKER)
    expect(response.headers.location).toBe('/account/two-factor/set-up')
    const home = await t.inject({ method: 'GET', url: '/', headers: { cookie } })
    expect(home.statusCode).toBe(303)
    expect(home.headers.location).toBe('/account/two-factor/set-up')
  })

  it.each([
    'agency-lead',
    'lado',
    'lado-manager',
    'cdop-coordinator',
    'cdop-panel-member',
    'auditor',
  ] as const)(
    'forces it on the %s role, who sees children’s names in their own records',
    async role => {
      const { response, cookie } = await signIn(`${role}@northbridge.example`)
      expect(response.headers.location).toBe('/account/two-factor/set-up')
      const home = await t.inject({ method: 'GET', url: '/', headers: { cookie } })
      expect(home.headers.location).toBe('/account/two-factor/set-up')
    },
  )

  it('forces it on exactly the roles that can see who a child is', () => {
    expect(ROLES.filter(roleSeesChildIdentity)).toEqual([
      'agency-lead',
      'front-door-practitioner',
      'front-door-manager',
      'social-worker',
      'conference-chair',
      'lado',
      'cdop-coordinator',
      'auditor',
      'cdop-panel-member',
      'lado-manager',
    ])
  })

  it('enrols with a code from the shown secret, gives recovery codes, then asks for a code at every sign-in', async () => {
    const { cookie } = await signIn(SOCIAL_WORKER)
    const { secret, jar } = await enrol(cookie)

    const wrong = await t.postForm('/account/two-factor/set-up', { code: '000000' }, jar)
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body).toContain('The code is not right')

    // Kept, so that the replay below sends this very code even if a 30-second step has passed.
    const enrolCode = generateSync({ secret })
    const confirmed = await t.postForm('/account/two-factor/set-up', { code: enrolCode }, jar)
    expect(confirmed.statusCode).toBe(200)
    const codes = [...confirmed.body.matchAll(/<li>([a-z0-9]{10})<\/li>/g)].map(match => match[1])
    expect(codes).toHaveLength(10)
    expect((await t.inject({ method: 'GET', url: '/', headers: { cookie } })).statusCode).toBe(200)

    const stored = await t.database.owner
      .selectFrom('app_user')
      .select('totp_secret')
      .where('email', '=', SOCIAL_WORKER)
      .executeTakeFirstOrThrow()
    expect(stored.totp_secret).not.toContain(secret)

    const second = await signIn(SOCIAL_WORKER)
    expect(second.response.headers.location).toMatch(/^\/sign-in\/two-factor/)
    expect(
      (await t.inject({ method: 'GET', url: '/', headers: { cookie: second.cookie } })).headers
        .location,
    ).toBe('/sign-in/two-factor')
    const badCode = await t.postForm('/sign-in/two-factor', { code: '123456' }, second.cookie)
    expect(badCode.statusCode).toBe(401)
    // The code used to enrol is spent: the same code cannot be replayed.
    const replayed = await t.postForm('/sign-in/two-factor', { code: enrolCode }, second.cookie)
    expect(replayed.statusCode).toBe(401)
    const goodCode = await t.postForm(
      '/sign-in/two-factor',
      { code: nextStepCode(secret) },
      second.cookie,
    )
    expect(goodCode.statusCode).toBe(303)
    expect(
      (await t.inject({ method: 'GET', url: '/', headers: { cookie: second.cookie } })).statusCode,
    ).toBe(200)

    // A recovery code works once.
    const third = await signIn(SOCIAL_WORKER)
    expect(
      (await t.postForm('/sign-in/two-factor', { code: codes[0] ?? '' }, third.cookie)).statusCode,
    ).toBe(303)
    const fourth = await signIn(SOCIAL_WORKER)
    expect(
      (await t.postForm('/sign-in/two-factor', { code: codes[0] ?? '' }, fourth.cookie)).statusCode,
    ).toBe(401)

    expect(await auditActions()).toEqual(
      expect.arrayContaining(['mfa.enabled', 'mfa.verified', 'mfa.failed']),
    )
  })

  it('locks the account and ends the session after repeated wrong codes', async () => {
    const { cookie } = await signIn(SOCIAL_WORKER)
    const { secret, jar } = await enrol(cookie)
    await t.postForm('/account/two-factor/set-up', { code: generateSync({ secret }) }, jar)
    const second = await signIn(SOCIAL_WORKER)
    for (let attempt = 0; attempt < MAX_FAILED_SIGN_INS; attempt++) {
      await t.postForm('/sign-in/two-factor', { code: '000000' }, second.cookie)
    }
    const after = await t.postForm(
      '/sign-in/two-factor',
      { code: nextStepCode(secret) },
      second.cookie,
    )
    expect(after.statusCode).toBe(303)
    expect(after.headers.location).toBe('/sign-in')
    // Locked, but answered like a wrong password: the answer never says an account exists.
    expect((await signIn(SOCIAL_WORKER)).response.statusCode).toBe(401)
  })

  it('can be required of every role by the partnership', async () => {
    await t.database.owner
      .updateTable('partnership')
      .set({ mfa_required_for_all: true })
      .where('id', '=', t.northbridge.id)
      .execute()
    const { response } = await signIn(ADMIN)
    expect(response.headers.location).toBe('/account/two-factor/set-up')
  })
})

describe('sessions', () => {
  it('ends a session after 30 minutes without a request', async () => {
    const { cookie } = await signIn(ADMIN)
    const sessionId = /keepsafe_session=([^;]+)/.exec(cookie)?.[1] ?? ''
    await t.database.owner
      .updateTable('user_session')
      .set({ last_seen_at: new Date(Date.now() - SESSION_IDLE_MS - 1000) })
      .where('id_hash', '=', sha256(sessionId))
      .execute()
    const response = await t.inject({ method: 'GET', url: '/admin', headers: { cookie } })
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe('/sign-in?next=%2Fadmin')
    expect(
      await t.database.owner
        .selectFrom('user_session')
        .select('id_hash')
        .where('id_hash', '=', sha256(sessionId))
        .execute(),
    ).toEqual([])
  })

  it('ends a session 12 hours after sign-in however active it is', async () => {
    const { cookie } = await signIn(ADMIN)
    await t.database.owner
      .updateTable('user_session')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute()
    expect(
      (await t.inject({ method: 'GET', url: '/account', headers: { cookie } })).statusCode,
    ).toBe(303)
  })

  it('signs out everywhere: every session of the person ends', async () => {
    const first = await signIn(ADMIN)
    const second = await signIn(ADMIN)
    const response = await t.postForm('/account/sign-out-everywhere', {}, first.cookie)
    expect(response.statusCode).toBe(303)
    for (const cookie of [first.cookie, second.cookie]) {
      expect(
        (await t.inject({ method: 'GET', url: '/account', headers: { cookie } })).statusCode,
      ).toBe(303)
    }
    expect(await auditActions()).toContain('session.signed-out-everywhere')
  })

  // A signed-out `/` is the public front page, so a session's end is checked on `/account`.
  it('signs out of this session only', async () => {
    const first = await signIn(ADMIN)
    const second = await signIn(ADMIN)
    expect((await t.postForm('/sign-out', {}, first.cookie)).headers.location).toBe(
      '/sign-in?signedOut=1',
    )
    expect(
      (await t.inject({ method: 'GET', url: '/account', headers: { cookie: first.cookie } }))
        .statusCode,
    ).toBe(303)
    expect(
      (await t.inject({ method: 'GET', url: '/account', headers: { cookie: second.cookie } }))
        .statusCode,
    ).toBe(200)
  })

  it('switches between partnerships where the person holds roles', async () => {
    const userId = t.userId('partnership-admin')
    await t.database.owner
      .insertInto('role_grant')
      .values({ partnership_id: t.southbridge.id, user_id: userId, role: 'analyst' })
      .execute()
    const { cookie } = await signIn(ADMIN)
    const chooser = await t.inject({
      method: 'GET',
      url: '/account/partnership',
      headers: { cookie },
    })
    expect(chooser.body).toContain('Southbridge Safeguarding Children Partnership')
    const switched = await t.postForm(
      '/account/partnership',
      { partnershipId: t.southbridge.id },
      cookie,
    )
    expect(switched.statusCode).toBe(303)
    const home = await t.inject({ method: 'GET', url: '/', headers: { cookie } })
    expect(home.body).toContain('Southbridge Safeguarding Children Partnership')
    // As an analyst in Southbridge, administration is not theirs.
    expect((await t.inject({ method: 'GET', url: '/admin', headers: { cookie } })).statusCode).toBe(
      403,
    )
    const refused = await t.postForm(
      '/account/partnership',
      { partnershipId: '00000000-0000-4000-8000-000000000000' },
      cookie,
    )
    expect(refused.statusCode).toBe(400)
  })
})

describe('password resets by email link', () => {
  it('sends a one-hour link to the outbox that sets a new password once and ends old sessions', async () => {
    const old = await signIn(ADMIN)
    const asked = await t.postForm('/forgot-password', { email: ADMIN })
    expect(asked.statusCode).toBe(200)
    expect(asked.body).toContain('Check your email')
    const mail = await t.database.owner
      .selectFrom('outbox_message')
      .selectAll()
      .where('to_address', '=', ADMIN)
      .executeTakeFirstOrThrow()
    const link = /\/set-password\/([\w-]+)/.exec(String(mail.body_text))
    expect(link).not.toBeNull()
    const url = link?.[0] ?? ''

    const weak = await t.postForm(url, { password: 'password123', confirmPassword: 'password123' })
    expect(weak.statusCode).toBe(400)
    expect(weak.body).toMatch(/12 characters or more|too common/)
    const common = await t.postForm(url, {
      password: 'password1234',
      confirmPassword: 'password1234',
    })
    expect(common.body).toContain('too common')
    const mismatch = await t.postForm(url, {
      password: 'a-new-long-passphrase',
      confirmPassword: 'something-else-here',
    })
    expect(mismatch.body).toContain('The passwords do not match')

    const done = await t.postForm(url, {
      password: 'a-new-long-passphrase',
      confirmPassword: 'a-new-long-passphrase',
    })
    expect(done.statusCode).toBe(303)
    expect(
      (
        await t.postForm(url, {
          password: 'another-passphrase-x',
          confirmPassword: 'another-passphrase-x',
        })
      ).statusCode,
    ).toBe(404)
    expect(
      (await t.inject({ method: 'GET', url: '/account', headers: { cookie: old.cookie } }))
        .statusCode,
    ).toBe(303)
    expect((await signIn(ADMIN, 'a-new-long-passphrase')).response.headers.location).toBe('/')
  })

  it('answers the same for an unknown address and sends nothing', async () => {
    const asked = await t.postForm('/forgot-password', { email: 'nobody@example.org' })
    expect(asked.statusCode).toBe(200)
    expect(asked.body).toContain('Check your email')
    expect(await t.database.owner.selectFrom('outbox_message').selectAll().execute()).toEqual([])
  })
})
