import { describe, expect, it } from 'vitest'
import type { Trx } from '../../../src/db/database.js'
import { createMailer, type Mailer, type OutgoingMail } from '../../../src/platform/mail.js'
import { createIssue, publishIssue } from '../../../src/modules/engagement/service/bulletin.js'
import {
  SUSPEND_AFTER_FAILURES,
  confirmSubscription,
  sendIssue,
  subscribe,
} from '../../../src/modules/engagement/service/subscribers.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { type TestApp, useTestApp } from '../../helpers/test-app.js'
import { courseWithEvent } from '../training/helpers.js'
import { ctxAs, rows } from './helpers.js'

const t = useTestApp()

const partnership = (app: TestApp) => ({
  id: app.northbridge.id,
  slug: 'northbridge',
  name: app.northbridge.name,
})

const outbox = (app: TestApp) =>
  rows<{ to_address: string; subject: string; body_text: string }>(
    app,
    'select to_address, subject, body_text from outbox_message order by created_at, subject',
  )

const linkIn = (text: string, kind: string) =>
  new RegExp(`(/bulletin/northbridge/${kind}/\\S+)`).exec(text)?.[1] ?? ''

/** A mailer whose SMTP refuses any address with "bounce" in it (as a dead mailbox would). */
function bouncingMailer(): Mailer {
  const outboxMailer = createMailer({ from: 'test@example.org' })
  return {
    transport: 'smtp',
    async queue(trx: Trx, mail: OutgoingMail) {
      await outboxMailer.queue(trx, mail)
      return () =>
        mail.to.includes('bounce')
          ? Promise.reject(new Error('550 no such mailbox'))
          : Promise.resolve()
    },
  }
}

async function confirmedSubscriber(app: TestApp, email: string) {
  const deps = {
    db: app.database.db,
    mailer: createMailer({ from: 'x@example.org' }),
    publicUrl: '',
    secret: app.config.sessionSecret,
  }
  await subscribe(deps, partnership(app), email)
  const mails = await outbox(app)
  const link = linkIn(mails.filter(m => m.to_address === email).at(-1)?.body_text ?? '', 'confirm')
  expect(
    await confirmSubscription(app.database.db, app.northbridge.id, link.split('/').pop() ?? ''),
  ).toBe(true)
}

async function publishedIssue(app: TestApp, title: string) {
  const ctx = ctxAs(app)
  const created = await createIssue(app.database.db, ctx, {
    title,
    decisions: [],
    papers: [],
    keyPoints: [],
    events: [],
    free: [{ heading: 'News', markdown: 'The team has grown.' }],
  })
  if (created.kind !== 'saved') throw new Error('not saved')
  await publishIssue(app.database.db, ctx, created.id)
  return created.id
}

describe('the bulletin', () => {
  it('is composed from records and free sections, previewed, published to a public archive and sent to confirmed subscribers', async () => {
    await courseWithEvent(t, { daysAhead: 20, title: 'Neglect: the graded care profile' })
    await confirmedSubscriber(t, 'reader@example.org')
    await subscribe(
      {
        db: t.database.db,
        mailer: createMailer({ from: 'x@example.org' }),
        publicUrl: '',
        secret: t.config.sessionSecret,
      },
      partnership(t),
      'unconfirmed@example.org',
    )
    const officer = await t.signInAs('business-officer')
    const compose = await t.inject({
      method: 'GET',
      url: '/engagement/bulletin/new',
      headers: { cookie: officer },
    })
    expect(compose.statusCode).toBe(200)
    const eventId =
      /name="events" type="checkbox" value="([0-9a-f-]{36})"/.exec(compose.body)?.[1] ?? ''
    expect(eventId).not.toBe('')
    const saved = await t.postForm(
      '/engagement/bulletin',
      {
        title: 'Issue of the autumn',
        events: eventId,
        heading1: 'Team news',
        body1: 'We welcome **Asha**.\n\n<script>alert(1)</script>',
      },
      officer,
    )
    expect(saved.statusCode).toBe(303)
    const preview = await t.inject({
      method: 'GET',
      url: saved.headers.location ?? '',
      headers: { cookie: officer },
    })
    expect(preview.body).toContain('This is a preview')
    expect(preview.body).toContain('<strong>Asha</strong>')
    expect(preview.body).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(preview.body).toContain('Neglect: the graded care profile')
    expect(
      (await t.inject({ method: 'GET', url: '/bulletin/northbridge/issues/1' })).statusCode,
    ).toBe(404)

    const published = await t.postForm(`${saved.headers.location ?? ''}/publish`, {}, officer)
    expect(published.statusCode).toBe(303)
    const archive = await t.inject({ method: 'GET', url: '/bulletin/northbridge' })
    expect(archive.body).toContain('Issue 1: Issue of the autumn')
    const page = await t.inject({ method: 'GET', url: '/bulletin/northbridge/issues/1' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('Team news')
    const pdf = await t.inject({ method: 'GET', url: '/bulletin/northbridge/issues/1/pdf' })
    expect(pdf.headers['content-type']).toBe('application/pdf')
    expect(pdf.rawPayload.subarray(0, 5).toString()).toBe('%PDF-')

    const sent = (await outbox(t)).filter(m => m.subject.includes('Issue of the autumn'))
    expect(sent.map(m => m.to_address)).toEqual(['reader@example.org'])
    expect(sent[0]?.body_text).toContain('/bulletin/northbridge/unsubscribe/')
    const again = await expectNothingWritten(t, () =>
      t.postForm(`${saved.headers.location ?? ''}/publish`, {}, officer),
    )
    expect(again.body).toContain('This issue is already published')
  })

  it('refuses an empty issue, or an item that is not offered, writing nothing', async () => {
    const officer = await t.signInAs('business-officer')
    const empty = await expectNothingWritten(t, () =>
      t.postForm('/engagement/bulletin', { title: '' }, officer),
    )
    expect(empty.body).toContain('Enter the title of the issue')
    const nothing = await expectNothingWritten(t, () =>
      t.postForm('/engagement/bulletin', { title: 'Spring', heading1: 'Only a heading' }, officer),
    )
    expect(nothing.body).toContain('Enter the text of the section')
    const noItems = await expectNothingWritten(t, () =>
      t.postForm('/engagement/bulletin', { title: 'Spring' }, officer),
    )
    expect(noItems.body).toContain('Choose at least one item, or write a section')
    const stray = await expectNothingWritten(t, () =>
      t.postForm(
        '/engagement/bulletin',
        { title: 'x', events: '00000000-0000-4000-8000-000000000000' },
        officer,
      ),
    )
    expect(stray.body).toContain('Choose from the items listed')
    const board = await t.signInAs('board-member')
    expect(
      (await t.postForm('/engagement/bulletin', { title: 'x', heading1: 'a', body1: 'b' }, board))
        .statusCode,
    ).toBe(403)
  })

  it('subscribes only after the emailed link is followed, and unsubscribes from the signed link in every email', async () => {
    const noConsent = await expectNothingWritten(t, () =>
      t.postForm('/bulletin/northbridge/subscribe', { email: 'parent@example.org' }),
    )
    expect(noConsent.body).toContain('Confirm that you want to receive the bulletin by email')
    const asked = await t.postForm('/bulletin/northbridge/subscribe', {
      email: 'parent@example.org',
      consent: 'yes',
    })
    expect(asked.body).toContain('Check your email')
    const [pending] = await rows<{ status: string; consented_at: Date | null }>(
      t,
      'select status, consented_at from eng_subscriber',
    )
    expect(pending).toEqual({ status: 'pending', consented_at: null })
    const confirmPath = linkIn((await outbox(t))[0]?.body_text ?? '', 'confirm')
    expect((await t.inject({ method: 'GET', url: confirmPath })).body).toContain(
      'Confirm my subscription',
    )
    expect((await t.postForm(confirmPath, {})).body).toContain('Subscription confirmed')
    expect((await t.postForm(confirmPath, {})).statusCode).toBe(404)
    const [confirmed] = await rows<{ status: string; consented_at: Date | null }>(
      t,
      'select status, consented_at from eng_subscriber',
    )
    expect(confirmed?.status).toBe('confirmed')
    expect(confirmed?.consented_at).not.toBeNull()

    await publishedIssue(t, 'Winter issue')
    await sendIssue(
      {
        db: t.database.db,
        mailer: createMailer({ from: 'x@example.org' }),
        publicUrl: '',
        secret: t.config.sessionSecret,
      },
      partnership(t),
      (await rows<{ id: string }>(t, 'select id from eng_bulletin_issue'))[0]?.id ?? '',
    )
    const mail = (await outbox(t)).find(m => m.subject.includes('Winter issue'))
    const unsubscribePath = linkIn(mail?.body_text ?? '', 'unsubscribe')
    const [, , , , subscriberId, signature] = unsubscribePath.split('/')
    const tampered = [
      `/bulletin/northbridge/unsubscribe/${subscriberId ?? ''}/${(signature ?? '').replace(/.$/, c => (c === 'a' ? 'b' : 'a'))}`,
      `/bulletin/northbridge/unsubscribe/00000000-0000-4000-8000-000000000000/${signature ?? ''}`,
    ]
    for (const path of tampered) {
      expect((await t.inject({ method: 'GET', url: path })).statusCode).toBe(400)
      const refused = await expectNothingWritten(t, () => t.postForm(path, {}))
      expect(refused.statusCode).toBe(400)
      expect(refused.body).toContain('This unsubscribe link is not valid')
      expect(refused.body).toContain('nothing has been changed')
    }
    expect(
      (await rows<{ status: string }>(t, 'select status from eng_subscriber'))[0]?.status,
    ).toBe('confirmed')
    expect((await t.postForm(unsubscribePath, {})).body).toContain('You have unsubscribed')
    expect(
      (await rows<{ status: string }>(t, 'select status from eng_subscriber'))[0]?.status,
    ).toBe('unsubscribed')
  })

  it('records a failed send for one address, goes on with the rest, and suspends an address that keeps failing', async () => {
    for (const email of ['a@example.org', 'bounce@example.org', 'c@example.org'])
      await confirmedSubscriber(t, email)
    const deps = {
      db: t.database.db,
      mailer: bouncingMailer(),
      publicUrl: '',
      secret: t.config.sessionSecret,
    }
    for (let n = 1; n <= SUSPEND_AFTER_FAILURES; n++) {
      const issueId = await publishedIssue(t, `Issue ${n}`)
      const result = await sendIssue(deps, partnership(t), issueId)
      expect(result).toEqual({ sent: 2, failed: 1 })
      const deliveries = await rows<{ email: string; status: string }>(
        t,
        `select s.email, d.status from eng_bulletin_delivery d join eng_subscriber s on s.id = d.subscriber_id
         where d.issue_id = '${issueId}' order by s.email`,
      )
      expect(deliveries).toEqual([
        { email: 'a@example.org', status: 'sent' },
        { email: 'bounce@example.org', status: 'failed' },
        { email: 'c@example.org', status: 'sent' },
      ])
      expect(await sendIssue(deps, partnership(t), issueId)).toEqual({ sent: 0, failed: 0 })
    }
    const subscribers = await rows<{ email: string; status: string; failures: number }>(
      t,
      'select email, status, failures from eng_subscriber order by email',
    )
    expect(subscribers).toEqual([
      { email: 'a@example.org', status: 'confirmed', failures: 0 },
      { email: 'bounce@example.org', status: 'suspended', failures: SUSPEND_AFTER_FAILURES },
      { email: 'c@example.org', status: 'confirmed', failures: 0 },
    ])
    const next = await publishedIssue(t, 'After suspension')
    expect(await sendIssue(deps, partnership(t), next)).toEqual({ sent: 2, failed: 0 })
  })
})
