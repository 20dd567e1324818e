/**
 * Streaming reader for CIN census XML (any schema year 2017 to 2025/26).
 *
 * The file is tokenized one chunk at a time (by `CensusTokenizer`, or saxes as the reference);
 * each `<Child>` is built as a small tree,
 * turned into a typed record, yielded and forgotten, so memory stays flat however large the
 * file. Problems that make the file unreadable (not XML, wrong root element, a DOCTYPE, a
 * truncated file) throw `CensusFormatError`; departures from the schema that still leave a
 * usable record (an unknown element, an impossible date, an unknown code, a repeated child ID)
 * are yielded as issues with their line, and validation carries on.
 */
import { createReadStream } from 'node:fs'
import type { CensusChild, CensusHeader } from './model.js'
import {
  CENSUS_READ_LIMITS,
  CensusFormatError,
  CensusLimitError,
  formatCount,
} from './read-limits.js'
import { clip, toChild, toHeader, type IssueSink, type XmlNode } from './xml-records.js'
import { saxesTokenizer } from './xml-saxes.js'
import { CensusTokenizer, type XmlTokenEvents, type XmlTokenizer } from './xml-tokenizer.js'

export interface ReadIssue {
  line: number
  message: string
}

export type CensusEvent =
  | { kind: 'header'; header: CensusHeader }
  | { kind: 'child'; child: CensusChild }
  | { kind: 'issue'; issue: ReadIssue }

export { CENSUS_READ_LIMITS, CensusFormatError, CensusLimitError } from './read-limits.js'

type TextSource = AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>

export interface ReadOptions {
  /** 'fast' (the default) tokenizes with `CensusTokenizer`; 'reference' with saxes. */
  tokenizer?: 'fast' | 'reference'
}

/** Reads a census file from disk; see `readCensus`. */
export function readCensusFile(path: string, options?: ReadOptions): AsyncGenerator<CensusEvent> {
  return readCensus(openFile(path), options)
}

/** Reads census XML from any source of text or bytes (a file stream, an upload, a string). */
export async function* readCensus(
  source: TextSource,
  options?: ReadOptions,
): AsyncGenerator<CensusEvent> {
  for await (const batch of readCensusBatches(source, options)) yield* batch
}

export function readCensusFileBatches(
  path: string,
  options?: ReadOptions,
): AsyncGenerator<CensusEvent[]> {
  return readCensusBatches(openFile(path), options)
}

/** As `readCensus`, but yields the events of each chunk together: one await per chunk. */
export async function* readCensusBatches(
  source: TextSource,
  options: ReadOptions = {},
): AsyncGenerator<CensusEvent[]> {
  const reader = new CensusXmlReader(options.tokenizer ?? 'fast')
  for await (const chunk of source) {
    reader.write(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk)
    yield reader.drain()
  }
  reader.close()
  yield reader.drain()
}

function openFile(path: string) {
  return createReadStream(path, { highWaterMark: 1 << 18 })
}

/** A node being built, or a marker for an element outside any Header or Child we keep. */
type OpenElement = { node: XmlNode } | { name: string; line: number }

class CensusXmlReader {
  private readonly parser: XmlTokenizer
  private readonly pending: CensusEvent[] = []
  private readonly open: OpenElement[] = []
  private readonly seenChildIds = new Map<string, number>()
  private started = false
  private sawRoot = false
  /** Elements in the Header or Child being built, itself included. */
  private recordElements = 0

  private readonly startDecoder = new TextDecoder()

  constructor(private readonly tokenizer: 'fast' | 'reference') {
    const events: XmlTokenEvents = {
      malformed: message => {
        throw new CensusFormatError(`The XML is not well formed: ${message}`, this.parser.line)
      },
      doctype: () => {
        // A DOCTYPE is the only way to declare entities; refusing it refuses external entities
        // (XXE) and entity expansion ("billion laughs") alike. Census files never need one.
        throw new CensusFormatError(
          'A DOCTYPE declaration is not allowed in a census file (external entities and entity expansion are refused)',
          this.parser.line,
        )
      },
      openTag: name => this.openTag(name),
      text: text => this.addText(text),
      blank: take => this.addBlank(take),
      closeTag: () => this.closeTag(),
    }
    this.parser = tokenizer === 'fast' ? new CensusTokenizer(events) : saxesTokenizer(events)
  }

  write(chunk: Uint8Array): void {
    if (!this.started) {
      const start = this.startDecoder.decode(chunk, { stream: true }).trimStart()
      if (start === '') {
        // The fast tokenizer counts these lines, and finishes a byte order mark cut in two.
        if (this.tokenizer === 'fast') this.parser.write(chunk)
        return
      }
      this.started = true
      if (!start.startsWith('<')) {
        throw new CensusFormatError('This is not an XML file: it does not start with "<"', 1)
      }
    }
    this.parser.write(chunk)
  }

  close(): void {
    if (!this.started) throw new CensusFormatError('The file is empty')
    const innermost = this.open.at(-1)
    if (innermost) {
      const name = 'node' in innermost ? innermost.node.name : innermost.name
      throw new CensusFormatError(
        `The file ends before <${name}> (opened on line ${lineOf(innermost)}) is closed: it looks truncated`,
        this.parser.line,
      )
    }
    this.parser.close()
    if (!this.sawRoot) throw new CensusFormatError('The file has no root element')
  }

  drain(): CensusEvent[] {
    return this.pending.splice(0)
  }

  private openTag(tagName: string): void {
    const name = localName(tagName)
    const line = this.parser.line
    const depth = this.open.length
    const parent = this.open.at(-1)
    if (depth >= CENSUS_READ_LIMITS.depth) {
      throw new CensusLimitError(
        `elements are nested more than ${CENSUS_READ_LIMITS.depth} deep`,
        line,
      )
    }
    if (depth === 0) {
      this.sawRoot = true
      if (name !== 'Message') {
        throw new CensusFormatError(
          `The root element is <${name}>, not <Message>: this is not a CIN census file`,
          line,
        )
      }
      this.open.push({ name, line })
      return
    }
    if (parent && 'node' in parent) {
      this.countRecordElement(line)
      const node = { name, line, text: '', children: [] }
      parent.node.children.push(node)
      this.open.push({ node })
      return
    }
    const parentName = parent && 'name' in parent ? parent.name : ''
    const isHeader = depth === 1 && name === 'Header'
    const isChild = depth === 2 && parentName === 'Children' && name === 'Child'
    if (isHeader || isChild) {
      this.recordElements = 1
      this.open.push({ node: { name, line, text: '', children: [] } })
      return
    }
    const expected = depth === 1 ? name === 'Children' : false
    if (!expected) this.issue(line, `Unexpected element <${name}> in <${parentName}>`)
    this.open.push({ name, line })
  }

  private countRecordElement(line: number): void {
    this.recordElements += 1
    if (this.recordElements <= CENSUS_READ_LIMITS.elementsPerRecord) return
    const record = this.open.find(element => 'node' in element)
    const what = record && 'node' in record ? record.node : undefined
    throw new CensusLimitError(
      `a <${what?.name ?? 'Child'}> (opened on line ${what?.line ?? line}) has more than ${formatCount(CENSUS_READ_LIMITS.elementsPerRecord)} elements`,
      line,
    )
  }

  private addText(text: string): void {
    const current = this.open.at(-1)
    if (current && 'node' in current) {
      // Indentation between elements is most of the text in a return: skip it cheaply.
      if (current.node.text === '' && !NOT_WHITESPACE.test(text)) return
      if (current.node.text.length + text.length > CENSUS_READ_LIMITS.textCharacters) {
        throw new CensusLimitError(
          `the text of <${current.node.name}> is longer than ${formatCount(CENSUS_READ_LIMITS.textCharacters)} characters`,
          this.parser.line,
        )
      }
      current.node.text += text
    } else if (text.trim() !== '') {
      this.issue(this.parser.line, `Unexpected text "${clip(text.trim())}"`)
    }
  }

  /** Whitespace matters only inside a value that has begun, as in "two  words". */
  private addBlank(take: () => string): void {
    const current = this.open.at(-1)
    if (current && 'node' in current && current.node.text !== '') this.addText(take())
  }

  private closeTag(): void {
    const closed = this.open.pop()
    if (!closed || !('node' in closed)) return
    if (this.open.at(-1) && 'node' in (this.open.at(-1) as OpenElement)) return
    const node = closed.node
    if (node.name === 'Header') {
      this.pending.push({ kind: 'header', header: toHeader(node, this.issues()) })
    } else {
      const child = toChild(node, this.issues())
      this.noteChildId(child)
      this.pending.push({ kind: 'child', child })
    }
  }

  private noteChildId(child: CensusChild): void {
    const id = child.identifiers.laChildId
    if (id === undefined) return
    const firstLine = this.seenChildIds.get(id)
    if (firstLine === undefined) {
      this.seenChildIds.set(id, child.line)
    } else {
      this.issue(
        child.line,
        `Duplicate LAchildID "${id}": the same ID is on the child at line ${firstLine}`,
      )
    }
  }

  private issues(): IssueSink {
    return (line, message) => this.issue(line, message)
  }

  private issue(line: number, message: string): void {
    this.pending.push({ kind: 'issue', issue: { line, message } })
  }
}

const NOT_WHITESPACE = /\S/

function lineOf(element: OpenElement): number {
  return 'node' in element ? element.node.line : element.line
}

function localName(name: string): string {
  const colon = name.indexOf(':')
  return colon === -1 ? name : name.slice(colon + 1)
}
