/**
 * A streaming XML tokenizer made for census returns, several times quicker than saxes on them:
 * it reads the UTF-8 bytes as they come (no decoding of the whole file), and a return's names
 * and values (element names, dates, codes) repeat, so each is made into a string once and
 * shared after that (`StringCache`).
 *
 * It is still a whole XML tokenizer for what a census may hold: attributes (read and ignored),
 * comments, CDATA, processing instructions and the predefined and numeric character references.
 * A DOCTYPE is refused (through `doctype`), so no entity can be declared, let alone expanded.
 * Anything not well formed is an error with its line. Memory is bounded: an unfinished token is
 * carried to the next chunk only up to `CENSUS_READ_LIMITS`.
 */
import { CENSUS_READ_LIMITS, CensusLimitError, formatCount } from './read-limits.js'
import { resolveReferences } from './xml-references.js'
import { StringCache } from './xml-strings.js'

export interface XmlTokenEvents {
  openTag(name: string): void
  closeTag(): void
  /** Text with at least one character that is not whitespace, references resolved. */
  text(text: string): void
  /** Whitespace only: `take()` gives it, made into a string only if the reader wants it. */
  blank(take: () => string): void
  doctype(): void
  /** Not well formed: the reader throws. */
  malformed(message: string): never
}

export interface XmlTokenizer {
  /** The line of the last character read, as saxes counts it. */
  readonly line: number
  write(chunk: Uint8Array): void
  close(): void
}

const LT = 60 // <
const GT = 62 // >
const SLASH = 47
const BANG = 33
const QUESTION = 63
const EQUALS = 61
const NEWLINE = 10
const UTF8_BOM = [0xef, 0xbb, 0xbf]

/** Longest unfinished token carried between chunks: a text or comment at the limit, or a tag. */
const CARRY_LIMIT = CENSUS_READ_LIMITS.textCharacters * 4 + 1024

export class CensusTokenizer implements XmlTokenizer {
  line = 1
  private carry: Buffer | undefined
  private readonly open: string[] = []
  private rootClosed = false
  private started = false
  private readonly strings = new StringCache()

  constructor(private readonly events: XmlTokenEvents) {}

  write(chunk: Uint8Array): void {
    let data = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength)
    if (this.carry !== undefined) data = Buffer.concat([this.carry, data])
    this.carry = undefined
    let start = 0
    if (!this.started) {
      if (data.length < 3 && data.every((byte, i) => byte === UTF8_BOM[i])) {
        this.carry = data
        return
      }
      this.started = true
      if (UTF8_BOM.every((byte, i) => data[i] === byte)) start = 3
    }
    const end = this.readTokens(data, start)
    if (end < data.length) {
      this.carry = Buffer.from(data.subarray(end))
      if (this.carry.length > CARRY_LIMIT) {
        throw new CensusLimitError(
          `a text, name or comment is longer than ${formatCount(CENSUS_READ_LIMITS.textCharacters)} characters`,
          this.line,
        )
      }
    }
  }

  close(): void {
    const rest = this.started ? this.carry : undefined
    this.carry = undefined
    if (rest !== undefined) {
      if (rest.includes(LT)) this.malformed('the file ends inside a tag')
      this.text(rest, 0, rest.length)
    }
    if (this.open.length > 0) this.malformed('the file ends before every element is closed')
  }

  /** Reads every whole token in `data`; returns where the first unfinished one starts. */
  private readTokens(data: Buffer, from: number): number {
    const length = data.length
    let pos = from
    while (pos < length) {
      if (data[pos] !== LT) {
        let lt = pos + 1
        while (lt < length && data[lt] !== LT) lt++
        if (lt === length) return pos
        this.text(data, pos, lt)
        pos = lt
        continue
      }
      if (pos + 1 >= length) return pos
      const next = data[pos + 1]
      const after =
        next === SLASH
          ? this.closeTag(data, pos)
          : next === BANG
            ? this.declaration(data, pos)
            : next === QUESTION
              ? this.skipPast(data, pos, '?>')
              : this.openTag(data, pos)
      if (after === -1) return pos
      pos = after
    }
    return pos
  }

  private text(data: Buffer, start: number, end: number): void {
    let line = this.line
    let blank = true
    for (let i = start; i < end; i++) {
      const c = data[i] as number
      if (c === NEWLINE) line++
      else if (c > 32) blank = false
    }
    this.line = line
    if (blank) {
      if (this.open.length > 0) this.events.blank(() => data.toString('latin1', start, end))
      return
    }
    if (this.open.length === 0) {
      this.malformed(
        this.rootClosed ? 'text after the root element' : 'text before the root element',
      )
    }
    const raw = this.strings.get(data, start, end)
    if (raw.includes(']]>')) this.malformed('the string "]]>" is not allowed in text')
    this.events.text(resolveReferences(raw, message => this.malformed(message)))
  }

  private openTag(data: Buffer, pos: number): number {
    let nameEnd = pos + 1
    while (nameEnd < data.length && !endsName(data[nameEnd] as number)) nameEnd++
    if (nameEnd >= data.length) return -1
    if (nameEnd === pos + 1 || !startsName(data[pos + 1] as number)) {
      this.malformed('a tag has no name, or a name that cannot start an element')
    }
    const close = data[nameEnd] === GT ? nameEnd : this.attributes(data, nameEnd)
    if (close === -1) return -1
    if (this.open.length === 0 && this.rootClosed) this.malformed('a second root element')
    const name = this.strings.get(data, pos + 1, nameEnd)
    this.events.openTag(name)
    this.open.push(name)
    if (data[close - 1] === SLASH) this.endElement()
    return close + 1
  }

  private closeTag(data: Buffer, pos: number): number {
    const close = data.indexOf(GT, pos + 2)
    if (close === -1) return -1
    this.countLines(data, pos, close)
    let nameEnd = pos + 2
    while (nameEnd < close && !endsName(data[nameEnd] as number)) nameEnd++
    const name = this.strings.get(data, pos + 2, nameEnd)
    const expected = this.open.at(-1)
    if (name !== expected || !isBlank(data, nameEnd, close)) {
      this.malformed(
        expected === undefined
          ? `unexpected close tag </${name}>`
          : `unexpected close tag </${name}>: <${expected}> is open`,
      )
    }
    this.endElement()
    return close + 1
  }

  private endElement(): void {
    this.events.closeTag()
    this.open.pop()
    if (this.open.length === 0) this.rootClosed = true
  }

  /** `<!--`, `<![CDATA[` and `<!DOCTYPE` (refused); -1 while it is unfinished. */
  private declaration(data: Buffer, pos: number): number {
    const rest = data.toString('latin1', pos, Math.min(data.length, pos + 9))
    if (rest.startsWith('<!--')) return this.skipPast(data, pos, '-->')
    if (rest === '<![CDATA[') {
      const close = data.indexOf(']]>', pos + 9)
      if (close === -1) return -1
      if (this.open.length === 0) this.malformed('CDATA outside the root element')
      this.countLines(data, pos, close)
      this.events.text(data.toString('utf8', pos + 9, close))
      return close + 3
    }
    if (rest === '<!DOCTYPE') {
      this.events.doctype()
      return pos + 9
    }
    if (rest.length < 9 && DECLARATIONS.some(prefix => prefix.startsWith(rest))) return -1
    return this.malformed('"<!" starts no comment, CDATA section or DOCTYPE')
  }

  private skipPast(data: Buffer, pos: number, terminator: string): number {
    const close = data.indexOf(terminator, pos + 2)
    if (close === -1) return -1
    this.countLines(data, pos, close)
    return close + terminator.length
  }

  /** Reads the attributes after a tag's name; returns where the tag's ">" is, or -1. */
  private attributes(data: Buffer, start: number): number {
    const seen = new Set<string>()
    let pos = start
    for (;;) {
      while (pos < data.length && isSpace(data[pos] as number)) pos++
      if (pos >= data.length) return -1
      const c = data[pos]
      if (c === GT || (c === SLASH && data[pos + 1] === GT)) break
      if (c === SLASH && pos + 1 >= data.length) return -1
      const valueEnd = this.attribute(data, pos, seen)
      if (valueEnd === -1) return -1
      if (seen.size > CENSUS_READ_LIMITS.attributesPerElement) {
        this.countLines(data, start, pos)
        throw new CensusLimitError(
          `an element has more than ${formatCount(CENSUS_READ_LIMITS.attributesPerElement)} attributes`,
          this.line,
        )
      }
      pos = valueEnd + 1
      const after = data[pos] as number
      if (pos < data.length && !isSpace(after) && after !== GT && after !== SLASH) {
        this.badAttribute(data, start, pos)
      }
    }
    const close = data[pos] === GT ? pos : pos + 1
    this.countLines(data, start, close)
    return close
  }

  /** One name="value" from `pos`; returns where its closing quote is, or -1 if unfinished. */
  private attribute(data: Buffer, pos: number, seen: Set<string>): number {
    let nameEnd = pos
    while (nameEnd < data.length && !endsAttributeName(data[nameEnd] as number)) nameEnd++
    let quote = nameEnd
    while (quote < data.length && isSpace(data[quote] as number)) quote++
    if (data[quote] === EQUALS) quote++
    else if (quote < data.length) this.badAttribute(data, pos, quote)
    while (quote < data.length && isSpace(data[quote] as number)) quote++
    if (quote >= data.length) return -1
    const mark = data[quote] as number
    if (mark !== 34 && mark !== 39) this.badAttribute(data, pos, quote)
    const valueEnd = data.indexOf(mark, quote + 1)
    if (valueEnd === -1) return -1
    const name = data.toString('utf8', pos, nameEnd)
    const value = data.subarray(quote + 1, valueEnd)
    if (name === '' || seen.has(name) || value.includes(LT)) this.badAttribute(data, pos, valueEnd)
    seen.add(name)
    return valueEnd
  }

  private badAttribute(data: Buffer, start: number, end: number): never {
    this.countLines(data, start, end)
    return this.malformed('an attribute is not written name="value", once per element')
  }

  private countLines(data: Buffer, start: number, end: number): void {
    let line = this.line
    for (let i = start; i < end; i++) if (data[i] === NEWLINE) line++
    this.line = line
  }

  private malformed(message: string): never {
    return this.events.malformed(message)
  }
}

const DECLARATIONS = ['<!--', '<![CDATA[', '<!DOCTYPE']

function isBlank(data: Buffer, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isSpace(data[i] as number)) return false
  return true
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13
}

function endsName(c: number): boolean {
  return c <= 32 || c === SLASH || c === GT
}

function endsAttributeName(c: number): boolean {
  return c <= 32 || c === EQUALS || c === GT || c === SLASH
}

function startsName(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 58 || c >= 128
}
