/** The census reader's errors, and the limits that stop a hostile file growing memory. */
import type { SaxesParser } from 'saxes'

export class CensusFormatError extends Error {
  constructor(
    message: string,
    readonly line?: number,
    lineInMessage = line !== undefined,
  ) {
    super(lineInMessage ? `line ${line}: ${message}` : message)
    this.name = 'CensusFormatError'
  }
}
/**
 * What one file may hold before reading stops. A real return nests 7 deep, holds a few hundred
 * elements in its largest child and values of a few dozen characters; these bounds are far above
 * that and keep a hostile file (millions of empty elements in one child, deep nesting, a huge
 * text or attribute list) from growing memory: the reader holds at most one record's tree.
 */
export const CENSUS_READ_LIMITS = {
  depth: 32,
  elementsPerRecord: 10_000,
  textCharacters: 10_000,
  attributesPerElement: 100,
} as const

/** A file that goes past one of `CENSUS_READ_LIMITS`: reading stops at that line. */
export class CensusLimitError extends CensusFormatError {
  constructor(reason: string, line: number) {
    super(`The file stops being read at line ${line}: ${reason}`, line, false)
    this.name = 'CensusLimitError'
  }
}

/** The buffers saxes (6.x) fills between callbacks; read only to bound them. */
interface SaxesBuffers {
  text?: string
  name?: string
  piTarget?: string
  attribList?: unknown[]
}

/**
 * saxes gathers a text, comment, name or attribute list whole before it calls the reader back,
 * so its buffers are checked after each chunk: as a chunk is small, they never grow past a limit
 * by more than one chunk.
 */
export function checkParserBuffers(parser: SaxesParser): void {
  const buffers = parser as unknown as SaxesBuffers
  const longest = Math.max(
    buffers.text?.length ?? 0,
    buffers.name?.length ?? 0,
    buffers.piTarget?.length ?? 0,
  )
  if (longest > CENSUS_READ_LIMITS.textCharacters) {
    throw new CensusLimitError(
      `a text, name or comment is longer than ${formatCount(CENSUS_READ_LIMITS.textCharacters)} characters`,
      parser.line,
    )
  }
  if ((buffers.attribList?.length ?? 0) > CENSUS_READ_LIMITS.attributesPerElement) {
    throw new CensusLimitError(
      `an element has more than ${formatCount(CENSUS_READ_LIMITS.attributesPerElement)} attributes`,
      parser.line,
    )
  }
}

export function formatCount(count: number): string {
  return count.toLocaleString('en-GB')
}
