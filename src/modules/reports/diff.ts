import { formatCell, type ContentSection, type ReportContent } from './content.js'

export interface SectionChange {
  title: string
  change: 'added' | 'removed' | 'changed' | 'unchanged'
  details: string[]
}

const MAX_DETAILS = 20

function tableChanges(before: ContentSection, after: ContentSection): string[] {
  const details: string[] = []
  after.tables.forEach((table, t) => {
    const old = before.tables[t]
    if (!old) return void details.push(`New table: ${table.caption}`)
    table.rows.forEach((row, r) => {
      const oldRow = old.rows.find(o => o.label === row.label) ?? old.rows[r]
      row.cells.forEach((cell, c) => {
        const was = oldRow ? formatCell(oldRow.cells[c] ?? null) : ''
        const now = formatCell(cell)
        if (was !== now)
          details.push(
            `${table.caption}, ${row.label}, ${table.head[c + 1] ?? ''}: ${was || 'blank'} → ${now || 'blank'}`,
          )
      })
    })
  })
  if (before.tables.length > after.tables.length) details.push('A table was removed')
  return details
}

/** A per-section comparison of two versions of a report (published first, later second). */
export function diffContents(before: ReportContent, after: ReportContent): SectionChange[] {
  const changes: SectionChange[] = []
  for (const section of after.sections) {
    const old = before.sections.find(s => s.id === section.id)
    if (!old) {
      changes.push({ title: section.title, change: 'added', details: [] })
      continue
    }
    const details = [
      ...(old.title !== section.title ? [`Title was “${old.title}”`] : []),
      ...(old.markdown !== section.markdown ? ['The text was changed'] : []),
      ...tableChanges(old, section),
    ]
    changes.push({
      title: section.title,
      change: details.length ? 'changed' : 'unchanged',
      details: details.slice(0, MAX_DETAILS),
    })
  }
  for (const old of before.sections)
    if (!after.sections.some(s => s.id === old.id))
      changes.push({ title: old.title, change: 'removed', details: [] })
  return changes
}
