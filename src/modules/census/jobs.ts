/**
 * Census imports run as jobs on the platform's `job` table. The instance that received the upload
 * starts the job at once; its progress is stored on the import's row, so any instance shows it.
 * If that process dies, the job's lease runs out and any runner takes it over: the save is one
 * transaction, so nothing of the interrupted run was kept, and the import runs again from its file
 * or, when the file is gone, ends failed with a message. It never stays "running" for ever.
 */
import { existsSync } from 'node:fs'
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { inPartnership, type Db } from '../../db/database.js'
import { enqueueJob, type ClaimedJob, type JobHandlers } from '../../platform/jobs.js'
import { importCensusFile, type ImportProgress } from './import.js'
import { findImport, insertImport, updateImport } from './repo.js'

export const CENSUS_IMPORT_JOB = 'census-import'
/** The upload's file inside the folder a job is given. */
export const UPLOAD_FILE = 'upload.xml'
/** A job whose process died this many times is not tried again. */
const IMPORT_ATTEMPTS = 3
export const PROGRESS_EVERY_MS = 1000
/** Renewed while the import runs, so a dead process's import is taken over within a minute. */
export const IMPORT_LEASE_MS = 60_000

export interface StartedImport {
  importId: string
  jobId: string
}

/** Logs the import as running and enqueues its job, in one transaction. */
export function startImportJob(
  db: Db,
  input: {
    partnershipId: string
    userId: string | null
    fileName: string
    fileBytes: number
    dir: string
    requestId: string | null
  },
): Promise<StartedImport> {
  return inPartnership(db, input, async trx => {
    const importId = await insertImport(trx, {
      partnershipId: input.partnershipId,
      userId: input.userId,
      fileName: input.fileName.slice(0, 200),
      fileBytes: input.fileBytes,
      status: 'running',
    })
    const jobId = await enqueueJob(trx, {
      kind: CENSUS_IMPORT_JOB,
      partnershipId: input.partnershipId,
      payload: { importId, dir: input.dir, userId: input.userId, requestId: input.requestId },
      maxAttempts: IMPORT_ATTEMPTS,
    })
    if (!jobId) throw new Error('The import job could not be queued')
    await updateImport(trx, importId, { jobId })
    return { importId, jobId }
  })
}

export function censusJobs(deps: { db: Db }): { handlers: JobHandlers; recurring: [] } {
  return {
    handlers: { [CENSUS_IMPORT_JOB]: job => runImportJob(deps.db, job) },
    recurring: [],
  }
}

function text(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null
}

export async function runImportJob(db: Db, job: ClaimedJob): Promise<void> {
  const importId = text(job.payload.importId)
  const dir = text(job.payload.dir)
  if (!job.partnershipId || !importId || !dir) return
  const scope = { partnershipId: job.partnershipId, userId: text(job.payload.userId) }
  const row = await inPartnership(db, scope, trx => findImport(trx, scope.partnershipId, importId))
  if (row?.status !== 'running') {
    await rm(dir, { recursive: true, force: true })
    return
  }
  const path = join(dir, UPLOAD_FILE)
  if (job.attempts > job.maxAttempts) {
    await failImport(
      db,
      scope,
      importId,
      `The import stopped part way ${String(job.attempts - 1)} times (the server restarted). Nothing was saved: import the file again, or ask for help if it happens again.`,
    )
    await rm(dir, { recursive: true, force: true })
    return
  }
  if (!existsSync(path)) {
    await failImport(
      db,
      scope,
      importId,
      'The import stopped when the server restarted, and its uploaded file is no longer there. Nothing was saved: import the file again.',
    )
    return
  }
  const progress = progressWriter(db, scope, importId)
  try {
    await importCensusFile(db, {
      ...scope,
      path,
      fileName: row.fileName,
      requestId: text(job.payload.requestId),
      importId,
      onProgress: progress.report,
    })
  } catch {
    // importCensusFile marks the import failed with the reason; should that write itself fail,
    // the import must still end, or its page would show it running for ever.
    await progress.settled()
    const after = await inPartnership(db, scope, trx =>
      findImport(trx, scope.partnershipId, importId),
    ).catch(() => undefined)
    if (after?.status === 'running') {
      await failImport(
        db,
        scope,
        importId,
        'The import stopped with an unexpected error. Nothing was saved: import the file again, or ask for help if it happens again.',
      ).catch(() => undefined)
    }
  } finally {
    await progress.settled()
    await rm(dir, { recursive: true, force: true })
  }
}

async function failImport(
  db: Db,
  scope: { partnershipId: string; userId: string | null },
  importId: string,
  message: string,
): Promise<void> {
  await inPartnership(db, scope, trx =>
    updateImport(trx, importId, {
      status: 'failed',
      finishedAt: new Date(),
      progressPhase: 'done',
      problems: JSON.stringify({ problems: [{ message }], moreProblems: 0 }),
    }),
  )
}

/**
 * Stores progress on the import's row: at each change of phase and at most once a second
 * between. Writes are chained, so they land in order and `settled` waits for the last one.
 */
function progressWriter(
  db: Db,
  scope: { partnershipId: string; userId: string | null },
  importId: string,
) {
  let chain: Promise<void> = Promise.resolve()
  let lastPhase: ImportProgress['phase'] | null = null
  let lastWrite = 0
  return {
    report: (progress: ImportProgress) => {
      const now = Date.now()
      if (progress.phase === lastPhase && now - lastWrite < PROGRESS_EVERY_MS) return
      if (progress.phase === 'done') return
      lastPhase = progress.phase
      lastWrite = now
      chain = chain
        .then(() =>
          inPartnership(db, scope, trx =>
            updateImport(trx, importId, {
              progressPhase: progress.phase,
              progressFraction: progress.fraction,
              progressChildren: progress.children,
            }),
          ),
        )
        .catch(() => undefined)
    },
    settled: () => chain,
  }
}
