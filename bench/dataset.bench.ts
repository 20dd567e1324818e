/**
 * Dataset benchmark: `npm run bench:dataset`.
 *
 * Seeds one partnership the size of Birmingham: ten years of CIN records (about 16,500 referrals
 * a year, 165,000 in all, from 120,000 children so that some are re-referred; assessments for
 * nine in ten, Section 47 enquiries for one in five, child protection plans for one in ten, about
 * 1,000 of them open at the end), then times the full DfE figures of the financial year 2024/25
 * (`computeCinReport`: every figure, breakdown, population, comparators and targets) three times
 * and prints the median against the target: under 1 s on PostgreSQL, under 2 s on PGlite.
 * LAIT (../shared/data/lait) is read once before timing, as a running server would have it.
 *
 * BENCH_ONLY=pglite or BENCH_ONLY=postgres runs one of the two.
 * PGlite runs in a fresh temporary directory; PostgreSQL in a scratch database on
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test), dropped at the end.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import pg from 'pg'
import { inPartnership, openDatabase, type DatabaseHandles } from '../src/db/database.js'
import { migrateToLatest } from '../src/db/migrate.js'
import { seedPartnership } from '../src/demo/platform-data.js'
import { computeCinReport } from '../src/modules/dataset/cin/service.js'
import { loadLait } from '../src/modules/dataset/lait.js'
import { computeCinFigures } from '../src/modules/dataset/cin/figures.js'
import { readCinRecords } from '../src/modules/dataset/cin/records.js'
import { englandAndWales } from '../src/platform/working-days.js'
import { loadavg } from 'node:os'
import {
  assessmentsAuthorisedIn,
  cinEpisodesFor,
  protectionPlansFor,
  section47sFor,
} from '../src/modules/children/queries.js'

const TARGET_SECONDS = { PostgreSQL: 1, PGlite: 2 }
const SERVER = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test'
const PERIOD = { from: '2024-04-01', to: '2025-03-31' }
const CHILDREN = 120_000
const REFERRALS = 165_000

async function seed(database: DatabaseHandles): Promise<string> {
  await migrateToLatest(database.owner)
  const partnership = await seedPartnership(database.owner, {
    slug: 'bench',
    name: 'Bench Safeguarding Children Partnership',
    passwordHash: 'x',
  })
  const p = partnership.id
  const run = (statement: string) => sql.raw(statement).execute(database.owner)
  await run(`insert into child (partnership_id, la_child_id, birth_date, sex, ethnicity)
    select '${p}', 'B' || g, date '2007-04-01' + (g % 6500), case when g % 2 = 0 then 'F' else 'M' end,
      (array['WBRI','MWBC','AIND','BCRB','OOTH'])[1 + g % 5]
    from generate_series(1, ${CHILDREN}) g`)
  await run(`insert into cin_episode (partnership_id, child_id, referral_date, referral_source,
      primary_need_code, closure_date, reason_for_closure, referral_nfa)
    select '${p}', c.id, r.day, (array['1A','2A','3A','5A','6','8'])[1 + g % 6], 'N' || (1 + g % 8),
      case when g % 25 = 0 then null else r.day + 20 + g % 300 end,
      case when g % 25 = 0 then null when g % 7 = 0 then 'RC8' else 'RC1' end, g % 13 = 0
    from generate_series(1, ${REFERRALS}) g
    cross join lateral (select date '2015-04-01' + (g % 3652) as day) r
    join child c on c.partnership_id = '${p}' and c.la_child_id = 'B' || (1 + (g::bigint * 7919) % ${CHILDREN})`)
  const bucket = `abs(hashtext(e.id::text)) % 10`
  await run(`insert into assessment (partnership_id, episode_id, start_date, authorisation_date, factors)
    select '${p}', e.id, e.referral_date + 2, e.referral_date + 10 + ${bucket} * 5, array['3A', '4B']
    from cin_episode e where e.partnership_id = '${p}' and ${bucket} < 9`)
  await run(`insert into section47 (partnership_id, episode_id, start_date, date_of_initial_cpc)
    select '${p}', e.id, e.referral_date + 1, case when ${bucket} = 0 then e.referral_date + 14 + ${bucket} end
    from cin_episode e where e.partnership_id = '${p}' and ${bucket} in (0, 5)`)
  await run(`insert into child_protection_plan (partnership_id, episode_id, start_date, end_date,
      initial_category, latest_category, number_of_previous_plans, review_dates)
    select '${p}', e.id, e.referral_date + 14,
      case when e.referral_date >= date '2024-10-15' then null else e.referral_date + 60 + abs(hashtext(e.id::text)) % 400 end,
      'NEG', (array['NEG','EMO','PHY','SAB','MUL'])[1 + abs(hashtext(e.id::text)) % 5], 0,
      array[e.referral_date + 100, e.referral_date + 280]::date[]
    from cin_episode e where e.partnership_id = '${p}' and ${bucket} = 0`)
  await run('analyze')
  return p
}

async function time(database: DatabaseHandles, partnershipId: string) {
  const seconds: number[] = []
  let plans = 0
  for (let i = 0; i < 3; i++) {
    const started = performance.now()
    const report = await inPartnership(database.db, { partnershipId }, trx =>
      computeCinReport(trx, partnershipId, PERIOD),
    )
    seconds.push((performance.now() - started) / 1000)
    plans = report.figures.find(f => f.id === 'CPP_Num')?.count ?? 0
    if (i === 0) {
      const referrals = report.figures.find(f => f.id === 'CPP_Total_NumRef')?.count ?? 0
      console.log(
        `  referrals in 2024/25: ${referrals}; children on a plan at 31 March 2025: ${plans}`,
      )
    }
  }
  await inPartnership(database.db, { partnershipId }, async trx => {
    const steps: string[] = []
    let reading = 0
    for (const [name, query] of Object.entries({
      episodes: cinEpisodesFor,
      assessments: assessmentsAuthorisedIn,
      section47s: section47sFor,
      plans: protectionPlansFor,
    })) {
      const started = performance.now()
      const rows = await query(trx, PERIOD)
      const ms = performance.now() - started
      reading += ms
      steps.push(`${name} ${rows.length} rows ${Math.round(ms)} ms`)
    }
    const records = await readCinRecords(trx, PERIOD)
    const started = performance.now()
    computeCinFigures(records, PERIOD, englandAndWales)
    const computing = performance.now() - started
    console.log(`  read models: ${steps.join('; ')} (${Math.round(reading)} ms in all)`)
    console.log(`  figures computed in memory from the rows: ${Math.round(computing)} ms`)
  })
  return seconds.sort((a, b) => a - b)
}

async function bench(label: 'PGlite' | 'PostgreSQL', database: DatabaseHandles) {
  const seedStart = performance.now()
  const partnershipId = await seed(database)
  console.log(`${label}: seeded in ${((performance.now() - seedStart) / 1000).toFixed(1)} s`)
  const seconds = await time(database, partnershipId)
  const median = seconds[1] ?? 0
  const target = TARGET_SECONDS[label]
  console.log(
    `  full figures: median ${median.toFixed(3)} s (best ${seconds[0]?.toFixed(3)} s, worst ${seconds[2]?.toFixed(3)} s); target < ${target} s: ${median < target ? 'MET' : 'MISSED'}`,
  )
}

async function admin(statement: string) {
  const client = new pg.Client({ connectionString: SERVER, connectionTimeoutMillis: 2000 })
  await client.connect()
  try {
    await client.query(statement)
  } finally {
    await client.end()
  }
}

const load = () =>
  loadavg()
    .map(n => n.toFixed(1))
    .join(', ')

async function main() {
  console.log(`load average (1, 5, 15 min) at the start: ${load()}`)
  const lait = await loadLait()
  console.log(lait.ok ? `LAIT read from ${lait.lait.dir}` : lait.message)

  const only = process.env.BENCH_ONLY
  if (only !== 'postgres') await benchPglite()
  if (only !== 'pglite') await benchPostgres()
  console.log(`load average at the end: ${load()}`)
}

async function benchPglite() {
  const dataDir = mkdtempSync(join(tmpdir(), 'keepsafe-dataset-bench-'))
  const pglite = await openDatabase({ dataDir })
  try {
    await bench('PGlite', pglite)
  } finally {
    await pglite.close()
    rmSync(dataDir, { recursive: true, force: true })
  }
}

async function benchPostgres() {
  const name = `keepsafe_dataset_bench_${process.pid}`
  try {
    await admin(`create database ${name}`)
  } catch (error) {
    console.log(`PostgreSQL: skipped (${error instanceof Error ? error.message : String(error)})`)
    return
  }
  const url = new URL(SERVER)
  url.pathname = `/${name}`
  const postgres = await openDatabase({ databaseUrl: url.toString() })
  try {
    await bench('PostgreSQL', postgres)
  } finally {
    await postgres.close()
    await new Promise(resolve => setTimeout(resolve, 500))
    await admin(`drop database if exists ${name} with (force)`)
  }
}

await main()
