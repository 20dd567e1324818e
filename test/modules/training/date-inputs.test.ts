import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { boxValue, boxes, expectDateInputs } from '../../helpers/date-boxes.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'

const t = useTestApp()

describe('training dates entered in GOV.UK date inputs (issue 19 point 5)', () => {
  it('shows the three boxes on the forms for new events, trainers and deliveries', async () => {
    await expectDateInputs(t, await t.signInAs('business-officer'), [
      ['/training/events/new', 'startsOn'],
    ])
    await expectDateInputs(t, await t.signInAs('trainer'), [
      ['/training/trainers/new', 'accreditedOn'],
      ['/training/deliveries/new', 'deliveredOn'],
    ])
  })

  it('writes a trainer accredited on the date in the boxes and refuses an impossible one', async () => {
    const trainer = await t.signInAs('trainer')
    const agencyId = t.northbridge.agencyIds[2] ?? ''
    const refused = await expectNothingWritten(t, () =>
      t.postForm(
        '/training/trainers',
        { name: 'Alex Trainer', agencyId, ...boxes('accreditedOn', '31 2 2026') },
        trainer,
      ),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('The date the trainer was accredited must be a real date')
    expect(refused.body).toContain(boxValue('accreditedOn', 'month', '2'))

    const empty = await expectNothingWritten(t, () =>
      t.postForm('/training/trainers', { name: 'Alex Trainer', agencyId }, trainer),
    )
    expect(empty.body).toContain('Enter the date the trainer was accredited')

    const added = await t.postForm(
      '/training/trainers',
      { name: 'Alex Trainer', agencyId, ...boxes('accreditedOn', '10 1 2016') },
      trainer,
    )
    expect(added.statusCode).toBe(303)
    const { rows } = await sql<{
      accredited_on: string
    }>`select accredited_on::text as accredited_on from trn_trainer`.execute(t.database.owner)
    expect(rows).toEqual([{ accredited_on: '2016-01-10' }])
  })
})
