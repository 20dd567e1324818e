import { randomInt } from 'node:crypto'
import type { LightMyRequestResponse } from 'fastify'
import { withCookies, type TestApp } from '../../helpers/test-app.js'

export const CHILD = {
  givenName: 'Amira',
  familyName: 'Khan',
  'birthDate-day': '3',
  'birthDate-month': '4',
  'birthDate-year': '2018',
  approximateAge: '',
  address: '12 Mill Lane, Northbridge',
  postcode: 'NB1 2AB',
}
export const SECOND_CHILD = {
  givenName: 'Yusuf',
  familyName: 'Khan',
  approximateAge: '3',
  address: '12 Mill Lane, Northbridge',
}
export const FAMILY = {
  household: 'Mother, stepfather and a brother aged 3',
  parentsCarers: 'Sara Khan',
}
export const CONCERN = {
  concern: 'Bruises on both arms, seen at the park on several days.',
  'startedOn-day': '1',
  'startedOn-month': '9',
  'startedOn-year': '2025',
}
export const VOICE = {
  childSays: 'She said she is scared to go home.',
  childFeels: 'Quiet and withdrawn',
}
export const CONSENT = {
  consent: 'refused',
  refusedReason: 'Her mother said it is nobody’s business',
}
export const ABOUT_YOU = {
  anonymous: 'named',
  name: 'Pat Jones',
  relationship: 'Neighbour',
  email: 'pat.jones@example.com',
  phone: '01632 960 001',
}

/** A browser: its own cookies and its own address (so that rate limits do not meet). */
export class Visitor {
  cookie: string
  readonly ip = `10.${String(randomInt(256))}.${String(randomInt(256))}.${String(randomInt(1, 255))}`

  constructor(
    private readonly t: TestApp,
    cookie = '',
  ) {
    this.cookie = cookie
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    const response = await this.t.inject({
      method: 'GET',
      url,
      remoteAddress: this.ip,
      headers: this.cookie ? { cookie: this.cookie } : {},
    })
    this.cookie = withCookies(response, this.cookie)
    return response
  }

  async post(url: string, fields: Record<string, string>): Promise<LightMyRequestResponse> {
    const { cookie, token } = await this.t.csrf(this.cookie)
    const response = await this.t.inject({
      method: 'POST',
      url,
      remoteAddress: this.ip,
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ ...fields, _csrf: token }).toString(),
    })
    this.cookie = withCookies(response, cookie)
    return response
  }

  /** Posts and expects a redirect; returns where to. */
  async step(url: string, fields: Record<string, string>): Promise<string> {
    const response = await this.post(url, fields)
    if (response.statusCode !== 303) {
      throw new Error(`POST ${url} answered ${String(response.statusCode)}: ${response.body}`)
    }
    return String(response.headers.location)
  }
}

/** A member of the public, answered up to the check-your-answers page. */
export async function publicAnswers(t: TestApp, partnership = 'northbridge'): Promise<Visitor> {
  const visitor = new Visitor(t)
  await visitor.step('/report-a-concern/start', { partnership })
  await visitor.step('/report-a-concern/child/1', CHILD)
  await visitor.step('/report-a-concern/children', { another: 'no' })
  await visitor.step('/report-a-concern/family', FAMILY)
  await visitor.step('/report-a-concern/concern', CONCERN)
  await visitor.step('/report-a-concern/child-voice', VOICE)
  await visitor.step('/report-a-concern/consent', CONSENT)
  await visitor.step('/report-a-concern/about-you', ABOUT_YOU)
  return visitor
}

/** A whole public report, sent; returns the visitor and the reference on the confirmation. */
export async function sendPublicReport(t: TestApp, partnership = 'northbridge') {
  const visitor = await publicAnswers(t, partnership)
  await visitor.step('/report-a-concern/check-answers', { website: '' })
  const confirmation = await visitor.get('/report-a-concern/confirmation')
  const reference = /id="reference">([^<]+)</.exec(confirmation.body)?.[1] ?? ''
  return { visitor, reference }
}
