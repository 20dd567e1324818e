/**
 * Children's records: the census data items, held per partnership. Other modules (the census
 * import and export, the front door) read and write them through these functions.
 */
export * from './service/census.js'
export * from './service/record.js'
export * from './service/matching.js'
export * from './service/front-door.js'
