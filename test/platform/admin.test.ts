import { describe, expect, it } from 'vitest'
import { verifyAuditChains } from '../../src/platform/audit.js'
import { expectNothingWritten } from '../helpers/table-counts.js'
import { useTestApp, withCookies } from '../helpers/test-app.js'

const t = useTestApp()

async function events(action: string) {
  return t.database.owner
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .execute()
}

describe('people and roles', () => {
  it('invites a new person: role granted, invitation in the outbox, audited; the link sets a password', async () => {
    const admin = await t.signInAs('partnership-admin')
    const response = await t.postForm(
      '/admin/users',
      {
        displayName: 'Priya Shah',
        email: 'Priya.Shah@Northbridge.example',
        role: 'analyst',
        agencyId: '',
      },
      admin,
    )
    expect(response.statusCode).toBe(303)
    const user = await t.database.owner
      .selectFrom('app_user')
      .selectAll()
      .where('email', '=', 'priya.shah@northbridge.example')
      .executeTakeFirstOrThrow()
    expect(response.headers.location).toBe(`/admin/users/${user.id}?notice=invited`)
    expect(user.password_hash).toBeNull()

    const list = await t.inject({ method: 'GET', url: '/admin/users', headers: { cookie: admin } })
    expect(list.body).toContain('Priya Shah')
    expect(list.body).toContain('Invited')

    const mail = await t.database.owner
      .selectFrom('outbox_message')
      .selectAll()
      .where('to_address', '=', user.email)
      .executeTakeFirstOrThrow()
    expect(mail.partnership_id).toBe(t.northbridge.id)
    const link = /\/set-password\/[\w-]+/.exec(String(mail.body_text))?.[0] ?? ''
    const outbox = await t.inject({
      method: 'GET',
      url: '/admin/outbox',
      headers: { cookie: admin },
    })
    expect(outbox.body).toContain('You have been invited')

    const [invited] = await events('user.invited')
    expect(invited).toMatchObject({
      user_id: t.userId('partnership-admin'),
      resource_id: user.id,
      partnership_id: t.northbridge.id,
    })
    expect(invited?.fields).toMatchObject({ role: 'analyst', email: user.email })

    expect((await t.inject({ method: 'GET', url: link })).statusCode).toBe(200)
    const set = await t.postForm(link, {
      password: 'quiet-meadow-lantern-42',
      confirmPassword: 'quiet-meadow-lantern-42',
    })
    expect(set.statusCode).toBe(303)
    const signIn = await t.postForm('/sign-in', {
      email: user.email,
      password: 'quiet-meadow-lantern-42',
    })
    expect(signIn.headers.location).toBe('/')
    const home = await t.inject({
      method: 'GET',
      url: '/',
      headers: { cookie: withCookies(signIn) },
    })
    expect(home.body).toContain('Analyst')
  })

  it('shows GOV.UK errors for an empty invitation and creates nobody', async () => {
    const admin = await t.signInAs('partnership-admin')
    const before = await t.database.owner.selectFrom('app_user').select('id').execute()
    const response = await expectNothingWritten(t, () =>
      t.postForm('/admin/users', { displayName: '', email: 'not-an-email', role: '' }, admin),
    )
    expect(response.statusCode).toBe(400)
    for (const message of [
      'Enter the person’s full name',
      'Enter an email address in the correct format',
      'Select a role',
    ]) {
      expect(response.body).toContain(message)
    }
    expect(await t.database.owner.selectFrom('app_user').select('id').execute()).toHaveLength(
      before.length,
    )
  })

  it('gives and removes a role, audits both, and never removes the last administrator', async () => {
    const admin = await t.signInAs('partnership-admin')
    const trainer = t.userId('trainer')
    const granted = await t.postForm(
      `/admin/users/${trainer}/roles`,
      { role: 'analyst', agencyId: t.northbridge.agencyIds[0] ?? '' },
      admin,
    )
    expect(granted.statusCode).toBe(303)
    const again = await expectNothingWritten(t, () =>
      t.postForm(`/admin/users/${trainer}/roles`, { role: 'analyst' }, admin),
    )
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('They already hold this role')

    const grant = await t.database.owner
      .selectFrom('role_grant')
      .selectAll()
      .where('user_id', '=', trainer)
      .where('role', '=', 'analyst')
      .executeTakeFirstOrThrow()
    expect(
      (await t.postForm(`/admin/users/${trainer}/roles/${grant.id}/remove`, {}, admin)).statusCode,
    ).toBe(303)
    expect(await events('role-grant.created')).toHaveLength(1)
    expect(await events('role-grant.deleted')).toHaveLength(1)

    const adminId = t.userId('partnership-admin')
    const adminGrant = await t.database.owner
      .selectFrom('role_grant')
      .selectAll()
      .where('user_id', '=', adminId)
      .where('partnership_id', '=', t.northbridge.id)
      .executeTakeFirstOrThrow()
    const refused = await expectNothingWritten(t, () =>
      t.postForm(`/admin/users/${adminId}/roles/${adminGrant.id}/remove`, {}, admin),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('last administrator')
  })

  it('takes effect at once: a removed role no longer opens its pages', async () => {
    const auditor = await t.signInAs('auditor')
    expect(
      (await t.inject({ method: 'GET', url: '/audit', headers: { cookie: auditor } })).statusCode,
    ).toBe(200)
    await t.database.owner
      .deleteFrom('role_grant')
      .where('user_id', '=', t.userId('auditor'))
      .where('role', '=', 'auditor')
      .execute()
    await t.database.owner
      .insertInto('role_grant')
      .values({ partnership_id: t.northbridge.id, user_id: t.userId('auditor'), role: 'trainer' })
      .execute()
    expect(
      (await t.inject({ method: 'GET', url: '/audit', headers: { cookie: auditor } })).statusCode,
    ).toBe(403)
  })

  it('cannot see or change people of another partnership', async () => {
    const admin = await t.signInAs('partnership-admin')
    const southbridgeTrainer = t.userId('trainer', t.southbridge)
    expect(
      (
        await t.inject({
          method: 'GET',
          url: `/admin/users/${southbridgeTrainer}`,
          headers: { cookie: admin },
        })
      ).statusCode,
    ).toBe(404)
    expect(
      (await t.postForm(`/admin/users/${southbridgeTrainer}/disable`, {}, admin)).statusCode,
    ).toBe(404)
    const list = await t.inject({
      method: 'GET',
      url: '/admin/users?format=csv',
      headers: { cookie: admin },
    })
    expect(list.headers['content-type']).toContain('text/csv')
    expect(list.body).not.toContain('southbridge')
    expect(list.body.split('\n')[0]).toBe('name,email,roles,two_factor,status')
  })

  it('disables an account, ending its sessions, and enables it again', async () => {
    const admin = await t.signInAs('partnership-admin')
    const trainerCookie = await t.signInAs('trainer')
    const trainer = t.userId('trainer')
    expect((await t.postForm(`/admin/users/${trainer}/disable`, {}, admin)).statusCode).toBe(303)
    expect(
      (await t.inject({ method: 'GET', url: '/account', headers: { cookie: trainerCookie } }))
        .statusCode,
    ).toBe(303)
    expect((await t.postForm(`/admin/users/${trainer}/enable`, {}, admin)).statusCode).toBe(303)
    expect(await events('user.disabled')).toHaveLength(1)
    const self = await expectNothingWritten(t, () =>
      t.postForm(`/admin/users/${t.userId('partnership-admin')}/disable`, {}, admin),
    )
    expect(self.statusCode).toBe(400)
  })

  it('will not disable or reset the account of someone who also works in another partnership', async () => {
    const admin = await t.signInAs('partnership-admin')
    const trainer = t.userId('trainer')
    await t.database.owner
      .insertInto('role_grant')
      .values({ partnership_id: t.southbridge.id, user_id: trainer, role: 'analyst' })
      .execute()
    for (const action of ['disable', 'reset-two-factor']) {
      const response = await t.postForm(`/admin/users/${trainer}/${action}`, {}, admin)
      expect(response.statusCode, action).toBe(400)
      expect(response.body).toContain('also works in another partnership')
      expect(response.body).not.toContain('Southbridge')
    }
    const user = await t.database.owner
      .selectFrom('app_user')
      .select('disabled_at')
      .where('id', '=', trainer)
      .executeTakeFirstOrThrow()
    expect(user.disabled_at).toBeNull()
  })

  it('resets a person’s two-factor authentication', async () => {
    const admin = await t.signInAs('partnership-admin')
    await t.signInAs('social-worker')
    const worker = t.userId('social-worker')
    expect(
      (await t.postForm(`/admin/users/${worker}/reset-two-factor`, {}, admin)).statusCode,
    ).toBe(303)
    const user = await t.database.owner
      .selectFrom('app_user')
      .select(['totp_secret', 'totp_enabled_at'])
      .where('id', '=', worker)
      .executeTakeFirstOrThrow()
    expect(user).toEqual({ totp_secret: null, totp_enabled_at: null })
    expect(await events('mfa.removed')).toHaveLength(1)
  })
})

describe('agencies, bank holidays and settings', () => {
  it('adds and renames an agency, recording the fields changed', async () => {
    const admin = await t.signInAs('partnership-admin')
    expect(
      (
        await t.postForm(
          '/admin/agencies',
          { name: 'Northbridge Hospice', sector: 'voluntary', isActive: 'yes' },
          admin,
        )
      ).statusCode,
    ).toBe(303)
    const duplicate = await t.postForm(
      '/admin/agencies',
      { name: 'Northbridge Hospice', sector: 'voluntary' },
      admin,
    )
    expect(duplicate.body).toContain('already exists')
    const agency = await t.database.owner
      .selectFrom('agency')
      .selectAll()
      .where('name', '=', 'Northbridge Hospice')
      .executeTakeFirstOrThrow()
    expect(
      (
        await t.postForm(
          `/admin/agencies/${agency.id}`,
          { name: 'Northbridge Children’s Hospice', sector: 'voluntary', isActive: 'no' },
          admin,
        )
      ).statusCode,
    ).toBe(303)
    const [updated] = await events('agency.updated')
    expect(updated?.fields).toEqual({
      name: { from: 'Northbridge Hospice', to: 'Northbridge Children’s Hospice' },
      isActive: { from: true, to: false },
    })
  })

  it('adds a local holiday that then counts in working-day arithmetic, and refuses a built-in one', async () => {
    const admin = await t.signInAs('partnership-admin')
    expect(
      (
        await t.postForm(
          '/admin/bank-holidays',
          { holidayOn: '2025-06-10', name: 'Northbridge Day' },
          admin,
        )
      ).statusCode,
    ).toBe(303)
    const builtIn = await t.postForm(
      '/admin/bank-holidays',
      { holidayOn: '2025-12-25', name: 'Christmas' },
      admin,
    )
    expect(builtIn.body).toContain('already a holiday')
    const bad = await t.postForm(
      '/admin/bank-holidays',
      { holidayOn: '2025-02-30', name: 'Nope' },
      admin,
    )
    expect(bad.body).toContain('Enter a real date')
    const page = await t.inject({
      method: 'GET',
      url: '/admin/bank-holidays?year=2025',
      headers: { cookie: admin },
    })
    expect(page.body).toContain('Northbridge Day')
    expect(page.body).toContain('25 December 2025')
  })

  it('changes the partnership settings and refuses a bad phone number', async () => {
    const admin = await t.signInAs('partnership-admin')
    const bad = await expectNothingWritten(t, () =>
      t.postForm(
        '/admin/settings',
        { name: 'Northbridge SCP', mfaRequiredForAll: 'no', outOfHoursPhone: 'call us' },
        admin,
      ),
    )
    expect(bad.statusCode).toBe(400)
    const good = await t.postForm(
      '/admin/settings',
      { name: 'Northbridge SCP', mfaRequiredForAll: 'yes', outOfHoursPhone: '01632 960 001' },
      admin,
    )
    expect(good.statusCode).toBe(303)
    const row = await t.database.owner
      .selectFrom('partnership')
      .selectAll()
      .where('id', '=', t.northbridge.id)
      .executeTakeFirstOrThrow()
    expect(row).toMatchObject({
      name: 'Northbridge SCP',
      mfa_required_for_all: true,
      out_of_hours_phone: '01632 960 001',
    })
    const southbridge = await t.database.owner
      .selectFrom('partnership')
      .selectAll()
      .where('id', '=', t.southbridge.id)
      .executeTakeFirstOrThrow()
    expect(southbridge.name).toBe('Southbridge Safeguarding Children Partnership')
    expect((await verifyAuditChains(t.database.owner)).firstBreak).toBeNull()
  })
})
