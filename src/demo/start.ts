import { sql } from 'kysely'
import type { DatabaseHandles } from '../db/database.js'
import { SeededRandom } from '../platform/random.js'
import { type DemoContext, demoContributors } from './generate.js'
import type { SeededPartnership } from './platform-data.js'

/**
 * `npm start` with demo data: every module's demo contributor adds its records to the demo
 * partnership once. Each contributor that has run is recorded, so a restart adds nothing, and a
 * contributor added by a new module runs at the next start.
 */
export async function contributeDemoOnce(
  database: DatabaseHandles,
  partnership: SeededPartnership,
): Promise<string[]> {
  const done = await sql<{ name: string }>`
    select name from demo_contribution where partnership_id = ${partnership.id}
  `.execute(database.owner)
  const already = new Set(done.rows.map(row => row.name))
  const ran: string[] = []
  for (const [index, contributor] of demoContributors.entries()) {
    if (already.has(contributor.name)) continue
    const context: DemoContext = {
      database,
      // Each contributor has its own seed, so adding one does not change what the others make.
      random: new SeededRandom(1 + index),
      partnerships: [partnership],
      options: { partnerships: 1, seed: 1 },
    }
    await contributor.contribute(context)
    await sql`
      insert into demo_contribution (partnership_id, name) values (${partnership.id}, ${contributor.name})
    `.execute(database.owner)
    ran.push(contributor.name)
  }
  return ran
}
