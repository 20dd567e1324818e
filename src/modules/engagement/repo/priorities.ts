import type { Trx } from '../../../db/database.js'

export function listExercises(trx: Trx) {
  return trx.selectFrom('engPriorityExercise').selectAll().orderBy('createdAt', 'desc').execute()
}

export function findExercise(trx: Trx, id: string) {
  return trx
    .selectFrom('engPriorityExercise')
    .selectAll()
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst()
}

export function listAreas(trx: Trx, exerciseId: string) {
  return trx
    .selectFrom('engPriorityArea')
    .select(['id', 'name'])
    .where('exerciseId', '=', exerciseId)
    .orderBy('name')
    .execute()
}

export function listBallots(trx: Trx, exerciseId: string) {
  return trx
    .selectFrom('engPriorityBallot')
    .select(['userId', 'ranks'])
    .where('exerciseId', '=', exerciseId)
    .execute()
}
