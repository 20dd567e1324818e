import { describe, expect, it } from 'vitest'
import { londonToday } from '../../../src/platform/calendar.js'
import { addCalendarDays } from '../../../src/platform/working-days.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { upload, visibleText } from '../governance/helpers.js'
import { page, sectionId, signOff, startReport } from './helpers.js'

const t = useTestApp()

/** The smallest real PNG: a 1 by 1 pixel image. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
  'base64',
)
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(60, 1)])
/** A script that says it is a PNG: its name and type lie, its bytes do not. */
const LIAR = Buffer.from('<svg onload="alert(1)"><script>alert(1)</script></svg>')

describe('images in narrative and contributed sections', () => {
  it('adds a PNG with its alt text to a section and serves it with headers that stop it being anything else', async () => {
    const officer = await t.signInAs('business-officer')
    const reportId = await startReport(t, officer)
    const id = await sectionId(t, reportId, 'Local context', officer)
    const added = await upload(t, `/reports/sections/${id}/images`, 'map.png', PNG, officer, {
      altText: 'Map of the area [with] its six localities',
    })
    expect(added.statusCode, visibleText(added.body).slice(0, 400)).toBe(303)
    const report = await page(t, `/reports/${reportId}`, officer)
    const src =
      /<img src="(\/reports\/images\/[0-9a-f-]{36})" alt="Map of the area with its six localities"/.exec(
        report.body,
      )?.[1]
    expect(src).toBeTruthy()
    const image = await page(t, src ?? '', officer)
    expect(image.statusCode).toBe(200)
    expect(image.headers['content-type']).toBe('image/png')
    expect(image.headers['x-content-type-options']).toBe('nosniff')
    expect(image.headers['content-security-policy']).toContain("default-src 'none'")
    expect(image.rawPayload.equals(PNG)).toBe(true)
    // Someone without the report, and a visitor, do not get it.
    expect((await page(t, src ?? '')).statusCode).not.toBe(200)
    const southbridge = await t.signInAs('business-officer', t.southbridge)
    expect((await page(t, src ?? '', southbridge)).statusCode).toBe(404)

    const jpeg = await upload(t, `/reports/sections/${id}/images`, 'photo.jpg', JPEG, officer, {
      altText: 'Young people at the summit',
    })
    expect(jpeg.statusCode).toBe(303)

    // Published: the public page shows the image from a public address; a draft's image is not there.
    await signOff(t, reportId, officer)
    const published = await page(t, `/p/${t.northbridge.slug}/reports/2016-17`)
    const publicSrc =
      /<img src="(\/p\/[a-z-]+\/report-images\/[0-9a-f-]{36})" alt="Map of the area/.exec(
        published.body,
      )?.[1]
    const open = await page(t, publicSrc ?? '')
    expect(open.statusCode).toBe(200)
    expect(open.headers['x-content-type-options']).toBe('nosniff')
    expect((await t.postForm(`/reports/${reportId}/redraft`, {}, officer)).statusCode).toBe(303)
    await upload(t, `/reports/sections/${id}/images`, 'later.png', PNG, officer, {
      altText: 'Not yet published',
    })
    const later = await t.database.owner
      .selectFrom('report_image')
      .select('id')
      .where('alt_text', '=', 'Not yet published')
      .executeTakeFirstOrThrow()
    expect((await page(t, `/p/${t.northbridge.slug}/report-images/${later.id}`)).statusCode).toBe(
      404,
    )
  })

  it('refuses a file that lies about its type, one too large, and one without alt text, writing nothing', async () => {
    const officer = await t.signInAs('business-officer')
    const reportId = await startReport(t, officer)
    const id = await sectionId(t, reportId, 'Local context', officer)
    const url = `/reports/sections/${id}/images`
    const liar = await expectNothingWritten(t, () =>
      upload(t, url, 'chart.png', LIAR, officer, { altText: 'A chart' }),
    )
    expect(liar.statusCode).toBe(400)
    expect(visibleText(liar.body)).toContain(
      'The image must be a PNG or JPEG: this file is not one',
    )
    const big = Buffer.concat([PNG, Buffer.alloc(2 * 1024 * 1024)])
    const tooBig = await expectNothingWritten(t, () =>
      upload(t, url, 'big.png', big, officer, { altText: 'A big chart' }),
    )
    expect(tooBig.statusCode).toBe(400)
    expect(visibleText(tooBig.body)).toContain('The image must be 2 MB or smaller')
    const noAlt = await expectNothingWritten(t, () =>
      upload(t, url, 'map.png', PNG, officer, { altText: ' ' }),
    )
    expect(noAlt.statusCode).toBe(400)
    expect(visibleText(noAlt.body)).toContain('Enter alt text that describes the image')
  })

  it('lets the contributor add an image to their own section, and nobody else to it', async () => {
    const officer = await t.signInAs('business-officer')
    const lead = await t.signInAs('agency-lead')
    const reportId = await startReport(t, officer)
    const due = addCalendarDays(londonToday(), 7).split('-')
    const asked = await t.postForm(
      `/reports/${reportId}/contributions`,
      {
        title: 'Police',
        assigneeId: t.userId('agency-lead'),
        questions: 'What did you do?',
        'dueOn-day': String(Number(due[2])),
        'dueOn-month': String(Number(due[1])),
        'dueOn-year': due[0] ?? '',
      },
      officer,
    )
    expect(asked.statusCode).toBe(303)
    const row = await t.database.owner
      .selectFrom('report_contribution')
      .select('id')
      .executeTakeFirstOrThrow()
    const url = `/reports/contributions/${row.id}/images`
    const liar = await expectNothingWritten(t, () =>
      upload(t, url, 'photo.jpg', LIAR, lead, { altText: 'Officers at a school' }),
    )
    expect(visibleText(liar.body)).toContain('The image must be a PNG or JPEG')
    expect(
      (await upload(t, url, 'photo.png', PNG, lead, { altText: 'Officers at a school' }))
        .statusCode,
    ).toBe(303)
    const notTheirs = await expectNothingWritten(t, () =>
      upload(t, url, 'photo.png', PNG, officer, { altText: 'Officers at a school' }),
    )
    expect(visibleText(notTheirs.body)).toContain('There is no such section to write')
    const mine = await page(t, `/reports/contributions/${row.id}`, lead)
    expect(mine.body).toContain('![Officers at a school](image:')
    const stored = await t.database.owner
      .selectFrom('report_image')
      .select('id')
      .executeTakeFirstOrThrow()
    expect((await page(t, `/reports/contributions/images/${stored.id}`, lead)).statusCode).toBe(200)
    expect((await page(t, `/reports/images/${stored.id}`, lead)).statusCode).toBe(403)
    expect((await page(t, `/reports/images/${stored.id}`, officer)).statusCode).toBe(200)
  })
})
