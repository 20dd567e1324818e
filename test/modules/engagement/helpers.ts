import { sql } from 'kysely'
import type { Actor } from '../../../src/platform/http/types.js'
import type { Role } from '../../../src/platform/permissions.js'
import type { SeededPartnership } from '../../../src/demo/platform-data.js'
import type { TestApp } from '../../helpers/test-app.js'

export function actorFor(t: TestApp, role: Role, partnership?: SeededPartnership): Actor {
  const p = partnership ?? t.northbridge
  return {
    userId: t.userId(role, p),
    email: `${role}@${p.slug}.example`,
    displayName: role,
    partnershipId: p.id,
    partnershipName: p.name,
    roles: [role],
    agencyIds: [],
    via: 'session',
  }
}

export const ctxAs = (t: TestApp, role: Role = 'business-officer') => ({
  actor: actorFor(t, role),
  requestId: 'test',
})

export async function rows<T>(t: TestApp, query: string): Promise<T[]> {
  return (await sql.raw<T>(query).execute(t.database.owner)).rows
}

/** A business plan with one action, made through governance's pages; returns the action's id. */
export async function planAction(t: TestApp, cookie: string): Promise<string> {
  const plan = await t.postForm(
    '/governance/plans',
    { title: 'Business Plan 2026-28', startsOn: '2026-04-01', endsOn: '2028-03-31' },
    cookie,
  )
  const planId = (plan.headers.location ?? '').split('/').pop() ?? ''
  await t.postForm(
    `/governance/plans/${planId}/actions`,
    {
      priorityNumber: '1',
      priorityTitle: 'Listening to children',
      reference: '1.1',
      specificAction: 'Hear the voice of the child',
    },
    cookie,
  )
  const [action] = await rows<{ id: string }>(t, 'select id from gov_plan_action')
  if (!action) throw new Error('no plan action')
  return action.id
}
