/**
 * The census reader's first tokenizer, saxes, kept as the reference the quicker
 * `CensusTokenizer` is compared with (`reader: 'reference'`), and as a second opinion.
 */
import { SaxesParser } from 'saxes'
import { checkParserBuffers } from './read-limits.js'
import type { XmlTokenEvents, XmlTokenizer } from './xml-tokenizer.js'

export function saxesTokenizer(events: XmlTokenEvents): XmlTokenizer {
  const parser = new SaxesParser({ position: true })
  parser.on('error', error => events.malformed(plainSaxesMessage(error)))
  parser.on('doctype', () => events.doctype())
  parser.on('opentag', tag => events.openTag(tag.name))
  parser.on('text', text => {
    if (/\S/.test(text)) events.text(text)
    else events.blank(() => text)
  })
  parser.on('cdata', text => events.text(text))
  parser.on('closetag', () => events.closeTag())
  const decoder = new TextDecoder('utf-8', { fatal: false })
  const write = (text: string) => {
    parser.write(text)
    checkParserBuffers(parser)
  }
  return {
    get line() {
      return parser.line
    },
    write: chunk => write(decoder.decode(chunk, { stream: true })),
    close() {
      write(decoder.decode())
      parser.close()
    },
  }
}

function plainSaxesMessage(error: Error): string {
  // saxes prefixes "line:column: "; we add the line ourselves.
  return error.message.replace(/^\d+:\d+: /, '')
}
