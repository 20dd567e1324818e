import { describe, expect, it } from 'vitest'
import { sha256 } from '../../src/platform/crypto.js'
import type { Role } from '../../src/platform/permissions.js'
import { useTestApp } from '../helpers/test-app.js'

const t = useTestApp()

async function issue(role: Role, fields: Record<string, string> = {}) {
  const cookie = await t.signInAs(role)
  const response = await t.postForm(
    '/account/api-tokens',
    { name: 'Data return script', ...fields },
    cookie,
  )
  return { response, cookie, token: /id="api-token">([^<]+)</.exec(response.body)?.[1] ?? '' }
}

function call(url: string, token: string) {
  return t.inject({ method: 'GET', url, headers: { authorization: `Bearer ${token}` } })
}

describe('personal API tokens', () => {
  it('shows a token once, stores only its hash, and acts with the holder’s roles', async () => {
    const { response, cookie, token } = await issue('auditor')
    expect(response.headers['cache-control']).toBe('no-store')
    expect(token).toMatch(/^ks_[\w-]{40,}$/)
    const stored = await t.database.owner
      .selectFrom('api_token')
      .selectAll()
      .executeTakeFirstOrThrow()
    expect(stored.token_hash).toBe(sha256(token))
    expect(JSON.stringify(stored)).not.toContain(token)
    const list = await t.inject({ method: 'GET', url: '/account/api-tokens', headers: { cookie } })
    expect(list.body).toContain('Data return script')
    expect(list.body).not.toContain(token)

    const me = await call('/api/v1/me', token)
    expect(me.json()).toMatchObject({
      email: 'auditor@northbridge.example',
      roles: ['auditor'],
      partnershipId: t.northbridge.id,
    })
    expect((await call('/api/v1/audit-events', token)).statusCode).toBe(200)
    const agencies = (await call('/api/v1/agencies', token)).json<{
      agencies: { name: string }[]
    }>()
    expect(agencies.agencies).toHaveLength(t.northbridge.agencyIds.length)
  })

  it('is refused for what the holder’s roles do not allow', async () => {
    const { token } = await issue('referrer')
    expect((await call('/api/v1/audit-events', token)).statusCode).toBe(403)
    expect((await call('/api/v1/agencies', token)).statusCode).toBe(403)
  })

  it('stops working when revoked, and both events are audited', async () => {
    const { token, cookie } = await issue('analyst')
    const stored = await t.database.owner
      .selectFrom('api_token')
      .select('id')
      .executeTakeFirstOrThrow()
    expect(
      (await t.postForm(`/account/api-tokens/${stored.id}/revoke`, {}, cookie)).statusCode,
    ).toBe(303)
    expect((await call('/api/v1/me', token)).statusCode).toBe(401)
    const actions = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('resource_type', '=', 'api-token')
      .execute()
    expect(actions.map(a => a.action)).toEqual(['api-token.created', 'api-token.revoked'])
  })

  it('cannot be revoked by someone else', async () => {
    await issue('analyst')
    const stored = await t.database.owner
      .selectFrom('api_token')
      .select('id')
      .executeTakeFirstOrThrow()
    const other = await t.signInAs('trainer')
    expect(
      (await t.postForm(`/account/api-tokens/${stored.id}/revoke`, {}, other)).statusCode,
    ).toBe(404)
  })

  it('stops working after its expiry date, and refuses a past expiry date', async () => {
    const past = await issue('analyst', { expiresOn: '2020-01-01' })
    expect(past.response.statusCode).toBe(400)
    expect(past.response.body).toContain('Expiry date must be in the future')
    const { token } = await issue('analyst', { expiresOn: '2099-12-31' })
    expect((await call('/api/v1/me', token)).statusCode).toBe(200)
    await t.database.owner
      .updateTable('api_token')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .execute()
    expect((await call('/api/v1/me', token)).statusCode).toBe(401)
  })

  it('rejects an unknown or malformed token', async () => {
    expect((await call('/api/v1/me', 'ks_not-a-real-token')).statusCode).toBe(401)
    expect(
      (
        await t.inject({
          method: 'GET',
          url: '/api/v1/me',
          headers: { authorization: 'Basic abc' },
        })
      ).statusCode,
    ).toBe(401)
  })

  it('does working-day arithmetic on the partnership calendar, with clear errors', async () => {
    const { token } = await issue('analyst')
    expect(
      (await call('/api/v1/working-days?from=2025-06-02&days=15', token)).json(),
    ).toMatchObject({ date: '2025-06-23' })
    expect(
      (await call('/api/v1/working-days?from=2024-12-20&to=2025-01-03', token)).json(),
    ).toMatchObject({ workingDays: 7 })
    const bad = await call('/api/v1/working-days?from=2025-13-01&days=1', token)
    expect(bad.statusCode).toBe(400)
    expect(bad.json()).toMatchObject({ message: expect.stringContaining('from') })
    const holidays = (await call('/api/v1/bank-holidays?year=2026', token)).json<{
      holidays: { date: string }[]
    }>()
    expect(holidays.holidays.map(h => h.date)).toContain('2026-12-28')
  })
})

interface Operation {
  parameters?: { name: string; in: string; required?: boolean }[]
  responses: Record<string, { content?: Record<string, { schema?: unknown }> }>
}

async function openApiDocument() {
  const response = await t.inject({ method: 'GET', url: '/api/v1/openapi.json' })
  return response.json<{ openapi: string; paths: Record<string, Record<string, Operation>> }>()
}

function operations(document: Awaited<ReturnType<typeof openApiDocument>>) {
  return Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ key: `${method} ${path}`, operation })),
  )
}

describe('the OpenAPI document', () => {
  it('describes exactly the /api/v1 routes the app serves', async () => {
    const served = t.routes
      .filter(route => route.url.startsWith('/api/v1/') && route.url !== '/api/v1/openapi.json')
      .map(route => `${route.method.toLowerCase()} ${route.url}`)
      .sort()
    const described = operations(await openApiDocument())
      .map(({ key }) => key)
      .sort()
    expect(described).toEqual(served)
  })

  it('gives every route its answer, its errors and the parameters its query schema reads', async () => {
    const described = operations(await openApiDocument())
    for (const { key, operation } of described) {
      expect(operation.responses['200']?.content?.['application/json']?.schema, key).toBeTruthy()
      expect(Object.keys(operation.responses).sort(), key).toEqual(['200', '400', '401', '403'])
    }
    const parameters = Object.fromEntries(
      described.map(({ key, operation }) => [
        key,
        (operation.parameters ?? []).map(
          p => `${p.in} ${p.name}${p.required ? ' (required)' : ''}`,
        ),
      ]),
    )
    expect(parameters['get /api/v1/me']).toEqual([])
    expect(parameters['get /api/v1/bank-holidays']).toEqual(['query year (required)'])
    expect(parameters['get /api/v1/working-days']).toEqual([
      'query from (required)',
      'query days',
      'query to',
    ])
    expect(parameters['get /api/v1/audit-events']).toEqual(
      ['user', 'action', 'resourceType', 'record', 'child', 'from', 'to', 'page'].map(
        name => `query ${name}`,
      ),
    )
    expect(parameters['get /api/v1/dataset/dfe-figures']).toEqual([
      'query from (required)',
      'query to (required)',
    ])
    for (const area of ['reviews', 'cdop', 'lado']) {
      expect(parameters[`get /api/v1/${area}/figures`]).toEqual(['query year (required)'])
    }
  })

  it('is served as JSON and as a readable page', async () => {
    const json = await t.inject({ method: 'GET', url: '/api/v1/openapi.json' })
    expect(json.json()).toMatchObject({ openapi: '3.1.0' })
    const page = await t.inject({ method: 'GET', url: '/api/docs' })
    expect(page.statusCode).toBe(200)
    expect(page.body).toContain('/api/v1/working-days')
    expect(page.body).toContain('<code>year</code>')
  })
})
