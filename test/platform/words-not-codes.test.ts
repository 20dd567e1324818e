import { describe, expect, it } from 'vitest'
import { contributeDemoOnce } from '../../src/demo/start.js'
import { can, type Role } from '../../src/platform/permissions.js'
import { useTestApp } from '../helpers/test-app.js'

const t = useTestApp()

const ROLES: Role[] = [
  'business-officer',
  'front-door-manager',
  'social-worker',
  'conference-chair',
  'agency-lead',
  'lado',
  'cdop-coordinator',
  'trainer',
  'partnership-admin',
]

/** The text a person reads: no tags (so no links or input values), scripts or text areas. */
function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, ' ')
    .replace(/<style[\s\S]*?<\/style>/g, ' ')
    .replace(/<textarea[\s\S]*?<\/textarea>/g, ' ')
    .replace(/<pre[\s\S]*?<\/pre>/g, ' ')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&amp;/g, '&')
}

const ISO_DATE = /\b\d{4}-\d{2}-\d{2}\b/g

/**
 * Forms whose dates are still typed as text with an ISO example: not yet moved to the GOV.UK date
 * input (their routes belong to other work in progress, or were not reached this session). The
 * test fails when one of them is fixed and left here, so the list only shrinks.
 */
const DATES_STILL_TYPED = new Set<string>([])

describe('dates and codes read as words on the pages of the living demo (issue 19 point 5)', () => {
  it('shows no ISO date on any page a demo role opens', async () => {
    await contributeDemoOnce(t.database, t.northbridge)
    const problems: string[] = []
    const stillTyped = new Set<string>()
    const pages = t.routes.filter(
      route => route.method === 'GET' && !route.url.includes(':') && !route.url.includes('*'),
    )
    for (const role of ROLES) {
      const cookie = await t.signInAs(role)
      for (const route of pages) {
        const access = route.access
        if (access.kind !== 'permission' || !can([role], access.resource, access.action)) continue
        const response = await t.inject({ method: 'GET', url: route.url, headers: { cookie } })
        if (response.statusCode !== 200) continue
        if (!String(response.headers['content-type']).startsWith('text/html')) continue
        const found = [...new Set(visibleText(response.body).match(ISO_DATE) ?? [])]
        if (DATES_STILL_TYPED.has(route.url)) {
          if (found.length) stillTyped.add(route.url)
          continue
        }
        if (found.length) problems.push(`${role} ${route.url}: ${found.slice(0, 3).join(', ')}`)
      }
    }
    expect(problems).toEqual([])
    expect([...DATES_STILL_TYPED].filter(url => !stillTyped.has(url))).toEqual([])
  }, 900_000)
})
