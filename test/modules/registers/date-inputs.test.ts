import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { boxValue, boxes, expectDateInputs } from '../../helpers/date-boxes.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'
import { as, location, text } from './helpers.js'

const t = useTestApp()

const episode = (reportedOn: string) => ({
  givenName: 'Amira',
  familyName: 'Khan',
  ...boxes('birthDate', '3 4 2010'),
  missingFrom: 'care',
  ...boxes('reportedOn', reportedOn),
  reportedTime: '21:30',
  ...boxes('foundOn', ''),
  foundTime: '',
  policeReference: 'WMP-1',
})

describe('register dates entered in GOV.UK date inputs (issue 19 point 5)', () => {
  it('shows the three boxes on the forms for new register entries', async () => {
    await expectDateInputs(t, await t.signInAs('social-worker'), [
      ['/registers/exploitation/new', 'addedOn'],
      ['/registers/exploitation/new', 'birthDate'],
      ['/registers/missing/new', 'reportedOn'],
      ['/registers/fgm/new', 'referredOn'],
      ['/registers/private-fostering/new', 'notifiedOn'],
      ['/registers/private-fostering/new', 'arrangementStart'],
    ])
  })

  it('refuses an impossible date in words, then records an episode and the child found from the boxes', async () => {
    const worker = await as(t, 'social-worker')
    const refused = await expectNothingWritten(t, () =>
      worker.post('/registers/missing', episode('31 2 2026')),
    )
    expect(refused.statusCode).toBe(400)
    expect(text(refused.body)).toContain(
      'The date the child was reported missing must be a real date',
    )
    expect(refused.body).toContain(boxValue('reportedOn', 'day', '31'))
    expect(refused.body).toContain(boxValue('birthDate', 'year', '2010'))

    const url = location(await worker.post('/registers/missing', episode('2 11 2026')))
    const id = url.split('/')[3]?.split('?')[0] ?? ''
    location(
      await worker.post(`/registers/missing/${id}/found`, {
        ...boxes('foundOn', '3 11 2026'),
        foundTime: '08:15',
      }),
    )
    const { rows } = await sql<{ reported: string; found: string; born: string }>`
      select to_char(e.reported_at at time zone 'Europe/London', 'YYYY-MM-DD') as reported,
             to_char(e.found_at at time zone 'Europe/London', 'YYYY-MM-DD') as found,
             c.birth_date::text as born
      from missing_episode e join child c on c.id = e.child_id`.execute(t.database.owner)
    expect(rows).toEqual([{ reported: '2026-11-02', found: '2026-11-03', born: '2010-04-03' }])
  })
})
