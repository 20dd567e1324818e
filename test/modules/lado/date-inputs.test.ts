import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { boxValue, boxes, expectDateInputs } from '../../helpers/date-boxes.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'

const t = useTestApp()

const REFERRAL = {
  referrerAgency: 'Northbridge Primary School',
  adultName: 'Sam Teacher',
  adultRole: 'Teaching assistant',
  employer: 'Northbridge Primary School',
  sector: 'education',
  harmTest: 'harmed',
  allegation: 'Grabbed a pupil by the arm in the playground',
  childName: 'Child B',
  childAge: '8',
}

describe('LADO referral dates entered in GOV.UK date inputs (issue 19 point 5)', () => {
  it('shows the boxes, refuses an impossible date in words and writes a referral from the boxes', async () => {
    const lado = await t.signInAs('lado')
    await expectDateInputs(t, lado, [
      ['/lado/referrals/new', 'receivedOn'],
      ['/lado/referrals/new', 'adultDateOfBirth'],
    ])
    const refused = await expectNothingWritten(t, () =>
      t.postForm(
        '/lado/referrals',
        { ...REFERRAL, ...boxes('receivedOn', '31 2 2026'), ...boxes('adultDateOfBirth', '') },
        lado,
      ),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('The date must be a real date')
    expect(refused.body).toContain(boxValue('receivedOn', 'day', '31'))

    const empty = await expectNothingWritten(t, () => t.postForm('/lado/referrals', REFERRAL, lado))
    expect(empty.body).toContain('Enter the date the referral was received')

    const added = await t.postForm(
      '/lado/referrals',
      {
        ...REFERRAL,
        ...boxes('receivedOn', '13 4 2017'),
        ...boxes('adultDateOfBirth', '1 5 1980'),
      },
      lado,
    )
    expect(added.statusCode, added.body).toBe(303)
    const { rows } = await sql<{ received_on: string; adult_date_of_birth: string }>`
      select received_on::text as received_on, adult_date_of_birth::text as adult_date_of_birth
      from lado_referral`.execute(t.database.owner)
    expect(rows).toEqual([{ received_on: '2017-04-13', adult_date_of_birth: '1980-05-01' }])
  })
})
