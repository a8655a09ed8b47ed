import type {
  CompiledQuery,
  DatabaseConnection,
  Driver,
  QueryResult,
  TransactionSettings,
} from 'kysely';

/** Turns a driver's error into a domain error (or returns it unchanged). */
export type DriverErrorMapper = (err: unknown) => unknown;

class MappedConnection implements DatabaseConnection {
  constructor(
    readonly inner: DatabaseConnection,
    private readonly map: DriverErrorMapper,
  ) {}

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      return await this.inner.executeQuery<R>(query);
    } catch (err) {
      throw this.map(err);
    }
  }

  streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    return this.inner.streamQuery<R>(query, chunkSize);
  }
}

/**
 * A Kysely driver wrapper that maps every error of the database client to what it means for the
 * service (a lost connection, a locked database: `service_unavailable`), so nothing above storage
 * ever inspects a driver's error codes or message text.
 */
export class ErrorMappingDriver implements Driver {
  private readonly wrapped = new WeakMap<DatabaseConnection, MappedConnection>();

  constructor(
    private readonly inner: Driver,
    private readonly map: DriverErrorMapper,
  ) {}

  private async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (err) {
      throw this.map(err);
    }
  }

  private unwrap(c: DatabaseConnection): DatabaseConnection {
    return c instanceof MappedConnection ? c.inner : c;
  }

  init(): Promise<void> {
    return this.guard(() => this.inner.init());
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const c = await this.guard(() => this.inner.acquireConnection());
    let mapped = this.wrapped.get(c);
    if (!mapped) {
      mapped = new MappedConnection(c, this.map);
      this.wrapped.set(c, mapped);
    }
    return mapped;
  }

  beginTransaction(c: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.guard(() => this.inner.beginTransaction(this.unwrap(c), settings));
  }

  commitTransaction(c: DatabaseConnection): Promise<void> {
    return this.guard(() => this.inner.commitTransaction(this.unwrap(c)));
  }

  rollbackTransaction(c: DatabaseConnection): Promise<void> {
    return this.guard(() => this.inner.rollbackTransaction(this.unwrap(c)));
  }

  releaseConnection(c: DatabaseConnection): Promise<void> {
    return this.inner.releaseConnection(this.unwrap(c));
  }

  destroy(): Promise<void> {
    return this.inner.destroy();
  }
}
