import { describe, expect, it } from 'vitest'
import { MAX_LOGO_BYTES } from '../../src/platform/partnership-logo.js'
import { expectNothingWritten } from '../helpers/table-counts.js'
import { useTestApp } from '../helpers/test-app.js'
import { upload, visibleText } from '../modules/governance/helpers.js'

const t = useTestApp()

/** The smallest real PNG: a 1 by 1 pixel image. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
)
/** An SVG with a script, named as a PNG: its name lies, its bytes do not. */
const SVG = Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>')
const NAME = 'Northbridge Safeguarding Children Partnership'
const LOGO_IMG = new RegExp(
  `<img src="(/public/logo/[0-9a-f-]{36}\\?v=[0-9a-f]{16})" alt="${NAME}" class="keepsafe-header__logo">`,
)

const get = (url: string, cookie = '') =>
  t.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} })

describe('a partnership’s own logo', () => {
  it('is uploaded by an administrator, shown in staff and public headers, served safely, and removed', async () => {
    const admin = await t.signInAs('partnership-admin')
    const saved = await upload(t, '/admin/settings/logo', 'logo.png', PNG, admin)
    expect(saved.statusCode, visibleText(saved.body).slice(0, 300)).toBe(303)

    const staffPage = await get('/', await t.signInAs('business-officer'))
    const src = LOGO_IMG.exec(staffPage.body)?.[1]
    expect(src).toBeTruthy()
    // Signed out, a public page shows the logo of the partnership it is about, and only that one.
    const publicPage = await get(`/p/${t.northbridge.slug}`)
    expect(publicPage.body).toMatch(LOGO_IMG)
    expect((await get(`/p/${t.southbridge.slug}`)).body).not.toMatch(/keepsafe-header__logo/)

    const logo = await get((src ?? '').replace(/&amp;/g, '&'))
    expect(logo.statusCode).toBe(200)
    expect(logo.headers['content-type']).toBe('image/png')
    expect(logo.headers['x-content-type-options']).toBe('nosniff')
    expect(logo.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(logo.rawPayload.equals(PNG)).toBe(true)

    const audit = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('action', 'like', 'partnership.logo%')
      .execute()
    expect(audit.map(row => row.action)).toEqual(['partnership.logo-uploaded'])

    const removed = await t.postForm('/admin/settings/logo/remove', {}, admin)
    expect(removed.statusCode).toBe(303)
    expect((await get('/admin/settings/logo', admin)).body).toContain('The partnership has no logo')
    expect((await get('/', admin)).body).not.toMatch(/keepsafe-header__logo/)
    expect((await get(src ?? '')).statusCode).toBe(404)
  })

  it('refuses an SVG named .png, a file over 500 KB and no file, writing nothing', async () => {
    const admin = await t.signInAs('partnership-admin')
    const tooLarge = Buffer.concat([PNG, Buffer.alloc(MAX_LOGO_BYTES)])
    const cases: [string, Buffer, string][] = [
      [
        'logo.png',
        SVG,
        'The logo must be a PNG or JPEG: this file is not one, whatever its name says',
      ],
      ['big.png', tooLarge, 'The logo must be 500 KB or smaller'],
      ['empty.png', Buffer.alloc(0), 'Select a PNG or JPEG image'],
    ]
    for (const [name, bytes, message] of cases) {
      const refused = await expectNothingWritten(t, () =>
        upload(t, '/admin/settings/logo', name, bytes, admin),
      )
      expect(refused.statusCode).toBe(400)
      expect(visibleText(refused.body)).toContain(message)
    }
  })

  it('is changed only by those who may change the settings', async () => {
    const officer = await t.signInAs('business-officer')
    const refused = await upload(t, '/admin/settings/logo', 'logo.png', PNG, officer)
    expect(refused.statusCode).toBe(403)
    expect((await get('/admin/settings/logo')).statusCode).not.toBe(200)
  })
})
