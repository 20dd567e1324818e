import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { jwtVerify } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../src/config.js'
import { notifySender } from '../../src/platform/notify.js'
import { useTestApp } from '../helpers/test-app.js'

// A fake of GOV.UK Notify's API (there is no Notify to run in a test): it checks what the real one
// checks first, the bearer token signed with the key's secret, and answers in Notify's shape.
const SERVICE_ID = '26785a09-ab16-4eb0-8407-a37497a57506'
const SECRET = '3d844edf-8d35-48ac-975b-e847b4f122b0'
const API_KEY = `keepsafe_test-${SERVICE_ID}-${SECRET}`
const TEMPLATE_ID = 'f33517ff-2a88-4f6e-b855-c550268ce08a'

interface Received {
  path: string
  issuer: string | undefined
  issuedAt: number | undefined
  body: { template_id: string; email_address: string; personalisation: Record<string, string> }
}
const received: Received[] = []

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of request) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString()
}

const fakeNotify: Server = createServer((request, response) => {
  void (async () => {
    const body = await readBody(request)
    const token = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1] ?? ''
    const answer = (status: number, json: unknown) => {
      response.writeHead(status, { 'content-type': 'application/json' })
      response.end(JSON.stringify(json))
    }
    try {
      const { payload } = await jwtVerify(token, new TextEncoder().encode(SECRET), {
        algorithms: ['HS256'],
      })
      if (payload.iss !== SERVICE_ID || Math.abs(Date.now() / 1000 - (payload.iat ?? 0)) > 30)
        throw new Error('wrong issuer or time')
      received.push({
        path: `${request.method} ${request.url}`,
        issuer: payload.iss,
        issuedAt: payload.iat,
        body: JSON.parse(body) as Received['body'],
      })
    } catch {
      return answer(403, {
        status_code: 403,
        errors: [{ error: 'AuthError', message: 'Invalid token: signature, api token not found' }],
      })
    }
    return answer(201, {
      id: '740e5834-3a29-46b4-9a6f-16142fde533a',
      reference: null,
      content: { subject: 'x', body: 'x', from_email: 'keepsafe@notifications.service.gov.uk' },
      uri: `http://${request.headers.host}/v2/notifications/740e5834-3a29-46b4-9a6f-16142fde533a`,
      template: { id: TEMPLATE_ID, version: 1, uri: 'x' },
    })
  })()
})

// Longer than a test's pause, so that a kept-alive connection is never closed as it is reused.
fakeNotify.keepAliveTimeout = 120_000

const overrides: Record<string, string> = {}
let baseUrl = ''

beforeAll(async () => {
  await new Promise<void>(resolve => fakeNotify.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(fakeNotify.address() as AddressInfo).port}`
  Object.assign(overrides, {
    NOTIFY_API_KEY: API_KEY,
    NOTIFY_TEMPLATE_ID: TEMPLATE_ID,
    NOTIFY_BASE_URL: baseUrl,
  })
})
afterAll(() => new Promise<void>(resolve => fakeNotify.close(() => resolve())))

const t = useTestApp(overrides)

describe('email through GOV.UK Notify when NOTIFY_API_KEY is set', () => {
  it('sends an invitation through the generic template, signed, and keeps no body', async () => {
    received.length = 0
    const admin = await t.signInAs('partnership-admin')
    const response = await t.postForm(
      '/admin/users',
      { displayName: 'Dee Notify', email: 'dee.notify@northbridge.example', role: 'trainer' },
      admin,
    )
    expect(response.statusCode).toBe(303)
    expect(received).toHaveLength(1)
    const [sent] = received
    expect(sent?.path).toBe('POST /v2/notifications/email')
    expect(sent?.issuer).toBe(SERVICE_ID)
    expect(sent?.body.template_id).toBe(TEMPLATE_ID)
    expect(sent?.body.email_address).toBe('dee.notify@northbridge.example')
    expect(Object.keys(sent?.body.personalisation ?? {}).sort()).toEqual(['body', 'subject'])
    expect(sent?.body.personalisation.subject).toMatch(/Keepsafe/)
    expect(sent?.body.personalisation.body).toMatch(/set-password\/[\w-]+/)
    const row = await t.database.owner
      .selectFrom('outbox_message')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(row.transport).toBe('notify')
    expect(row.body_text).not.toMatch(/set-password/)
  })

  it('reports Notify’s refusal without the key, the token or the address', async () => {
    const send = notifySender({
      apiKey: `keepsafe_test-${SERVICE_ID}-00000000-0000-4000-8000-000000000000`,
      templateId: TEMPLATE_ID,
      baseUrl,
    })
    const failure = await send({ to: 'someone@example.org', subject: 's', text: 't' }).catch(
      (error: unknown) => error as Error,
    )
    expect(failure).toBeInstanceOf(Error)
    expect((failure as Error).message).toBe(
      'GOV.UK Notify refused the email: HTTP 403 AuthError: Invalid token: signature, api token not found',
    )
    expect(JSON.stringify(failure, Object.getOwnPropertyNames(failure))).not.toMatch(
      /someone@|Bearer|00000000-0000-4000/,
    )
  })
})

describe('Notify configuration', () => {
  it('asks for the template with the key, and refuses SMTP and Notify together', () => {
    expect(() => loadConfig({ NOTIFY_API_KEY: API_KEY })).toThrow(/NOTIFY_TEMPLATE_ID must be set/)
    expect(() =>
      loadConfig({
        NOTIFY_API_KEY: API_KEY,
        NOTIFY_TEMPLATE_ID: TEMPLATE_ID,
        SMTP_URL: 'smtp://127.0.0.1:25',
      }),
    ).toThrow(/either SMTP_URL or NOTIFY_API_KEY/)
    expect(() => loadConfig({ NOTIFY_API_KEY: 'not-a-key' })).toThrow(ConfigError)
    const config = loadConfig({ NOTIFY_API_KEY: API_KEY, NOTIFY_TEMPLATE_ID: TEMPLATE_ID })
    expect(config.notify).toEqual({ apiKey: API_KEY, templateId: TEMPLATE_ID, baseUrl: undefined })
  })
})
