import { isoBoxes } from '../../helpers/date-boxes.js'
import { describe, expect, it } from 'vitest'
import { addCalendarDays } from '../../../src/platform/working-days.js'
import { londonToday } from '../../../src/platform/calendar.js'
import { useTestApp } from '../../helpers/test-app.js'
import { as, insertChild, location, snapshot, text } from './helpers.js'
import { cohortChild, setUpPanel } from './panel-helpers.js'

const t = useTestApp()

/** Two panels: the agency lead sits on the MACE panel only. Ama and Ben are on its agenda. */
async function twoPanels() {
  const ama = await cohortChild(t, 'EX001', 'Ama')
  const ben = await cohortChild(t, 'EX002', 'Ben')
  const cal = await cohortChild(t, 'EX003', 'Cal', ['cse'])
  const dee = await cohortChild(t, 'EX004', 'Dee')
  const mace = await setUpPanel(t, 'MACE panel', 'mace')
  const mase = await setUpPanel(t, 'MASE panel', 'mase', { member: null })
  const worker = await as(t, 'social-worker')
  for (const { entryId } of [ama, ben])
    location(await worker.post(`/registers/panels/meetings/${mace.meetingId}/agenda`, { entryId }))
  location(
    await worker.post(`/registers/panels/meetings/${mase.meetingId}/agenda`, {
      entryId: cal.entryId,
    }),
  )
  return { ama, ben, cal, dee, mace, mase, worker }
}

describe('who sees children through a panel', () => {
  it('shows a panel member the children on their panel’s agenda and no one else, each view audited', async () => {
    const { ama, ben, cal, dee, mace, mase } = await twoPanels()
    const member = await as(t, 'agency-lead')
    const panels = text((await member.get('/registers/panels')).body)
    expect(panels).toContain('MACE panel')
    expect(panels).not.toContain('MASE panel')

    const agenda = await member.get(`/registers/panels/meetings/${mace.meetingId}`)
    expect(agenda.statusCode).toBe(200)
    const agendaText = text(agenda.body)
    expect(agendaText).toContain('Ama Khan')
    expect(agendaText).toContain('Ben Khan')
    expect(agendaText).not.toContain('Dee Khan')
    expect(agendaText).not.toContain('Children due for review')

    const seen = await member.get(
      `/registers/panels/meetings/${mace.meetingId}/children/${ama.childId}`,
    )
    expect(seen.statusCode).toBe(200)
    expect(text(seen.body)).toContain('Your view is recorded')
    expect(text(seen.body)).not.toContain('the child’s register entry')
    const audit = await t.database.owner
      .selectFrom('audit_event')
      .select(['user_id', 'child_id'])
      .where('action', '=', 'register.panel.child-viewed')
      .execute()
    expect(audit).toEqual([{ user_id: t.userId('agency-lead'), child_id: ama.childId }])

    // Not on this agenda, on another panel's agenda, or straight to the registers: not found or refused.
    for (const childId of [dee.childId, cal.childId])
      expect(
        (await member.get(`/registers/panels/meetings/${mace.meetingId}/children/${childId}`))
          .statusCode,
      ).toBe(404)
    expect((await member.get(`/registers/panels/meetings/${mase.meetingId}`)).statusCode).toBe(404)
    expect(
      (await member.get(`/registers/panels/meetings/${mase.meetingId}/children/${cal.childId}`))
        .statusCode,
    ).toBe(404)
    expect((await member.get(`/registers/panels/${mase.panelId}`)).statusCode).toBe(404)
    for (const url of [
      '/registers/exploitation',
      `/registers/exploitation/${ben.entryId}`,
      '/registers/missing',
      '/registers',
    ])
      expect((await member.get(url)).statusCode, url).toBe(403)
    expect(
      (
        await member.post(
          `/registers/panels/meetings/${mace.meetingId}/children/${ama.childId}/review`,
          { notes: 'Seen' },
        )
      ).statusCode,
    ).toBe(403)
  })

  it('shows a referrer no child and no panel', async () => {
    const { ama, mace } = await twoPanels()
    const referrer = await as(t, 'referrer')
    for (const url of [
      '/registers/panels',
      `/registers/panels/${mace.panelId}`,
      `/registers/panels/meetings/${mace.meetingId}`,
      `/registers/panels/meetings/${mace.meetingId}/children/${ama.childId}`,
      '/registers/exploitation',
    ])
      expect((await referrer.get(url)).statusCode, url).toBe(403)
  })

  it('shows a panel role who is not a member, or whose membership has ended, nothing', async () => {
    const ama = await cohortChild(t, 'EX001', 'Ama')
    const ended = await setUpPanel(t, 'Old MACE panel', 'mace', {
      endsOn: addCalendarDays(londonToday(), -1),
    })
    const worker = await as(t, 'social-worker')
    location(
      await worker.post(`/registers/panels/meetings/${ended.meetingId}/agenda`, {
        entryId: ama.entryId,
      }),
    )
    for (const role of ['agency-lead', 'lado'] as const) {
      const visitor = await as(t, role)
      expect(text((await visitor.get('/registers/panels')).body)).toContain(
        'There are no panels you can see',
      )
      expect((await visitor.get(`/registers/panels/meetings/${ended.meetingId}`)).statusCode).toBe(
        404,
      )
      expect(
        (await visitor.get(`/registers/panels/meetings/${ended.meetingId}/children/${ama.childId}`))
          .statusCode,
      ).toBe(404)
    }
  })

  it('hides another partnership’s panels', async () => {
    const { mace, ama } = await twoPanels()
    const other = await as(t, 'social-worker', t.southbridge)
    expect((await other.get(`/registers/panels/meetings/${mace.meetingId}`)).statusCode).toBe(404)
    expect(
      (await other.get(`/registers/panels/meetings/${mace.meetingId}/children/${ama.childId}`))
        .statusCode,
    ).toBe(404)
    expect((await other.get(`/registers/panels/${mace.panelId}`)).statusCode).toBe(404)
  })
})

describe('reviewing cohort children at a panel meeting', () => {
  it('lists the children due, and lands the review and its action on the child’s register entry', async () => {
    const ama = await cohortChild(t, 'EX001', 'Ama')
    const cal = await cohortChild(t, 'EX003', 'Cal', ['cse'])
    const mase = await setUpPanel(t, 'MASE panel', 'mase')
    const worker = await as(t, 'social-worker')
    const agenda = text((await worker.get(`/registers/panels/meetings/${mase.meetingId}`)).body)
    // A MASE panel reviews sexual exploitation: Cal is due, Ama (criminal exploitation) is not.
    expect(agenda).toContain('Child Detail Last reviewed Add Cal Khan Medium Never')
    expect(agenda).not.toContain('Ama Khan')
    const refused = await worker.post(`/registers/panels/meetings/${mase.meetingId}/agenda`, {
      entryId: ama.entryId,
    })
    expect(refused.statusCode).toBe(400)
    expect(text(refused.body)).toContain('This child is not due for review by this panel')

    location(
      await worker.post(`/registers/panels/meetings/${mase.meetingId}/agenda`, {
        entryId: cal.entryId,
      }),
    )
    const url = `/registers/panels/meetings/${mase.meetingId}/children/${cal.childId}`
    const before = await snapshot(t)
    const late = await worker.post(`${url}/review`, {
      notes: 'Going missing less; still linked to older males.',
      riskLevelAfter: 'high',
      actionText: 'Police to serve an abduction warning notice',
      actionOwner: 'DS Patel',
      actionDueOn: addCalendarDays(londonToday(), -1),
    })
    expect(late.statusCode).toBe(400)
    expect(text(late.body)).toContain('The action must be due on or after the date of the meeting')
    expect(await snapshot(t)).toEqual(before)

    location(
      await worker.post(`${url}/review`, {
        notes: 'Going missing less; still linked to older males.',
        riskLevelAfter: 'high',
        actionText: 'Police to serve an abduction warning notice',
        actionOwner: 'DS Patel',
        // Dated in the GOV.UK boxes, as the page asks.
        ...isoBoxes('actionDueOn', addCalendarDays(londonToday(), 14)),
      }),
    )
    const entry = text((await worker.get(`/registers/exploitation/${cal.entryId}`)).body)
    expect(entry).toContain('Risk level High')
    expect(entry).toContain('Going missing less; still linked to older males. (risk level high)')
    expect(entry).toContain('Police to serve an abduction warning notice DS Patel')
    const after = text((await worker.get(`/registers/panels/meetings/${mase.meetingId}`)).body)
    expect(after).toContain('Cal Khan Exploitation cohort Reviewed')
    expect(after).toContain('No children are due for review.')
  })

  it('refuses an action without its owner, and writes nothing', async () => {
    const cal = await cohortChild(t, 'EX003', 'Cal', ['cse'])
    const mase = await setUpPanel(t, 'MASE panel', 'mase')
    const worker = await as(t, 'social-worker')
    location(
      await worker.post(`/registers/panels/meetings/${mase.meetingId}/agenda`, {
        entryId: cal.entryId,
      }),
    )
    const before = await snapshot(t)
    const response = await worker.post(
      `/registers/panels/meetings/${mase.meetingId}/children/${cal.childId}/review`,
      {
        notes: 'Reviewed',
        actionText: 'Refer to the NRM',
      },
    )
    expect(response.statusCode).toBe(400)
    expect(text(response.body)).toContain('Enter who owns the action')
    expect(await snapshot(t)).toEqual(before)
  })

  it('takes only governance bodies of the panel kind, once each', async () => {
    const mace = await setUpPanel(t, 'MACE panel', 'mace')
    const worker = await as(t, 'social-worker')
    const again = await worker.post('/registers/panels', { bodyId: mace.bodyId, panelType: 'mace' })
    expect(again.statusCode).toBe(400)
    expect(text(again.body)).toContain('There is a problem This body is already a register panel')
  })
})

describe('panel actions on the child’s register entry', () => {
  it('marks an action done, showing who and when, once; a panel member without a child role cannot', async () => {
    const cal = await cohortChild(t, 'EX003', 'Cal', ['cse'])
    const mase = await setUpPanel(t, 'MASE panel', 'mase')
    const worker = await as(t, 'social-worker')
    location(
      await worker.post(`/registers/panels/meetings/${mase.meetingId}/agenda`, {
        entryId: cal.entryId,
      }),
    )
    location(
      await worker.post(
        `/registers/panels/meetings/${mase.meetingId}/children/${cal.childId}/review`,
        {
          notes: 'Still linked to older males.',
          riskLevelAfter: '',
          actionText: 'Refer to the NRM',
          actionOwner: 'DS Patel',
          actionDueOn: addCalendarDays(londonToday(), 14),
        },
      ),
    )
    const action = await t.database.owner
      .selectFrom('register_action')
      .select('id')
      .executeTakeFirstOrThrow()
    const lead = await as(t, 'agency-lead')
    expect((await lead.post(`/registers/actions/${action.id}/done`, {})).statusCode).toBe(403)
    expect(text((await worker.get(`/registers/exploitation/${cal.entryId}`)).body)).toContain(
      'Refer to the NRM DS Patel',
    )
    expect(location(await worker.post(`/registers/actions/${action.id}/done`, {}))).toBe(
      `/registers/exploitation/${cal.entryId}?saved=action`,
    )
    const entry = text(
      (await worker.get(`/registers/exploitation/${cal.entryId}?saved=action`)).body,
    )
    expect(entry).toContain('Action marked as done')
    expect(entry).toMatch(/Refer to the NRM DS Patel .+ Done .+ by Demo Social/i)
    const first = await t.database.owner
      .selectFrom('register_action')
      .select(['status', 'done_by', 'done_at'])
      .executeTakeFirstOrThrow()
    expect(first).toMatchObject({ status: 'done', done_by: t.userId('social-worker') })
    // A second click keeps the first person and time, and writes nothing.
    const manager = await as(t, 'front-door-manager')
    location(await manager.post(`/registers/actions/${action.id}/done`, {}))
    expect(
      await t.database.owner
        .selectFrom('register_action')
        .select(['status', 'done_by', 'done_at'])
        .executeTakeFirstOrThrow(),
    ).toEqual(first)
    const audit = await t.database.owner
      .selectFrom('audit_event')
      .select('action')
      .where('action', '=', 'register.panel.action-done')
      .execute()
    expect(audit).toHaveLength(1)
  })

  it('lands a missing panel’s action on the episode, where it can be marked done', async () => {
    await insertChild(t, 'MS001')
    const worker = await as(t, 'social-worker')
    const episode = location(
      await worker.post('/registers/missing', {
        laChildId: 'MS001',
        missingFrom: 'care',
        reportedOn: addCalendarDays(londonToday(), -3),
        reportedTime: '21:30',
        foundOn: '',
        foundTime: '',
        policeReference: 'P-1',
      }),
    ).split('?')[0]!
    const entryId = episode.split('/')[3]!
    const childId = (
      await t.database.owner.selectFrom('child').select('id').executeTakeFirstOrThrow()
    ).id as string
    const panel = await setUpPanel(t, 'Missing panel', 'missing')
    location(await worker.post(`/registers/panels/meetings/${panel.meetingId}/agenda`, { entryId }))
    location(
      await worker.post(
        `/registers/panels/meetings/${panel.meetingId}/children/${childId}/review`,
        {
          notes: 'Third episode this term.',
          riskLevelAfter: '',
          actionText: 'Offer a return home interview by an independent worker',
          actionOwner: 'Missing coordinator',
          actionDueOn: addCalendarDays(londonToday(), 7),
        },
      ),
    )
    expect(text((await worker.get(episode)).body)).toContain(
      'Offer a return home interview by an independent worker Missing coordinator',
    )
    const action = await t.database.owner
      .selectFrom('register_action')
      .select('id')
      .executeTakeFirstOrThrow()
    expect(location(await worker.post(`/registers/actions/${action.id}/done`, {}))).toBe(
      `${episode}?saved=action`,
    )
    expect(text((await worker.get(`${episode}?saved=action`)).body)).toContain(
      'Action marked as done',
    )
  })
})
