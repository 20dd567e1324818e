/**
 * Small-number suppression for figures published outside the partnership: a count from 1 to 5
 * could identify a child, so it is shown as `c` (primary suppression). A figure derived from
 * a suppressed count (a rate, a percentage) is suppressed too, and so is any other cell that
 * would let a reader work a suppressed count out by subtraction from a total (secondary
 * suppression). Internal pages show every figure: callers choose with `publish`.
 */

export const SUPPRESSED = 'c'
export const SMALLEST_SHOWN = 6

/** What a published cell holds: the number, or `c` when it is held back. */
export type Published = number | typeof SUPPRESSED

/** A count of 1 to 5 (zero reveals no one and is shown). */
export function isSmallCount(value: number): boolean {
  return value >= 1 && value < SMALLEST_SHOWN
}

export interface SuppressOptions {
  /** False on internal pages: every figure is shown as it is. */
  publish: boolean
}

/**
 * A table of counts with, optionally, the total of each row and each column shown beside it.
 * Returns which cells to hold back: small counts first, then, in any row or column whose total
 * is shown and that has exactly one held-back cell, the smallest other non-zero cell (or, when
 * there is none, the total itself), repeated until nothing changes.
 */
export function suppressionMask(
  cells: readonly (readonly number[])[],
  totals: { rows: boolean; columns: boolean },
): { cells: boolean[][]; rowTotals: boolean[]; columnTotals: boolean[] } {
  const mask = cells.map(row => row.map(isSmallCount))
  const width = Math.max(0, ...cells.map(row => row.length))
  const rowTotals = cells.map(() => false)
  const columnTotals = Array.from({ length: width }, () => false)
  const lines: { at: [number, number][]; total: { list: boolean[]; index: number } }[] = []
  if (totals.rows)
    cells.forEach((row, r) =>
      lines.push({ at: row.map((_, c) => [r, c]), total: { list: rowTotals, index: r } }),
    )
  if (totals.columns)
    for (let c = 0; c < width; c += 1)
      lines.push({
        at: cells.flatMap((row, r) => (c < row.length ? [[r, c] as [number, number]] : [])),
        total: { list: columnTotals, index: c },
      })
  let changed = true
  while (changed) {
    changed = false
    for (const line of lines) {
      const held = line.at.filter(([r, c]) => mask[r]?.[c])
      if (held.length !== 1 || line.total.list[line.total.index]) continue
      const candidates = line.at
        .filter(([r, c]) => !mask[r]?.[c] && (cells[r]?.[c] ?? 0) > 0)
        .sort(([r1, c1], [r2, c2]) => (cells[r1]?.[c1] ?? 0) - (cells[r2]?.[c2] ?? 0))
      const next = candidates[0]
      if (next) {
        const row = mask[next[0]]
        if (row) row[next[1]] = true
      } else line.total.list[line.total.index] = true
      changed = true
    }
  }
  return { cells: mask, rowTotals, columnTotals }
}

/** A table of counts as published: held-back cells become `c`; totals are appended when asked. */
export function suppressTable(
  cells: readonly (readonly number[])[],
  options: SuppressOptions & { rowTotals?: boolean; columnTotals?: boolean },
): { cells: Published[][]; rowTotals: Published[]; columnTotals: Published[] } {
  const rowSums = cells.map(row => row.reduce((sum, value) => sum + value, 0))
  const width = Math.max(0, ...cells.map(row => row.length))
  const columnSums = Array.from({ length: width }, (_, c) =>
    cells.reduce((sum, row) => sum + (row[c] ?? 0), 0),
  )
  const shown = {
    cells: cells.map(row => [...row] as Published[]),
    rowTotals: options.rowTotals ? (rowSums as Published[]) : [],
    columnTotals: options.columnTotals ? (columnSums as Published[]) : [],
  }
  if (!options.publish) return shown
  const mask = suppressionMask(cells, {
    rows: options.rowTotals ?? false,
    columns: options.columnTotals ?? false,
  })
  return {
    cells: shown.cells.map((row, r) => row.map((value, c) => (mask.cells[r]?.[c] ? 'c' : value))),
    rowTotals: shown.rowTotals.map((value, r) => (mask.rowTotals[r] ? 'c' : value)),
    columnTotals: shown.columnTotals.map((value, c) => (mask.columnTotals[c] ? 'c' : value)),
  }
}

/** One count on its own. */
export function suppressCount(value: number, options: SuppressOptions): Published {
  return options.publish && isSmallCount(value) ? SUPPRESSED : value
}

/**
 * A rate or percentage derived from counts: held back when its numerator is, or when its
 * denominator is small (1 in 3 tells who the 1 is as surely as the count would).
 */
export function suppressDerived(
  value: number,
  from: { numerator: number; denominator?: number | null },
  options: SuppressOptions,
): Published {
  if (!options.publish) return value
  if (isSmallCount(from.numerator)) return SUPPRESSED
  if (from.denominator !== undefined && from.denominator !== null && isSmallCount(from.denominator))
    return SUPPRESSED
  return value
}

/**
 * A time series of counts with its total: small counts are held back, and when exactly one is,
 * the smallest other non-zero value too, so that the total cannot give it away.
 */
export function suppressSeries(
  values: readonly number[],
  options: SuppressOptions & { total: boolean },
): { values: Published[]; total: Published | null } {
  const table = suppressTable([values], { publish: options.publish, rowTotals: options.total })
  return { values: table.cells[0] ?? [], total: options.total ? (table.rowTotals[0] ?? 0) : null }
}
