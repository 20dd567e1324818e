/**
 * Issue 17: the census's own tokenizer (`CensusTokenizer`) reads every return exactly as saxes,
 * the reference, does: the same records, schema issues and lines, the same findings, however the
 * file is cut into chunks; and it refuses what saxes refuses, at the same line.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { writeCensusXml } from '../../../src/modules/census/generate-xml.js'
import { validateCensus, type Finding } from '../../../src/modules/census/validator.js'
import {
  CensusFormatError,
  CensusLimitError,
  readCensus,
  type CensusEvent,
  type ReadOptions,
} from '../../../src/modules/census/xml-reader.js'
import { hasSharedData, SHARED_CIN_DIR, SHARED_SKIP_MESSAGE } from './helpers.js'

type Tokenizer = NonNullable<ReadOptions['tokenizer']>

function chunks(bytes: Buffer, size: number): Buffer[] {
  const parts: Buffer[] = []
  for (let i = 0; i < bytes.length; i += size) parts.push(bytes.subarray(i, i + size))
  return parts
}

async function events(bytes: Buffer, tokenizer: Tokenizer, size = 1 << 18) {
  const read: CensusEvent[] = []
  for await (const event of readCensus(chunks(bytes, size), { tokenizer })) read.push(event)
  return read
}

async function findings(bytes: Buffer, tokenizer: Tokenizer) {
  const found: Finding[] = []
  const run = validateCensus(readCensus(chunks(bytes, 1 << 16), { tokenizer }))
  let result = await run.next()
  while (!result.done) {
    found.push(result.value)
    result = await run.next()
  }
  return { found, summary: result.value }
}

async function generated(children: number, seed: number, breaches: number, referenceDate: string) {
  const out = new PassThrough()
  const parts: Buffer[] = []
  out.on('data', (part: Buffer) => parts.push(part))
  await writeCensusXml(out, { children, seed, breaches, referenceDate })
  out.end()
  return Buffer.concat(parts)
}

async function failure(bytes: Buffer, tokenizer: Tokenizer, size?: number) {
  const error = await events(bytes, tokenizer, size).then(
    () => undefined,
    (e: unknown) => e,
  )
  if (!(error instanceof CensusFormatError))
    throw new Error(`expected a refusal, got ${String(error)}`)
  return error
}

const RETURNS = [
  { children: 300, seed: 1, breaches: 0.3, referenceDate: '2025-03-31' },
  { children: 300, seed: 7, breaches: 0.5, referenceDate: '2024-03-31' },
  { children: 200, seed: 42, breaches: 0.1, referenceDate: '2023-03-31' },
  { children: 2000, seed: 2025, breaches: 0.02, referenceDate: '2025-03-31' },
]

describe('the census tokenizer against saxes', () => {
  it.each(RETURNS)(
    'reads a generated return ($children children, seed $seed) as saxes does, in any chunks',
    async options => {
      const bytes = await generated(
        options.children,
        options.seed,
        options.breaches,
        options.referenceDate,
      )
      const reference = await events(bytes, 'reference')
      expect(reference.filter(e => e.kind === 'child')).toHaveLength(options.children)
      expect(await events(bytes, 'fast')).toEqual(reference)
      expect(await events(bytes, 'fast', 997)).toEqual(reference)
      const fast = await findings(bytes, 'fast')
      expect(fast).toEqual(await findings(bytes, 'reference'))
      expect(fast.found.length).toBeGreaterThan(0)
    },
    120_000,
  )

  it.skipIf(!hasSharedData)(
    'reads every DfE fake file as saxes does, findings and all',
    async () => {
      const dir = join(SHARED_CIN_DIR, 'fake')
      const files = readdirSync(dir).filter(name => name.endsWith('.xml'))
      expect(files.length).toBeGreaterThan(5)
      for (const name of files) {
        const bytes = readFileSync(join(dir, name))
        const reference = await events(bytes, 'reference')
        expect({ name, events: await events(bytes, 'fast', 61) }).toEqual({
          name,
          events: reference,
        })
        expect({ name, ...(await findings(bytes, 'fast')) }).toEqual({
          name,
          ...(await findings(bytes, 'reference')),
        })
      }
    },
  )
  if (!hasSharedData) it.skip(SHARED_SKIP_MESSAGE, () => {})

  const CHILD = `<Child>\n<ChildIdentifiers><LAchildID>C&amp;1</LAchildID><Sex>F</Sex></ChildIdentifiers>\n</Child>`
  it.each([
    [
      'references, CDATA, comments and attributes',
      `<Message xmlns="urn:x" a='1'>\n<Children>\n<!-- a\ncomment -->${CHILD.replace('<Sex>F', '<Sex><![CDATA[F]]>')}<?pi x?></Children></Message>`,
    ],
    [
      'a byte order mark and Windows line ends',
      `\uFEFF<?xml version="1.0"?>\r\n<Message>\r\n<Children>\r\n${CHILD}</Children></Message>`,
    ],
    [
      'a value with two words and a comment inside',
      `<Message><Children><Child><ChildIdentifiers><LAchildID>A <!--x-->  B</LAchildID></ChildIdentifiers></Child></Children></Message>`,
    ],
    [
      'letters beyond ASCII',
      `<Message><Children><Child><ChildIdentifiers><LAchildID>Zoë&#233;&#x2603;</LAchildID></ChildIdentifiers></Child></Children></Message>`,
    ],
    [
      'stray text and self-closed elements',
      `<Message><Children>stray<Child><ChildIdentifiers><LAchildID/>x</ChildIdentifiers></Child></Children></Message>`,
    ],
  ])('reads %s as saxes does', async (_, xml) => {
    const bytes = Buffer.from(xml)
    const reference = await events(bytes, 'reference')
    for (const size of [1, 3, 64, bytes.length]) {
      expect(await events(bytes, 'fast', size)).toEqual(reference)
    }
  })

  it.each([
    ['a close tag that does not match', '<Message>\n<Children>\n</Child></Message>'],
    ['an undefined entity', '<Message>\n<Children>&nbsp;</Children></Message>'],
    ['a DOCTYPE', '<?xml version="1.0"?>\n<!DOCTYPE Message [<!ENTITY x "y">]><Message/>'],
    ['text after the root', '<Message></Message>\nmore'],
    ['a second root', '<Message></Message>\n<Message/>'],
    ['an attribute without quotes', '<Message>\n<Children a=1></Children></Message>'],
    ['a truncated file', '<Message>\n<Children>\n<Child><ChildIdentifiers>'],
    ['a file that ends inside a tag', '<Message></Message'],
  ])('refuses %s, at the line saxes gives', async (_, xml) => {
    const bytes = Buffer.from(xml)
    const reference = await failure(bytes, 'reference')
    for (const size of [1, bytes.length]) {
      const fast = await failure(bytes, 'fast', size)
      expect(fast.line).toBe(reference.line)
      expect(fast.message.slice(0, 30)).toBe(reference.message.slice(0, 30))
    }
  })

  it('stops at a text longer than the limit without holding it, however it is sent', async () => {
    const huge = Buffer.from(`<Message><Children>${'x'.repeat(200_000)}</Children></Message>`)
    const error = await failure(huge, 'fast', 1000)
    expect(error).toBeInstanceOf(CensusLimitError)
    expect(error.message).toMatch(/longer than 10,000 characters/)
  })
})
