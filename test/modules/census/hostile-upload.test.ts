/**
 * Issue 20.1: a hostile census file (millions of empty elements in one child, or nesting
 * thousands deep) is refused while it is read, in bounded memory, the server keeps answering,
 * and no upload is left in the temporary folder on any path.
 */
import { request as httpRequest } from 'node:http'
import { mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestApp } from '../../helpers/test-app.js'

const t = useTestApp()
const BOUNDARY = '----keepsafehostileboundary'
const MB = 1024 * 1024
const RSS_GROWTH_BOUND = 300 * MB

let uploadDir = ''
let savedTmpdir: string | undefined

beforeAll(() => {
  // Uploads go under os.tmpdir(), which follows TMPDIR: a folder of our own shows any leftover.
  savedTmpdir = process.env.TMPDIR
  uploadDir = mkdtempSync(join(tmpdir(), 'census-hostile-'))
  process.env.TMPDIR = uploadDir
})

afterAll(() => {
  if (savedTmpdir === undefined) delete process.env.TMPDIR
  else process.env.TMPDIR = savedTmpdir
  rmSync(uploadDir, { recursive: true, force: true })
})

type Shape = 'flat' | 'deep'

/** A census file of about `megabytes`, made as it is sent: one child with `<x/>` over and over, or `<a>` nested. */
async function* hostileFile(shape: Shape, megabytes: number): AsyncGenerator<Buffer> {
  yield Buffer.from(
    '<?xml version="1.0" encoding="UTF-8"?>\n<Message><Header></Header><Children>\n<Child>\n',
  )
  const piece = Buffer.from((shape === 'flat' ? '<x/>' : '<a>').repeat(MB / 4))
  for (let sent = 0; sent < megabytes * MB; sent += piece.length) yield piece
  yield Buffer.from('</Child></Children></Message>\n')
}

async function* multipartBody(token: string, file: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  yield Buffer.from(
    `--${BOUNDARY}\r\nContent-Disposition: form-data; name="_csrf"\r\n\r\n${token}\r\n` +
      `--${BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="hostile.xml"\r\nContent-Type: application/xml\r\n\r\n`,
  )
  yield* file
  yield Buffer.from(`\r\n--${BOUNDARY}--\r\n`)
}

/** Samples the resident set while `work` runs and returns its peak growth. */
async function peakRssGrowth<T>(work: Promise<T>): Promise<{ result: T; growth: number }> {
  global.gc?.()
  const baseline = process.memoryUsage().rss
  let peak = baseline
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss)
  }, 20)
  try {
    const result = await work
    peak = Math.max(peak, process.memoryUsage().rss)
    return { result, growth: peak - baseline }
  } finally {
    clearInterval(sampler)
  }
}

async function healthLatency(): Promise<number> {
  const started = performance.now()
  const response = await t.inject({ method: 'GET', url: '/healthz' })
  expect(response.statusCode).toBe(200)
  return performance.now() - started
}

async function expectNoUploadLeft(): Promise<void> {
  for (let i = 0; i < 100 && readdirSync(uploadDir).length > 0; i++) {
    await new Promise(resolve => setTimeout(resolve, 50))
  }
  expect(readdirSync(uploadDir)).toEqual([])
}

async function postHostile(url: string, shape: Shape, megabytes: number) {
  const cookie = await t.signInAs('analyst')
  const { cookie: jar, token } = await t.csrf(cookie)
  return t.inject({
    method: 'POST',
    url,
    headers: { cookie: jar, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    payload: Readable.from(multipartBody(token, hostileFile(shape, megabytes))),
  })
}

describe('hostile census uploads', () => {
  it.each([
    ['flat', 30, 'a <Child> (opened on line 3) has more than 10,000 elements'],
    ['deep', 20, 'elements are nested more than 32 deep'],
  ] as const)(
    'refuses a %s file of %i MB at validation while it reads, in bounded memory, answering others',
    async (shape, megabytes, reason) => {
      const cookie = await t.signInAs('analyst')
      const posting = postHostile('/census/validate', shape, megabytes)
      const latencies: number[] = []
      const { result: response, growth } = await peakRssGrowth(
        (async () => {
          latencies.push(await healthLatency())
          const answered = await posting
          latencies.push(await healthLatency())
          return answered
        })(),
      )
      expect(response.statusCode).toBe(303)
      const report = await t.inject({
        method: 'GET',
        url: response.headers.location ?? '',
        headers: { cookie },
      })
      const page = report.body.replaceAll('&lt;', '<').replaceAll('&gt;', '>')
      expect(page).toContain('The file could not be read')
      expect(page).toContain(`The file stops being read at line 4: ${reason}`)
      expect(growth).toBeLessThan(RSS_GROWTH_BOUND)
      // A correctness bound (other requests are answered), not a benchmark.
      for (const latency of latencies) expect(latency).toBeLessThan(5000)
      await expectNoUploadLeft()
    },
  )

  it('refuses the same file at import, with nothing imported and no upload left', async () => {
    const { result: response, growth } = await peakRssGrowth(
      postHostile('/census/import', 'flat', 20),
    )
    expect(response.statusCode).toBe(303)
    const id = /\/census\/imports\/([\w-]+)$/.exec(response.headers.location ?? '')?.[1] ?? ''
    let row = await importRow(id)
    for (let i = 0; i < 400 && row.status === 'running'; i++) {
      await new Promise(resolve => setTimeout(resolve, 25))
      row = await importRow(id)
    }
    expect(row.status).toBe('failed')
    expect(JSON.stringify(row.problems)).toContain(
      'The file stops being read at line 4: a <Child> (opened on line 3) has more than 10,000 elements',
    )
    expect(growth).toBeLessThan(RSS_GROWTH_BOUND)
    const children = await t.database.owner
      .selectFrom('child')
      .select(eb => eb.fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow()
    expect(Number(children.n)).toBe(0)
    await expectNoUploadLeft()
  })

  it('removes the upload when the client goes away half way through sending it', async () => {
    const cookie = await t.signInAs('analyst')
    const { cookie: jar, token } = await t.csrf(cookie)
    await t.app.listen({ port: 0, host: '127.0.0.1' })
    const address = t.app.server.address()
    const port = typeof address === 'object' && address ? address.port : 0
    const request = httpRequest({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/census/validate',
      headers: { cookie: jar, 'content-type': `multipart/form-data; boundary=${BOUNDARY}` },
    })
    let failure = ''
    request.on('error', error => {
      failure = error.message
    })
    let answer = 'none'
    request.on('response', response => {
      answer = String(response.statusCode)
    })
    // Four megabytes of a well-formed file and then nothing: the server has read all of it and waits
    // for the rest. On a loaded machine the first megabytes can take many seconds to reach the
    // multipart parser, so the test waits (up to two minutes) for the upload to appear rather than
    // racing the sending against a clock.
    for await (const piece of multipartBody(token, hostileFile('flat', 4))) {
      if (piece.toString('latin1').includes('</Child>')) break
      if (request.write(piece)) continue
      await new Promise(resolve => {
        request.once('drain', resolve)
        request.once('close', resolve)
      })
    }
    try {
      const deadline = Date.now() + 60_000
      while (readdirSync(uploadDir).length === 0 && Date.now() < deadline && answer === 'none') {
        if (failure) break
        await new Promise(resolve => setTimeout(resolve, 50))
      }
      expect({
        files: readdirSync(uploadDir).length,
        answer,
        failure,
        uploadsGoTo: tmpdir(),
      }).toEqual({ files: 1, answer: 'none', failure: '', uploadsGoTo: uploadDir })
    } finally {
      request.destroy()
    }
    await expectNoUploadLeft()
  }, 180_000)
})

function importRow(id: string) {
  return t.database.owner
    .selectFrom('census_import')
    .select(['status', 'problems'])
    .where('id', '=', id)
    .executeTakeFirstOrThrow()
}
