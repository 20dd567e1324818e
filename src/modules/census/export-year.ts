/**
 * What of a child's records belongs in one collection year's return. The records hold every
 * assessment, enquiry and plan of an episode, however old; a return holds those active in the
 * year (DfE rules 8696, 8736, 8715, 8740, 4013 and 8930): an assessment completed in the year or
 * started in it and not yet completed, an enquiry started or conferenced in the year, and a plan
 * still open at the start of the year.
 */
import type { CensusChild, CinEpisode } from './model.js'

export function childInYear(child: CensusChild, from: string): CensusChild {
  return { ...child, episodes: child.episodes.map(episode => episodeInYear(episode, from)) }
}

function episodeInYear(episode: CinEpisode, from: string): CinEpisode {
  const since = (date: string | undefined) => date !== undefined && date >= from
  return {
    ...episode,
    assessments: episode.assessments.filter(a =>
      a.authorisationDate === undefined ? since(a.startDate) : since(a.authorisationDate),
    ),
    section47s: episode.section47s.filter(s => since(s.startDate) || since(s.dateOfInitialCpc)),
    cinPlans: episode.cinPlans.filter(p => p.endDate === undefined || since(p.endDate)),
    childProtectionPlans: episode.childProtectionPlans.filter(
      p => p.endDate === undefined || since(p.endDate),
    ),
  }
}
