/**
 * What the census offers other modules (ADR 0005): the Department for Education's codes and
 * names that the front door records and shows, and the census's record shapes that the children
 * module keeps.
 */
export {
  PRIMARY_NEED_CODES,
  PRIMARY_NEED_NAMES,
  REFERRAL_SOURCE_CODES,
  REFERRAL_SOURCE_NAMES,
} from './codes.js'
export {
  ASSESSMENT_FACTOR_NAMES,
  CATEGORY_OF_ABUSE_NAMES,
  DISABILITY_NAMES,
  ETHNICITY_NAMES,
  REASON_FOR_CLOSURE_NAMES,
  codeInWords,
} from './code-names.js'
export { parseYesNo, sexFrom, type CensusChild, type CinEpisode } from './model.js'
