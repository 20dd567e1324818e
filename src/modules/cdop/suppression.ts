/**
 * Small-number suppression for figures published or shared outside the partnership, as DfE does:
 * a count from 1 to 5 is shown as `c`. A table's total would let a reader work one suppressed cell
 * out (total minus the others), so when exactly one cell is suppressed, the next smallest cell is
 * suppressed too; and a zero is shown, since it reveals nothing about a child.
 *
 * Written here because the platform has no suppression helper yet (src/platform/suppression.ts).
 */
export const SUPPRESSED = 'c'
export type Published = number | typeof SUPPRESSED

export function isSmall(count: number): boolean {
  return count >= 1 && count <= 5
}

/** Suppresses the cells of one row that sums to `total` (shown whole unless itself small). */
export function suppressCells(counts: readonly number[]): Published[] {
  const shown: Published[] = counts.map(count => (isSmall(count) ? SUPPRESSED : count))
  const suppressed = shown.filter(cell => cell === SUPPRESSED).length
  if (suppressed === 1) {
    // The next smallest non-zero cell goes too, so the total cannot give the first one away.
    let pick = -1
    counts.forEach((count, index) => {
      if (shown[index] === SUPPRESSED || count === 0) return
      if (pick === -1 || count < (counts[pick] ?? Infinity)) pick = index
    })
    if (pick !== -1) shown[pick] = SUPPRESSED
  }
  return shown
}

export function suppressCount(count: number): Published {
  return isSmall(count) ? SUPPRESSED : count
}
