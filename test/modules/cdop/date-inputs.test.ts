import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { boxValue, boxes, expectDateInputs } from '../../helpers/date-boxes.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'

const t = useTestApp()

const NOTIFICATION = {
  childName: 'Ava Example',
  childId: '',
  sex: 'female',
  placeOfDeath: 'hospital',
  notifyingAgency: 'Northbridge NHS Foundation Trust',
  deathKind: 'unexpected',
  residentInArea: 'yes',
  diedInArea: 'yes',
  ...boxes('dateOfBirth', '2 10 2016'),
  ...boxes('notifiedOn', '16 1 2017'),
}

describe('CDOP notification dates entered in GOV.UK date inputs (issue 19 point 5)', () => {
  it('shows the boxes, refuses an impossible date in words and writes a notification from the boxes', async () => {
    const coordinator = await t.signInAs('cdop-coordinator')
    await expectDateInputs(t, coordinator, [
      ['/cdop/notifications/new', 'dateOfBirth'],
      ['/cdop/notifications/new', 'dateOfDeath'],
      ['/cdop/notifications/new', 'notifiedOn'],
    ])
    const refused = await expectNothingWritten(t, () =>
      t.postForm(
        '/cdop/notifications',
        { ...NOTIFICATION, ...boxes('dateOfDeath', '31 2 2026') },
        coordinator,
      ),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('The date must be a real date')
    expect(refused.body).toContain(boxValue('dateOfDeath', 'month', '2'))

    const added = await t.postForm(
      '/cdop/notifications',
      { ...NOTIFICATION, ...boxes('dateOfDeath', '14 1 2017') },
      coordinator,
    )
    expect(added.statusCode, added.body).toBe(303)
    const { rows } = await sql<{ date_of_death: string; notified_on: string }>`
      select date_of_death::text as date_of_death, notified_on::text as notified_on
      from cdop_notification`.execute(t.database.owner)
    expect(rows).toEqual([{ date_of_death: '2017-01-14', notified_on: '2017-01-16' }])
  })
})
