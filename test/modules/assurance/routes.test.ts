import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../helpers/test-app.js'
import { upload } from '../governance/helpers.js'
import { ASSURANCE_TABLES, PDF, agencyOrganisation, counts, cycle, school } from './helpers.js'

const t = useTestApp()

async function schoolReturn() {
  const a = await school(t, '123456', 'Northbridge Primary', 'dsl@primary.example')
  const b = await school(t, '654321', 'Northbridge Academy', 'dsl@academy.example')
  const opened = await cycle(t, 'section-175-157', [a, b])
  return {
    primary: `/assurance/respond/${opened.links[a]!}`,
    academy: `/assurance/respond/${opened.links[b]!}`,
  }
}

describe('assurance pages', () => {
  it('shows the business unit its pages, and an agency lead only their own returns', async () => {
    const officer = await t.signInAs('business-officer')
    for (const url of [
      '/assurance',
      '/assurance/templates',
      '/assurance/organisations',
      '/assurance/cycles/new',
      '/assurance/case-file-audits',
      '/assurance/case-file-audits/new',
      '/assurance/peer-challenge',
    ]) {
      const response = await t.inject({ method: 'GET', url, headers: { cookie: officer } })
      expect(response.statusCode, url).toBe(200)
    }
    const own = await agencyOrganisation(t, 1, 'lead@police.example')
    const other = await agencyOrganisation(t, 2, 'lead@health.example')
    await cycle(t, 'section-11', [own, other])
    const returns = await t.database.owner
      .selectFrom('asr_return')
      .select(['id', 'organisation_id'])
      .execute()
    const lead = await t.signInAs('agency-lead')
    const home = await t.inject({ method: 'GET', url: '/assurance', headers: { cookie: lead } })
    expect(home.body).toContain('Your agency’s returns')
    expect(
      (
        await t.inject({
          method: 'GET',
          url: `/assurance/returns/${returns.find(r => r.organisation_id === own)!.id}`,
          headers: { cookie: lead },
        })
      ).statusCode,
    ).toBe(200)
    expect(
      (
        await t.inject({
          method: 'GET',
          url: `/assurance/returns/${returns.find(r => r.organisation_id === other)!.id}`,
          headers: { cookie: lead },
        })
      ).statusCode,
    ).toBe(404)
    // The lead's view of their own return is audited; the refused one shows nothing to audit.
    const reads = await t.database.owner
      .selectFrom('audit_event')
      .select(['resource_id', 'detail'])
      .where('action', '=', 'assurance.return.read')
      .execute()
    expect(reads).toEqual([
      {
        resource_id: returns.find(r => r.organisation_id === own)!.id,
        detail: { via: 'session' },
      },
    ])
    expect(
      (await t.inject({ method: 'GET', url: '/assurance/cycles/new', headers: { cookie: lead } }))
        .statusCode,
    ).toBe(403)
    expect(
      (
        await t.inject({
          method: 'GET',
          url: '/assurance',
          headers: { cookie: await t.signInAs('referrer') },
        })
      ).statusCode,
    ).toBe(403)
  })

  it('lets a school lead answer and submit by link, and shows only their school', async () => {
    const { primary, academy } = await schoolReturn()
    const page = await t.inject({ method: 'GET', url: primary })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Northbridge Primary')
    expect(page.body).not.toContain('Northbridge Academy')
    expect((await t.inject({ method: 'GET', url: `${primary.slice(0, -4)}abcd` })).statusCode).toBe(
      404,
    )

    const refused = await t.postForm(`${primary}/submit`, {})
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain(
      'Answer every required question before you submit: 9 not answered',
    )

    const bad = await t.postForm(`${primary}/standards/a1s1`, { 'q-score': 'perhaps' })
    expect(bad.statusCode).toBe(400)
    expect(bad.body).toContain('Select an answer for “Does the school meet this standard?”')

    for (const key of ['a1s1', 'a1s2', 'a2s1', 'a2s2', 'a3s1', 'a3s2', 'a4s1', 'a5s1', 'a6s1']) {
      const saved = await t.postForm(`${primary}/standards/${key}`, { 'q-score': 'yes' })
      expect(saved.statusCode).toBe(303)
    }
    expect((await t.postForm(`${primary}/submit`, {})).statusCode).toBe(303)
    expect((await t.inject({ method: 'GET', url: academy })).body).toContain('Not started')
  })

  it('checks evidence by its type and writes nothing for a wrong one', async () => {
    const { primary } = await schoolReturn()
    // The page shown again with the error is a read of the return, audited as every read is.
    const written = ASSURANCE_TABLES.filter(table => table !== 'audit_event')
    const before = await counts(t, written)
    const wrong = await upload(
      t,
      `${primary}/standards/a1s1/evidence`,
      'evil.pdf',
      '<script>alert(1)</script>',
      '',
    )
    expect(wrong.statusCode).toBe(400)
    expect(wrong.body).toContain('The selected file must be a PDF, Word, Excel or PowerPoint file')
    expect(await counts(t, written)).toEqual(before)
    const right = await upload(t, `${primary}/standards/a1s1/evidence`, 'policy.pdf', PDF, '')
    expect(right.statusCode).toBe(303)
    const page = await t.inject({ method: 'GET', url: `${primary}/standards/a1s1` })
    const link = /href="([^"]*\/evidence\/[^"]+)"/.exec(page.body)![1]!
    const file = await t.inject({ method: 'GET', url: link })
    expect(file.statusCode).toBe(200)
    expect(file.headers['content-type']).toBe('application/pdf')
  })

  it('refuses a schools CSV with a bad row, naming it, and writes nothing', async () => {
    const officer = await t.signInAs('business-officer')
    const before = await counts(t, ASSURANCE_TABLES)
    const response = await upload(
      t,
      '/assurance/organisations/import',
      'schools.csv',
      'URN,Name,Phase,DSL email\n100001,Good School,Primary,dsl@good.example\nABC,Bad School,Primary,dsl@bad.example\n',
      officer,
    )
    expect(response.statusCode).toBe(400)
    expect(response.body).toContain('Row 3: enter a URN of 6 or 7 digits')
    expect(await counts(t, ASSURANCE_TABLES)).toEqual(before)
    const ok = await upload(
      t,
      '/assurance/organisations/import',
      'schools.csv',
      'URN,Name,Phase,DSL email\n100001,Good School,Primary,dsl@good.example\n',
      officer,
    )
    expect(ok.body).toContain('1 added, 0 updated')
  })

  it('answers bad forms and repeated query parameters with 400, writing nothing', async () => {
    const officer = await t.signInAs('business-officer')
    // The shipped templates are written the first time anyone looks.
    await t.inject({ method: 'GET', url: '/assurance/templates', headers: { cookie: officer } })
    const before = await counts(t, ASSURANCE_TABLES)
    const cycleForm = await t.postForm(
      '/assurance/cycles',
      { title: '', opensOn: '2026-02-30' },
      officer,
    )
    expect(cycleForm.statusCode).toBe(400)
    expect(cycleForm.body).toContain('Select a template')
    expect(cycleForm.body).toContain('Enter the title of the cycle')
    expect(cycleForm.body).toContain('The opening date must be a real date')
    const audit = await t.postForm(
      '/assurance/case-file-audits',
      { title: 'X', theme: 'nope', questions: '' },
      officer,
    )
    expect(audit.statusCode).toBe(400)
    expect(audit.body).toContain('Select the theme')
    expect(await counts(t, ASSURANCE_TABLES)).toEqual(before)
    expect(
      (
        await t.inject({
          method: 'GET',
          url: '/assurance/organisations?format=csv&format=xlsx',
          headers: { cookie: officer },
        })
      ).statusCode,
    ).toBe(400)
    expect(
      (
        await t.inject({
          method: 'GET',
          url: '/assurance/case-file-audits?x=1',
          headers: { cookie: officer },
        })
      ).statusCode,
    ).toBe(400)
  })

  it('exports lists as CSV and XLSX, and audits the export', async () => {
    const officer = await t.signInAs('business-officer')
    await school(t, '123456', 'Northbridge Primary', 'dsl@primary.example')
    const csv = await t.inject({
      method: 'GET',
      url: '/assurance/organisations?format=csv',
      headers: { cookie: officer },
    })
    expect(csv.body.split('\n')[1]).toBe(
      'School,Northbridge Primary,123456,Primary,dsl@primary.example',
    )
    const xlsx = await t.inject({
      method: 'GET',
      url: '/assurance/organisations?format=xlsx',
      headers: { cookie: officer },
    })
    expect(xlsx.rawPayload.subarray(0, 2).toString()).toBe('PK')
    const events = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'assurance.exported')
      .execute()
    expect(events).toHaveLength(2)
  })
})
