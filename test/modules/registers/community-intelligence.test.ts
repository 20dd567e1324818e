import { describe, expect, it } from 'vitest'
import { REPORTS_PER_HOUR } from '../../../src/modules/registers/community-intelligence/routes.js'
import { useTestApp } from '../../helpers/test-app.js'
import { Visitor, as, location, text } from './helpers.js'

const t = useTestApp()

const report = (extra: Record<string, string> = {}) => ({
  partnership: 'northbridge',
  about: 'place',
  location: 'The flat above the takeaway on Mill Road',
  description: 'Young teenagers going in and out late at night; a grey car waits outside.',
  contact: '',
  ...extra,
})

describe('community intelligence', () => {
  it('takes information from the public without a named child, into the exploitation team’s queue', async () => {
    const publicVisitor = new Visitor(t)
    expect((await publicVisitor.get('/share-information-about-exploitation')).statusCode).toBe(200)
    expect(
      location(await publicVisitor.post('/share-information-about-exploitation', report())),
    ).toBe('/share-information-about-exploitation/sent')
    const worker = await as(t, 'social-worker')
    const queue = text((await worker.get('/registers/intelligence')).body)
    expect(queue).toContain(
      'A place (a house, a shop, a park) The flat above the takeaway on Mill Road Young teenagers going in and out late at night',
    )
    const row = await t.database.owner
      .selectFrom('community_intelligence')
      .select(['id', 'partnership_id'])
      .executeTakeFirstOrThrow()
    expect(row.partnership_id).toBe(t.northbridge.id)
    location(await worker.post(`/registers/intelligence/${row.id as string}/reviewed`, {}))
    expect(text((await worker.get('/registers/intelligence')).body)).toContain(
      'There is no community intelligence to show.',
    )
    const other = await as(t, 'social-worker', t.southbridge)
    expect(text((await other.get('/registers/intelligence?show=all')).body)).toContain(
      'There is no community intelligence to show.',
    )
  })

  it('refuses a missing description and a filled-in honeypot, storing nothing', async () => {
    const visitor = new Visitor(t)
    const empty = await visitor.post(
      '/share-information-about-exploitation',
      report({ description: '' }),
    )
    expect(empty.statusCode).toBe(400)
    expect(text(empty.body)).toContain('Enter what you have seen or heard')
    const bot = await visitor.post(
      '/share-information-about-exploitation',
      report({ website: 'http://spam.example' }),
    )
    expect(bot.statusCode).toBe(400)
    expect(
      await t.database.owner.selectFrom('community_intelligence').select('id').execute(),
    ).toEqual([])
  })

  it('limits how often one address can send', async () => {
    const visitor = new Visitor(t)
    for (let i = 0; i < REPORTS_PER_HOUR; i++)
      expect(
        (await visitor.post('/share-information-about-exploitation', report())).statusCode,
      ).toBe(303)
    expect((await visitor.post('/share-information-about-exploitation', report())).statusCode).toBe(
      429,
    )
  })

  it('keeps the queue from referrers and panel members', async () => {
    for (const role of ['referrer', 'agency-lead'] as const)
      expect((await (await as(t, role)).get('/registers/intelligence')).statusCode).toBe(403)
  })
})
