import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseDateArray, type DatabaseHandles } from '../../src/db/database.js'
import { createTestDatabase } from '../helpers/test-app.js'

let database: DatabaseHandles
let drop: () => Promise<void>

beforeAll(async () => {
  const created = await createTestDatabase()
  database = created.database
  drop = created.drop
})

afterAll(async () => {
  await drop()
})

describe('values as the database returns them', () => {
  it('keeps dates and arrays of dates as YYYY-MM-DD strings on either driver', async () => {
    const { rows } = await sql<{ day: unknown; days: unknown; none: unknown }>`
      select '2024-02-29'::date as day,
        array['2024-01-02'::date, null, '2024-12-31'::date] as days,
        '{}'::date[] as none`.execute(database.owner)
    expect(rows[0]).toEqual({
      day: '2024-02-29',
      days: ['2024-01-02', null, '2024-12-31'],
      none: [],
    })
  })

  it('parses the text form of a date array', () => {
    expect(parseDateArray('{2024-01-02,NULL}')).toEqual(['2024-01-02', null])
    expect(parseDateArray('{}')).toEqual([])
  })
})
