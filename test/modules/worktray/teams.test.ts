import { describe, expect, it } from 'vitest'
import { useTestApp } from '../../helpers/test-app.js'
import { auditOf, insertReferral, insertTeam } from './helpers.js'

const t = useTestApp()

function teamRows() {
  return t.database.owner.selectFrom('team').selectAll().orderBy('name').execute()
}

describe('teams', () => {
  it('creates a team with an agency, audited, and shows it in the list', async () => {
    const cookie = await t.signInAs('partnership-admin')
    const police = t.northbridge.agencyIds[1]!
    const response = await t.postForm('/teams', { name: ' MASH team A ', agencyId: police }, cookie)
    const team = (await teamRows())[0]!
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe(`/teams/${team.id}`)
    expect(team).toMatchObject({ name: 'MASH team A', agency_id: police, is_active: true })
    const event = (await auditOf(t, 'team.created'))[0]!
    expect(event).toMatchObject({ resource_id: team.id, user_id: t.userId('partnership-admin') })
    const list = await t.inject({ method: 'GET', url: '/teams', headers: { cookie } })
    expect(list.body).toContain('MASH team A')
    expect(list.body).toContain('Northbridge Police')
  })

  it('refuses an empty name, a duplicate name and another partnership’s agency with 400', async () => {
    const cookie = await t.signInAs('front-door-manager')
    await insertTeam(t, 'Assessment team')
    const empty = await t.postForm('/teams', { name: '  ' }, cookie)
    expect(empty.statusCode).toBe(400)
    expect(empty.body).toContain('Enter the team’s name')
    const duplicate = await t.postForm('/teams', { name: 'assessment TEAM' }, cookie)
    expect(duplicate.statusCode).toBe(400)
    expect(duplicate.body).toContain('A team with this name already exists')
    const foreign = await t.postForm(
      '/teams',
      { name: 'New team', agencyId: t.southbridge.agencyIds[0]! },
      cookie,
    )
    expect(foreign.statusCode).toBe(400)
    expect(foreign.body).toContain('Select the team’s agency from the list')
    expect(await teamRows()).toHaveLength(1)
  })

  it('adds and removes members of the partnership, audited', async () => {
    const cookie = await t.signInAs('partnership-admin')
    const teamId = await insertTeam(t, 'Child protection team')
    const worker = t.userId('social-worker')
    const added = await t.postForm(`/teams/${teamId}/members`, { userId: worker }, cookie)
    expect(added.statusCode).toBe(303)
    const page = await t.inject({ method: 'GET', url: `/teams/${teamId}`, headers: { cookie } })
    expect(page.body).toContain('Demo Social Worker')

    const again = await t.postForm(`/teams/${teamId}/members`, { userId: worker }, cookie)
    expect(again.statusCode).toBe(400)
    expect(again.body).toContain('already in the team')

    const outsider = await t.postForm(
      `/teams/${teamId}/members`,
      { userId: t.userId('social-worker', t.southbridge) },
      cookie,
    )
    expect(outsider.statusCode).toBe(400)
    expect(outsider.body).toContain('Select a person who works in the partnership')

    const removed = await t.postForm(`/teams/${teamId}/members/${worker}/remove`, {}, cookie)
    expect(removed.statusCode).toBe(303)
    expect(await t.database.owner.selectFrom('team_member').selectAll().execute()).toHaveLength(0)
    expect(await auditOf(t, 'team.member-added')).toHaveLength(1)
    expect(await auditOf(t, 'team.member-removed')).toHaveLength(1)
  })

  it('deactivates a team: it takes no new members, and reactivates', async () => {
    const cookie = await t.signInAs('front-door-manager')
    const teamId = await insertTeam(t, 'Old team')
    expect((await t.postForm(`/teams/${teamId}/deactivate`, {}, cookie)).statusCode).toBe(303)
    expect((await teamRows())[0]).toMatchObject({ is_active: false })
    const add = await t.postForm(
      `/teams/${teamId}/members`,
      { userId: t.userId('social-worker') },
      cookie,
    )
    expect(add.statusCode).toBe(400)
    expect(add.body).toContain('The team is inactive')
    expect((await t.postForm(`/teams/${teamId}/reactivate`, {}, cookie)).statusCode).toBe(303)
    expect((await teamRows())[0]).toMatchObject({ is_active: true })
    expect(await auditOf(t, 'team.deactivated')).toHaveLength(1)
  })

  it('answers 404 for another partnership’s team', async () => {
    const cookie = await t.signInAs('partnership-admin')
    const theirs = await insertTeam(t, 'Their team', [], t.southbridge)
    const page = await t.inject({ method: 'GET', url: `/teams/${theirs}`, headers: { cookie } })
    expect(page.statusCode).toBe(404)
    const post = await t.postForm(`/teams/${theirs}/deactivate`, {}, cookie)
    expect(post.statusCode).toBe(404)
    const add = await t.postForm(
      `/teams/${theirs}/members`,
      { userId: t.userId('social-worker') },
      cookie,
    )
    expect(add.statusCode).toBe(404)
    expect(
      (
        await t.database.owner
          .selectFrom('team')
          .selectAll()
          .where('id', '=', theirs)
          .executeTakeFirstOrThrow()
      ).is_active,
    ).toBe(true)
  })

  it('refuses people without the team permission', async () => {
    const cookie = await t.signInAs('social-worker')
    expect((await t.inject({ method: 'GET', url: '/teams', headers: { cookie } })).statusCode).toBe(
      403,
    )
    expect((await t.postForm('/teams', { name: 'Sneaky' }, cookie)).statusCode).toBe(403)
    expect(await teamRows()).toHaveLength(0)
  })
})

describe('allocating a referral', () => {
  it('allocates a worker and a team, audited, and the referral page says so', async () => {
    const cookie = await t.signInAs('front-door-practitioner')
    const referralId = await insertReferral(t)
    const worker = t.userId('social-worker')
    const teamId = await insertTeam(t, 'Assessment team')
    const form = await t.inject({
      method: 'GET',
      url: `/referrals/${referralId}/allocation`,
      headers: { cookie },
    })
    expect(form.statusCode).toBe(200)
    expect(form.body).toContain('Assessment team')

    const response = await t.postForm(
      `/referrals/${referralId}/allocation`,
      { allocatedTo: worker, teamId },
      cookie,
    )
    expect(response.statusCode).toBe(303)
    expect(response.headers.location).toBe(
      `/referrals/${referralId}?notice=referral-allocated#allocation`,
    )
    const referral = await t.database.owner
      .selectFrom('referral')
      .select(['allocated_to', 'team_id'])
      .executeTakeFirstOrThrow()
    expect(referral).toEqual({ allocated_to: worker, team_id: teamId })
    const event = (await auditOf(t, 'referral.allocated'))[0]!
    expect(event.fields).toEqual({
      allocatedTo: { from: null, to: worker },
      teamId: { from: null, to: teamId },
    })
    const page = await t.inject({
      method: 'GET',
      url: `/referrals/${referralId}`,
      headers: { cookie },
    })
    expect(page.body).toContain('This referral is allocated to a worker and to a team')
    expect(page.body).toContain(`/referrals/${referralId}/allocation`)
  })

  it('refuses a worker of another partnership, a disabled worker and an inactive team', async () => {
    const cookie = await t.signInAs('front-door-manager')
    const referralId = await insertReferral(t)
    const outsider = await t.postForm(
      `/referrals/${referralId}/allocation`,
      { allocatedTo: t.userId('social-worker', t.southbridge) },
      cookie,
    )
    expect(outsider.statusCode).toBe(400)
    expect(outsider.body).toContain('Select a front door or social work worker of the partnership')

    // Only front door and social work roles work referrals (issue 19).
    const boardMember = await t.postForm(
      `/referrals/${referralId}/allocation`,
      { allocatedTo: t.userId('board-member') },
      cookie,
    )
    expect(boardMember.statusCode).toBe(400)
    const offered = await t.inject({
      method: 'GET',
      url: `/referrals/${referralId}/allocation`,
      headers: { cookie },
    })
    expect(offered.body).toContain('Demo Social Worker')
    expect(offered.body).not.toContain('Demo Board Member')

    await t.database.owner
      .updateTable('app_user')
      .set({ disabled_at: new Date() })
      .where('id', '=', t.userId('social-worker'))
      .execute()
    const disabled = await t.postForm(
      `/referrals/${referralId}/allocation`,
      { allocatedTo: t.userId('social-worker') },
      cookie,
    )
    expect(disabled.statusCode).toBe(400)

    const teamId = await insertTeam(t, 'Closed team')
    await t.database.owner.updateTable('team').set({ is_active: false }).execute()
    const inactive = await t.postForm(`/referrals/${referralId}/allocation`, { teamId }, cookie)
    expect(inactive.statusCode).toBe(400)
    expect(inactive.body).toContain('Select an active team of the partnership')

    const nothing = await t.postForm(`/referrals/${referralId}/allocation`, {}, cookie)
    expect(nothing.statusCode).toBe(400)
    expect(nothing.body).toContain('Select a worker, a team or both')

    const referral = await t.database.owner
      .selectFrom('referral')
      .select(['allocated_to', 'team_id'])
      .executeTakeFirstOrThrow()
    expect(referral).toEqual({ allocated_to: null, team_id: null })
    expect(await auditOf(t, 'referral.allocated')).toHaveLength(0)
  })

  it('answers 404 for another partnership’s referral and 403 for a referrer', async () => {
    const theirs = await insertReferral(t, {}, t.southbridge)
    const manager = await t.signInAs('front-door-manager')
    const response = await t.postForm(
      `/referrals/${theirs}/allocation`,
      { allocatedTo: t.userId('social-worker') },
      manager,
    )
    expect(response.statusCode).toBe(404)
    const referrer = await t.signInAs('referrer')
    const mine = await insertReferral(t)
    const refused = await t.postForm(
      `/referrals/${mine}/allocation`,
      { allocatedTo: t.userId('social-worker') },
      referrer,
    )
    expect(refused.statusCode).toBe(403)
  })
})
