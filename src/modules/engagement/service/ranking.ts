/**
 * The result of a priority-setting ballot, by Borda count: with n areas, an area ranked first on
 * a ballot scores n - 1 points, second n - 2, ... last 0. Areas are ordered by total points; a tie
 * is broken by the mean rank (lower is better), then by name. Every ballot ranks every area once
 * (the service refuses any other ballot), so points and mean ranks are comparable.
 */
export interface RankedArea {
  id: string
  name: string
  points: number
  meanRank: number | null
  position: number
}

export function bordaResult(
  areas: { id: string; name: string }[],
  ballots: Record<string, number>[],
): RankedArea[] {
  const n = areas.length
  const scored = areas.map(area => {
    const ranks = ballots.map(ballot => ballot[area.id]).filter((r): r is number => r !== undefined)
    const points = ranks.reduce((sum, rank) => sum + (n - rank), 0)
    const meanRank = ranks.length
      ? Math.round((100 * ranks.reduce((s, r) => s + r, 0)) / ranks.length) / 100
      : null
    return { id: area.id, name: area.name, points, meanRank }
  })
  scored.sort(
    (a, b) =>
      b.points - a.points ||
      (a.meanRank ?? Infinity) - (b.meanRank ?? Infinity) ||
      a.name.localeCompare(b.name),
  )
  return scored.map((area, index) => ({ ...area, position: index + 1 }))
}

/** A ballot is a ranking of every area from 1 to n, each rank once. */
export function isCompleteRanking(areaIds: string[], ranks: Record<string, number>): boolean {
  const given = areaIds.map(id => ranks[id])
  if (given.some(rank => rank === undefined)) return false
  const sorted = [...(given as number[])].sort((a, b) => a - b)
  return (
    sorted.every((rank, index) => rank === index + 1) &&
    Object.keys(ranks).length === areaIds.length
  )
}
