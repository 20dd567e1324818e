import { describe, expect, it } from 'vitest'
import { useTestApp, withCookies } from '../helpers/test-app.js'

const t = useTestApp()

function auditRows(action: string) {
  return t.database.owner
    .selectFrom('audit_event')
    .selectAll()
    .where('action', '=', action)
    .execute()
}

describe('requests refused before they do harm', () => {
  it('refuses a form posted from another site, whatever its token', async () => {
    const admin = await t.signInAs('partnership-admin')
    const { cookie, token } = await t.csrf(admin)
    const response = await t.inject({
      method: 'POST',
      url: '/admin/agencies',
      headers: {
        cookie,
        origin: 'https://evil.example',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({ name: 'Planted', sector: 'other', _csrf: token }).toString(),
    })
    expect(response.statusCode).toBe(403)
    const planted = await t.database.owner
      .selectFrom('agency')
      .select('id')
      .where('name', '=', 'Planted')
      .execute()
    expect(planted).toEqual([])
  })

  it('accepts the same form from its own origin', async () => {
    const admin = await t.signInAs('partnership-admin')
    const { cookie, token } = await t.csrf(admin)
    const response = await t.inject({
      method: 'POST',
      url: '/admin/agencies',
      headers: {
        cookie,
        origin: 'http://localhost:3000',
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: new URLSearchParams({
        name: 'Youth offending service',
        sector: 'other',
        _csrf: token,
      }).toString(),
    })
    expect(response.statusCode).toBe(303)
  })

  it('refuses a CSRF token taken from another session', async () => {
    const admin = await t.signInAs('partnership-admin')
    const other = await t.signInAs('business-officer')
    const { token } = await t.csrf(other)
    const { cookie } = await t.csrf(admin)
    const response = await t.inject({
      method: 'POST',
      url: '/admin/agencies',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ name: 'Tossed', sector: 'other', _csrf: token }).toString(),
    })
    expect(response.statusCode).toBe(403)
  })

  it('answers a NUL character in any input with 400, on the public form too', async () => {
    const search = await t.inject({
      method: 'GET',
      url: '/children?q=a%00b',
      headers: { cookie: await t.signInAs('social-worker') },
    })
    expect(search.statusCode).toBe(400)
    const start = await t.inject({ method: 'GET', url: '/report-a-concern' })
    const form = await t.postForm(
      '/sign-in',
      { email: 'x\u0000@example.org', password: 'y' },
      withCookies(start),
    )
    expect(form.statusCode).toBe(400)
    expect(form.body).toContain('There is a problem')
  })

  it('refuses a signed-out upload before reading its body', async () => {
    const big = 'x'.repeat(2 * 1024 * 1024)
    const response = await t.inject({
      method: 'POST',
      url: '/census/validate',
      headers: { 'content-type': 'multipart/form-data; boundary=XYZ' },
      payload: `--XYZ\r\nContent-Disposition: form-data; name="file"; filename="a.xml"\r\nContent-Type: text/xml\r\n\r\n${big}\r\n--XYZ--\r\n`,
    })
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toContain('/sign-in')
  })

  it('marks pages with people’s data as not to be stored, and leaves assets cacheable', async () => {
    const page = await t.inject({
      method: 'GET',
      url: '/children',
      headers: { cookie: await t.signInAs('social-worker') },
    })
    expect(page.headers['cache-control']).toBe('no-store')
    const asset = await t.inject({ method: 'GET', url: '/public/keepsafe.css' })
    expect(asset.headers['cache-control']).not.toBe('no-store')
  })

  it('records every refusal for want of permission in the audit trail', async () => {
    const referrer = await t.signInAs('referrer')
    const response = await t.inject({
      method: 'GET',
      url: '/admin/users',
      headers: { cookie: referrer },
    })
    expect(response.statusCode).toBe(403)
    const [refused] = await auditRows('access.refused')
    expect(refused).toMatchObject({
      user_id: t.userId('referrer'),
      partnership_id: t.northbridge.id,
      resource_id: 'GET /admin/users',
    })
  })
})
