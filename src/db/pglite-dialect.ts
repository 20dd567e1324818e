import type { PGlite } from '@electric-sql/pglite'
import {
  CompiledQuery,
  PostgresAdapter,
  PostgresIntrospector,
  PostgresQueryCompiler,
  type DatabaseConnection,
  type Dialect,
  type Driver,
  type Kysely,
  type QueryResult,
} from 'kysely'

/**
 * Kysely on PGlite. PGlite is a single connection, so the driver hands it to one caller at a time:
 * without that, two concurrent requests interleave their statements inside each other's
 * transactions (and each other's `SET LOCAL app.partnership_id`). The kysely-pglite package's
 * driver has no such lock, which is why Keepsafe has its own.
 */
export class PGliteDialect implements Dialect {
  /** `role`: the database role this Kysely instance acts as; null for the session user (owner). */
  constructor(
    private readonly client: PGlite,
    private readonly role: string | null = null,
  ) {}

  createAdapter() {
    return new PostgresAdapter()
  }
  createDriver(): Driver {
    return new PGliteDriver(this.client, this.role)
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db)
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler()
  }
}

interface ClientState {
  queue: Promise<void>
  role: string | null
}

// Every Kysely instance on one PGlite shares its lock and knows which role is set.
const clientStates = new WeakMap<PGlite, ClientState>()

function stateOf(client: PGlite): ClientState {
  let state = clientStates.get(client)
  if (!state) {
    state = { queue: Promise.resolve(), role: null }
    clientStates.set(client, state)
  }
  return state
}

class PGliteDriver implements Driver {
  private readonly connection: PGliteConnection

  constructor(
    private readonly client: PGlite,
    private readonly role: string | null,
  ) {
    this.connection = new PGliteConnection(client)
  }

  async init(): Promise<void> {
    await this.client.waitReady
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const state = stateOf(this.client)
    let release!: () => void
    const previous = state.queue
    state.queue = new Promise<void>(resolve => (release = resolve))
    await previous
    this.connection.release = release
    if (state.role !== this.role) {
      await this.client.exec(this.role ? `set role ${this.role}` : 'reset role')
      state.role = this.role
    }
    return this.connection
  }

  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin'))
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('commit'))
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('rollback'))
  }

  releaseConnection(): Promise<void> {
    this.connection.release()
    return Promise.resolve()
  }

  async destroy(): Promise<void> {
    await stateOf(this.client).queue
    if (!this.client.closed) await this.client.close()
  }
}

class PGliteConnection implements DatabaseConnection {
  release: () => void = () => undefined

  constructor(private readonly client: PGlite) {}

  async executeQuery<R>(compiledQuery: CompiledQuery): Promise<QueryResult<R>> {
    // The extended protocol takes one statement; migrations send scripts of several.
    if (compiledQuery.parameters.length === 0 && /;\s*\S/.test(compiledQuery.sql)) {
      const results = await this.client.exec(compiledQuery.sql)
      return { rows: (results.at(-1)?.rows ?? []) as R[] }
    }
    const result = await this.client.query<R>(compiledQuery.sql, [...compiledQuery.parameters])
    const isWrite = /^\s*(insert|update|delete|merge)/i.test(compiledQuery.sql)
    return {
      rows: result.rows,
      ...(isWrite ? { numAffectedRows: BigInt(result.affectedRows ?? 0) } : {}),
    }
  }

  // eslint-disable-next-line require-yield
  async *streamQuery<R>(): AsyncIterableIterator<QueryResult<R>> {
    throw new Error('Streaming queries are not supported on PGlite')
  }
}
