/**
 * Writing the census return for a collection year from the partnership's records: every child
 * with a CIN episode open at some time in the year (1 April to 31 March), with those episodes.
 * Children are read a page at a time and written as they come, so memory stays flat.
 */
import { once } from 'node:events'
import type { Writable } from 'node:stream'
import { inPartnership, type Db } from '../../db/database.js'
import { recordAudit } from '../../platform/audit.js'
import { censusChildrenPage } from '../children/service.js'
import { childInYear } from './export-year.js'
import { childXml } from './xml-writer.js'
import { COLLECTION_YEARS, type CollectionYear } from './rules/rule-sets.js'
import { latestImportedLea } from './repo.js'

/** Years we can write: 2024-25 carries Sex, earlier years GenderCurrent. */
export const EXPORT_YEARS = COLLECTION_YEARS

export function yearDates(year: CollectionYear): { from: string; to: string } {
  const start = Number(year.slice(0, 4))
  return { from: `${start}-04-01`, to: `${start + 1}-03-31` }
}

export interface ExportInput {
  partnershipId: string
  userId: string | null
  year: CollectionYear
  /** Three-digit LA code for the header; by default the code of the partnership's latest import. */
  lea?: string
  requestId?: string | null
  now?: Date
}

const CHILDREN_PER_PAGE = 500

export async function exportCensus(
  db: Db,
  input: ExportInput,
  out: Writable,
): Promise<{ children: number }> {
  const { from, to } = yearDates(input.year)
  const useSex = input.year >= '2024-25'
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain')
  }
  // One read-only transaction, so the return is a consistent snapshot; then the audit event.
  return inPartnership(db, input, async trx => {
    const lea = input.lea ?? (await latestImportedLea(trx, input.partnershipId)) ?? '000'
    const dateTime = (input.now ?? new Date()).toISOString().slice(0, 19)
    await write(
      '<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n  <Header>\n    <CollectionDetails>\n' +
        `      <Collection>CIN</Collection>\n      <Year>${to.slice(0, 4)}</Year>\n` +
        `      <ReferenceDate>${to}</ReferenceDate>\n    </CollectionDetails>\n    <Source>\n` +
        `      <SourceLevel>L</SourceLevel>\n      <LEA>${lea}</LEA>\n` +
        '      <SoftwareCode>Keepsafe</SoftwareCode>\n      <Release>1</Release>\n' +
        `      <SerialNo>001</SerialNo>\n      <DateTime>${dateTime}</DateTime>\n` +
        '    </Source>\n  </Header>\n  <Children>\n',
    )
    let after: string | null = null
    let count = 0
    for (;;) {
      const page = await censusChildrenPage(trx, input.partnershipId, {
        from,
        to,
        after,
        limit: CHILDREN_PER_PAGE,
        useSex,
      })
      if (page.children.length === 0) break
      await write(page.children.map(child => childXml(childInYear(child, from))).join(''))
      count += page.children.length
      after = page.last
    }
    await write('  </Children>\n</Message>\n')
    await recordAudit(trx, {
      partnershipId: input.partnershipId,
      userId: input.userId,
      action: 'census.exported',
      resourceType: 'census',
      detail: { year: input.year, children: count },
      requestId: input.requestId ?? null,
    })
    return { children: count }
  })
}
