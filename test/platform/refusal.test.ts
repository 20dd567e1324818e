import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { inPartnership } from '../../src/db/database.js'
import { refusable, refuse } from '../../src/platform/refusal.js'
import { useTestApp } from '../helpers/test-app.js'

describe('a refusal inside a transaction', () => {
  const t = useTestApp()

  async function countAgencies() {
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from agency`.execute(
      t.database.owner,
    )
    return rows[0]?.n ?? 0
  }

  it('rolls back what the command wrote before it refused, and comes back as a value', async () => {
    const before = await countAgencies()
    const outcome = await refusable(() =>
      inPartnership(t.database.db, { partnershipId: t.northbridge.id }, async trx => {
        await trx
          .insertInto('agency')
          .values({
            partnershipId: t.northbridge.id,
            name: 'Written then refused',
            sector: 'other',
          })
          .execute()
        refuse('name', 'Enter a different name')
      }),
    )
    expect(outcome).toEqual({ kind: 'refused', field: 'name', message: 'Enter a different name' })
    expect(await countAgencies()).toBe(before)
  })

  it('passes through what the command returns when nothing is refused', async () => {
    const outcome = await refusable(() => Promise.resolve({ kind: 'done' as const }))
    expect(outcome).toEqual({ kind: 'done' })
  })

  it('lets any other error through', async () => {
    await expect(refusable(() => Promise.reject(new Error('disk full')))).rejects.toThrow(
      'disk full',
    )
  })
})
