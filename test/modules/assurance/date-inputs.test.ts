import { sql } from 'kysely'
import { describe, expect, it } from 'vitest'
import { boxValue, boxes, expectDateInputs } from '../../helpers/date-boxes.js'
import { expectNothingWritten } from '../../helpers/table-counts.js'
import { useTestApp } from '../../helpers/test-app.js'

const t = useTestApp()

describe('assurance dates entered in GOV.UK date inputs (issue 19 point 5)', () => {
  it('shows the three boxes on the cycle and peer challenge forms', async () => {
    await expectDateInputs(t, await t.signInAs('business-officer'), [
      ['/assurance/cycles/new', 'opensOn'],
      ['/assurance/cycles/new', 'dueOn'],
      ['/assurance/peer-challenge', 'heldOn'],
    ])
  })

  it('records a peer challenge event on the date in the boxes and refuses an impossible one', async () => {
    const officer = await t.signInAs('business-officer')
    const event = { title: 'Neglect peer challenge', agencyIds: t.northbridge.agencyIds[0] ?? '' }
    const refused = await expectNothingWritten(t, () =>
      t.postForm(
        '/assurance/peer-challenge',
        { ...event, ...boxes('heldOn', '31 2 2026') },
        officer,
      ),
    )
    expect(refused.statusCode).toBe(400)
    expect(refused.body).toContain('The date of the event must be a real date')
    expect(refused.body).toContain(boxValue('heldOn', 'day', '31'))

    const held = await t.postForm(
      '/assurance/peer-challenge',
      { ...event, ...boxes('heldOn', '25 4 2026') },
      officer,
    )
    expect(held.statusCode).toBe(303)
    const { rows } = await sql<{
      held_on: string
    }>`select held_on::text as held_on from asr_peer_event`.execute(t.database.owner)
    expect(rows).toEqual([{ held_on: '2026-04-25' }])
  })
})
