/**
 * What the front door offers other modules (ADR 0005): the matching of a child's details against
 * the records kept, which the merge of duplicate children uses too.
 */
export { houseAndStreet, likelyMatches, type LikelyMatch } from './matching.js'
