import { describe, expect, it } from 'vitest'
import { hideLinkSecrets } from '../../src/platform/outbox.js'
import { useTestApp } from '../helpers/test-app.js'

const t = useTestApp()

function events(action: string) {
  return t.database.owner
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .orderBy('id')
    .execute()
}

async function invite(admin: string, email: string) {
  const response = await t.postForm(
    '/admin/users',
    { displayName: 'Priya Shah', email, role: 'analyst', agencyId: '' },
    admin,
  )
  expect(response.statusCode).toBe(303)
  return t.database.owner
    .selectFrom('outbox_message')
    .selectAll()
    .where('to_address', '=', email)
    .executeTakeFirstOrThrow()
}

describe('the outbox', () => {
  it('shows that an invitation was sent but never its link, and audits each look', async () => {
    const admin = await t.signInAs('partnership-admin')
    const mail = await invite(admin, 'priya.shah@northbridge.example')
    const token = /\/set-password\/([\w-]+)/.exec(String(mail.body_text))?.[1] ?? ''
    expect(token.length).toBeGreaterThan(16)

    const page = await t.inject({ method: 'GET', url: '/admin/outbox', headers: { cookie: admin } })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('You have been invited')
    expect(page.body).toContain('/set-password/[hidden]')
    expect(page.body).not.toContain(token)
    const [viewed] = await events('outbox.viewed')
    expect(viewed).toMatchObject({
      user_id: t.userId('partnership-admin'),
      resource_type: 'outbox',
    })
  })

  it('hides every long token in a link, in paths and query strings, and leaves other text', () => {
    expect(
      hideLinkSecrets(
        'Set it at https://ks.example/set-password/abcDEF0123456789xyz_-. Or https://ks.example/confirm?token=0123456789abcdefXYZ&page=2 today',
      ),
    ).toBe(
      'Set it at https://ks.example/set-password/[hidden] Or https://ks.example/confirm?token=[hidden]&page=2 today',
    )
  })
})

describe('the outbox in production', () => {
  const prod = useTestApp({
    NODE_ENV: 'production',
    PUBLIC_URL: 'https://keepsafe.example',
    SESSION_SECRET: 'a-production-secret-that-is-long-enough-0123456789',
  })

  it('asks for a reason first, refuses an empty one, and records the reason given', async () => {
    const admin = await prod.signInAs('partnership-admin')
    const ask = await prod.inject({
      method: 'GET',
      url: '/admin/outbox',
      headers: { cookie: admin },
    })
    expect(ask.statusCode).toBe(200)
    expect(ask.body).toContain('Why do you need to see the outbox?')
    const countViews = async () =>
      (
        await prod.database.owner
          .selectFrom('audit_event')
          .select('id')
          .where('action', '=', 'outbox.viewed')
          .execute()
      ).length
    expect(await countViews()).toBe(0)

    const refused = await prod.postForm('/admin/outbox', { reason: '' }, admin)
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('Enter why you need to see the outbox')
    expect(await countViews()).toBe(0)

    const shown = await prod.postForm(
      '/admin/outbox',
      { reason: 'Ravi says his invitation never arrived' },
      admin,
    )
    expect(shown.statusCode).toBe(200)
    const [viewed] = await prod.database.owner
      .selectFrom('audit_event')
      .selectAll()
      .where('action', '=', 'outbox.viewed')
      .execute()
    expect(viewed?.detail).toEqual({ reason: 'Ravi says his invitation never arrived' })
  })
})

describe('reads of personnel data', () => {
  it('audits the people export and each person’s page', async () => {
    const admin = await t.signInAs('partnership-admin')
    const csv = await t.inject({
      method: 'GET',
      url: '/admin/users?format=csv',
      headers: { cookie: admin },
    })
    expect(csv.statusCode).toBe(200)
    const [exported] = await events('user.exported')
    expect(exported).toMatchObject({ user_id: t.userId('partnership-admin') })
    expect(exported?.detail).toMatchObject({ format: 'csv' })

    const someone = t.userId('social-worker')
    const page = await t.inject({
      method: 'GET',
      url: `/admin/users/${someone}`,
      headers: { cookie: admin },
    })
    expect(page.statusCode).toBe(200)
    const [viewed] = await events('user.viewed')
    expect(viewed).toMatchObject({ resource_id: someone })
  })

  it('shows an agency lead only the people of their own agencies', async () => {
    const lead = await t.signInAs('agency-lead')
    const leadAgencies = await t.database.owner
      .selectFrom('role_grant')
      .select('agency_id')
      .where('user_id', '=', t.userId('agency-lead'))
      .execute()
    const outsider = await t.database.owner
      .selectFrom('role_grant')
      .select('user_id')
      .where('partnership_id', '=', t.northbridge.id)
      .where(eb =>
        eb.or([
          eb('agency_id', 'is', null),
          eb(
            'agency_id',
            'not in',
            leadAgencies.map(row => row.agency_id).filter((id): id is string => id !== null),
          ),
        ]),
      )
      .executeTakeFirstOrThrow()
    const page = await t.inject({
      method: 'GET',
      url: `/admin/users/${outsider.user_id}`,
      headers: { cookie: lead },
    })
    expect(page.statusCode).toBe(404)
    const own = await t.inject({
      method: 'GET',
      url: `/admin/users/${t.userId('agency-lead')}`,
      headers: { cookie: lead },
    })
    expect(own.statusCode).toBe(200)
  })
})
