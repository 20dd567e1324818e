import type { DatabaseHandles } from '../db/database.js'
import { assuranceDemoContributor } from '../modules/assurance/demo.js'
import { censusDemoContributor } from '../modules/census/demo.js'
import { protectionDemoContributor } from '../modules/protection/demo.js'
import { trainingDemoContributor } from '../modules/training/demo.js'
import { cdopDemoContributor } from '../modules/cdop/demo.js'
import { ladoDemoContributor } from '../modules/lado/demo.js'
import { reviewsDemoContributor } from '../modules/reviews/demo.js'
import { registersDemoContributor } from '../modules/registers/demo.js'
import { returnsDemoContributor } from '../modules/dataset/returns/demo.js'
import { governanceDemoContributor } from '../modules/governance/demo.js'
import { reportsDemoContributor } from '../modules/reports/demo.js'
import { engagementDemoContributor } from '../modules/engagement/demo.js'
import { earlyhelpDemoContributor } from '../modules/earlyhelp/demo.js'
import { hashPassword } from '../platform/passwords.js'
import { SeededRandom } from '../platform/random.js'
import {
  DEMO_PASSWORD,
  generatePartnerships,
  seedDemoPartnership,
  type SeededPartnership,
} from './platform-data.js'

export interface GenerateOptions {
  partnerships: number
  seed: number
  /** Census records: children referred each year, years, fraction with a rule breach. */
  children?: number
  years?: number
  breaches?: number
}

export interface DemoContext {
  database: DatabaseHandles
  random: SeededRandom
  partnerships: SeededPartnership[]
  options: GenerateOptions
}

/**
 * What each part of Keepsafe adds to generated demo data. The platform's partnerships, agencies
 * and people come first; each module appends a contributor that adds its own records to them.
 */
export interface DemoContributor {
  name: string
  contribute(context: DemoContext): Promise<Record<string, number>>
}

export const demoContributors: DemoContributor[] = [
  censusDemoContributor,
  protectionDemoContributor,
  trainingDemoContributor,
  cdopDemoContributor,
  ladoDemoContributor,
  reviewsDemoContributor,
  registersDemoContributor,
  returnsDemoContributor,
  assuranceDemoContributor,
  governanceDemoContributor,
  reportsDemoContributor,
  engagementDemoContributor,
  earlyhelpDemoContributor,
]

export interface GenerateSummary {
  partnerships: number
  agencies: number
  users: number
  contributed: Record<string, Record<string, number>>
}

export async function generateDemoData(
  database: DatabaseHandles,
  options: GenerateOptions,
): Promise<GenerateSummary> {
  const random = new SeededRandom(options.seed)
  const partnerships = [await seedDemoPartnership(database.owner)]
  if (options.partnerships > 1) {
    partnerships.push(
      ...(await generatePartnerships(
        database.owner,
        random,
        options.partnerships - 1,
        await hashPassword(DEMO_PASSWORD),
      )),
    )
  }
  const context: DemoContext = { database, random, partnerships, options }
  const contributed: GenerateSummary['contributed'] = {}
  for (const contributor of demoContributors)
    contributed[contributor.name] = await contributor.contribute(context)
  return {
    partnerships: partnerships.length,
    agencies: partnerships.reduce((sum, p) => sum + p.agencyIds.length, 0),
    users: partnerships.reduce((sum, p) => sum + p.users.length, 0),
    contributed,
  }
}
