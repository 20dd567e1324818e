import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { enforceAccessRules } from '../../src/platform/http/access.js'
import { ROLES, can, type Role } from '../../src/platform/permissions.js'
import { useTestApp } from '../helpers/test-app.js'

const t = useTestApp()

// Each of these walks every route (hundreds of requests): on a loaded 2-core machine that can
// take well over the default 30 s.
const EVERY_ROUTE_TIMEOUT = 180_000

const SAMPLE_ID = '00000000-0000-4000-8000-000000000000'

function concreteUrl(pattern: string): string {
  return pattern
    .replace(/:[A-Za-z]+/g, param => (param === ':token' ? 'not-a-real-token' : SAMPLE_ID))
    .replace('*', 'favicon.ico')
}

describe('every route against every role', () => {
  it('has an access rule for every registered route', () => {
    expect(t.routes.length).toBeGreaterThan(30)
    for (const route of t.routes) expect(route.access, `${route.method} ${route.url}`).toBeDefined()
  })

  it('refuses to start when a route is added without an access rule', () => {
    const app = Fastify()
    enforceAccessRules(app, [], [])
    expect(() => app.get('/forgotten', () => 'no rule')).toThrow(
      /GET \/forgotten has no access rule/,
    )
  })

  it.each(ROLES)(
    'allows and denies %s exactly as the matrix says',
    async role => {
      const cookie = await t.signInAs(role)
      const token = await issueToken(role)
      const { cookie: jar, token: csrf } = await t.csrf(cookie)
      for (const route of t.routes) {
        if (route.access.kind !== 'permission') continue
        const url = concreteUrl(route.url)
        const isApi = url.startsWith('/api/')
        const response = await t.inject({
          method: route.method,
          url,
          headers: isApi
            ? { authorization: `Bearer ${token}` }
            : { cookie: jar, 'content-type': 'application/x-www-form-urlencoded' },
          ...(route.method === 'POST' ? { payload: `_csrf=${encodeURIComponent(csrf)}` } : {}),
        })
        const allowed = can([role], route.access.resource, route.access.action)
        const label = `${role} ${route.method} ${route.url} -> ${response.statusCode}`
        expect(response.statusCode, label).toBeLessThan(500)
        if (allowed) expect(response.statusCode, label).not.toBe(403)
        else expect(response.statusCode, label).toBe(403)
      }
    },
    EVERY_ROUTE_TIMEOUT,
  )

  it(
    'answers a repeated or unknown query parameter on every page without a server error',
    async () => {
      const cookies = new Map<Role, string>()
      const failures: string[] = []
      for (const route of t.routes.filter(r => r.method === 'GET')) {
        const access = route.access
        const role =
          access.kind === 'permission'
            ? ROLES.find(candidate => can([candidate], access.resource, access.action))
            : 'partnership-admin'
        if (!role) continue
        if (!cookies.has(role)) cookies.set(role, await t.signInAs(role))
        const url = concreteUrl(route.url)
        const api = url.startsWith('/api/')
        const headers = api
          ? { authorization: `Bearer ${await issueToken(role)}` }
          : { cookie: cookies.get(role) ?? '' }
        for (const query of [
          'q=a&q=b&page=1&page=2&format=csv&format=xlsx',
          'no-such-parameter=1',
        ]) {
          const response = await t.inject({ method: 'GET', url: `${url}?${query}`, headers })
          if (response.statusCode >= 500) failures.push(`${role} GET ${url}?${query}`)
        }
      }
      expect(failures).toEqual([])
    },
    EVERY_ROUTE_TIMEOUT,
  )

  it('answers /children?q=a&q=b with 400 and says what is wrong', async () => {
    const cookie = await t.signInAs('front-door-manager')
    for (const [query, message] of [
      ['q=a&q=b', 'The web address gives ‘q’ more than once: give it once'],
      ['q=a&colour=red', 'The web address has ‘colour’, which this page does not use'],
    ] as const) {
      const response = await t.inject({
        method: 'GET',
        url: `/children?${query}`,
        headers: { cookie },
      })
      expect(response.statusCode, query).toBe(400)
      expect(response.body).toContain(message)
    }
  })

  it(
    'sends a signed-out person to sign in from every page that needs a permission',
    async () => {
      for (const route of t.routes.filter(
        r => r.access.kind !== 'public' && r.method === 'GET' && !r.url.startsWith('/api/'),
      )) {
        const response = await t.inject({ method: 'GET', url: concreteUrl(route.url) })
        expect(response.statusCode, route.url).toBe(303)
        expect(response.headers.location, route.url).toMatch(/^\/sign-in/)
      }
    },
    EVERY_ROUTE_TIMEOUT,
  )

  it('answers 401 to an API call without a token', async () => {
    for (const route of t.routes.filter(
      r => r.access.kind === 'permission' && r.url.startsWith('/api/'),
    )) {
      const response = await t.inject({
        method: route.method,
        url: concreteUrl(route.url),
      })
      expect(response.statusCode, route.url).toBe(401)
    }
  })

  async function issueToken(role: Role): Promise<string> {
    const cookie = await t.signInAs(role)
    const response = await t.postForm('/account/api-tokens', { name: `route test ${role}` }, cookie)
    const token = /id="api-token">([^<]+)</.exec(response.body)?.[1]
    if (!token) throw new Error(`No token issued for ${role}: ${response.statusCode}`)
    return token
  }
})
