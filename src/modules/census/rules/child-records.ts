import type { CensusChild, ChildProtectionPlan, CinPlan } from '../model.js'

export function cinPlansOf(child: CensusChild): CinPlan[] {
  return child.episodes.length === 1
    ? (child.episodes[0]?.cinPlans ?? [])
    : child.episodes.flatMap(episode => episode.cinPlans)
}

export function childProtectionPlansOf(child: CensusChild): ChildProtectionPlan[] {
  return child.episodes.length === 1
    ? (child.episodes[0]?.childProtectionPlans ?? [])
    : child.episodes.flatMap(episode => episode.childProtectionPlans)
}
