import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { toCsv } from '../../../src/platform/csv.js'
import type { TestApp } from '../../helpers/test-app.js'

const here = path.dirname(fileURLToPath(import.meta.url))
/** The seed fixtures live beside the repository, never inside it. */
export const FIXTURES = path.resolve(here, '../../../../shared/data/seed-fixtures')
export const HAS_FIXTURES = existsSync(FIXTURES)
export const SKIP_MESSAGE = `seed fixtures not found at ${FIXTURES}: these tests need ../shared beside the repository`

// eslint-disable-next-line @typescript-eslint/no-unnecessary-type-parameters -- the caller names the shape
export function fixture<T>(name: string): T {
  return JSON.parse(readFileSync(path.join(FIXTURES, name), 'utf8')) as T
}

export function csv(header: string[], rows: unknown[][]): string {
  return toCsv(header, rows)
}

/** POSTs a multipart upload with a valid CSRF token, as a browser's file upload form does. */
export async function upload(
  t: TestApp,
  url: string,
  filename: string,
  content: Buffer | string,
  cookie: string,
  fields: Record<string, string> = {},
) {
  const { cookie: jar, token } = await t.csrf(cookie)
  const boundary = `----keepsafe${Math.random().toString(16).slice(2)}`
  const payload = Buffer.concat([
    ...Object.entries({ _csrf: token, ...fields }).map(([name, value]) =>
      Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`,
      ),
    ),
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
    ),
    Buffer.isBuffer(content) ? content : Buffer.from(content),
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ])
  return t.inject({
    method: 'POST',
    url,
    headers: { cookie: jar, 'content-type': `multipart/form-data; boundary=${boundary}` },
    payload,
  })
}

/** Adds a body through its form and returns its id. */
export async function addBody(
  t: TestApp,
  cookie: string,
  fields: Record<string, string> = {},
): Promise<string> {
  const response = await t.postForm(
    '/governance/bodies',
    { name: 'Safeguarding Children Board', kind: 'board', activeFrom: '2010-04-01', ...fields },
    cookie,
  )
  const id = /\/governance\/bodies\/([0-9a-f-]{36})/.exec(response.headers.location ?? '')?.[1]
  if (response.statusCode !== 303 || !id) {
    throw new Error(`Body not added: ${response.statusCode} ${response.body.slice(0, 500)}`)
  }
  return id
}

/** Text of a page without tags, with whitespace collapsed, for assertions on what a person reads. */
export function visibleText(html: string): string {
  return html
    .replace(/<script[\s\S]*?<\/script>/g, '')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&#x27;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/\s+/g, ' ')
}

export function parseCsvText(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i += 1) {
    const char = text.charAt(i)
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"'
        i += 1
      } else if (char === '"') quoted = false
      else field += char
    } else if (char === '"') quoted = true
    else if (char === ',') {
      row.push(field)
      field = ''
    } else if (char === '\n') {
      row.push(field)
      rows.push(row)
      row = []
      field = ''
    } else if (char !== '\r') field += char
  }
  if (field || row.length) rows.push([...row, field])
  return rows
}
