import type { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";

type AdapterFactory = PrismaBetterSQLite3;
type Adapter = Awaited<ReturnType<AdapterFactory["connect"]>>;
type Transaction = Awaited<ReturnType<Adapter["startTransaction"]>>;

/** A first-come lock: `run` waits for every earlier holder. */
class Lock {
  private tail: Promise<void> = Promise.resolve();

  /** Resolves with the function that releases the lock. */
  acquire(): Promise<() => void> {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const acquired = this.tail.then(() => release);
    this.tail = this.tail.then(() => held);
    return acquired;
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    const release = await this.acquire();
    try {
      return await work();
    } finally {
      release();
    }
  }
}

/**
 * The better-sqlite3 adapter has one connection. It serialises transactions, but a query
 * from outside a transaction runs on that connection at once, so while an interactive
 * transaction awaits, another request's statement executes inside it: it sees uncommitted
 * rows, and a rollback silently undoes it (a lost write). The fence makes statements outside
 * transactions wait for any open transaction to end, as a second connection would.
 * It also begins every transaction IMMEDIATE (see `startTransaction`).
 */
class FencedAdapter implements Adapter {
  readonly provider: Adapter["provider"];
  readonly adapterName: Adapter["adapterName"];
  /** Present when the inner adapter has it (the engine checks for it). */
  readonly getConnectionInfo?: Adapter["getConnectionInfo"];
  private readonly lock = new Lock();

  constructor(private readonly inner: Adapter) {
    this.provider = inner.provider;
    this.adapterName = inner.adapterName;
    if (inner.getConnectionInfo) this.getConnectionInfo = () => inner.getConnectionInfo!();
  }

  queryRaw(query: Parameters<Adapter["queryRaw"]>[0]): ReturnType<Adapter["queryRaw"]> {
    return this.lock.run(() => this.inner.queryRaw(query));
  }

  executeRaw(query: Parameters<Adapter["executeRaw"]>[0]): ReturnType<Adapter["executeRaw"]> {
    return this.lock.run(() => this.inner.executeRaw(query));
  }

  executeScript(script: string): Promise<void> {
    return this.lock.run(() => this.inner.executeScript(script));
  }

  /**
   * Opens the transaction itself, with `BEGIN IMMEDIATE` rather than the inner adapter's
   * `BEGIN` (deferred). A deferred transaction that reads before it writes holds a read
   * snapshot; when it then needs the write lock while another process has written, SQLite
   * answers SQLITE_BUSY at once, without calling the busy handler (waiting could not help:
   * the snapshot is stale). IMMEDIATE takes the write lock at BEGIN, where the busy timeout
   * does wait. Statements run on the inner adapter's one connection, as its own transaction
   * objects do; the fence, not the inner adapter's mutex, keeps them to one at a time.
   */
  async startTransaction(...[isolationLevel]: Parameters<Adapter["startTransaction"]>): Promise<Transaction> {
    if (isolationLevel && isolationLevel !== "SERIALIZABLE") {
      // As the inner adapter: SQLite transactions are serializable and nothing else.
      throw new Error(`SQLite supports only the SERIALIZABLE isolation level, not ${isolationLevel}`);
    }
    const release = await this.lock.acquire();
    try {
      await this.inner.executeRaw(statement("BEGIN IMMEDIATE"));
    } catch (error) {
      release();
      throw error;
    }
    return new ImmediateTransaction(this.inner, release);
  }

  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}

const statement = (sql: string) => ({ sql, args: [], argTypes: [] });

/**
 * A transaction begun by the fence. Prisma ends it by sending COMMIT or ROLLBACK through
 * `executeRaw` and then calling `commit()`/`rollback()` (its `usePhantomQuery: false`
 * contract, as for the inner adapter's transactions); those release the fence.
 */
class ImmediateTransaction implements Transaction {
  readonly provider: Transaction["provider"];
  readonly adapterName: Transaction["adapterName"];
  readonly options = { usePhantomQuery: false };
  private released = false;

  constructor(
    private readonly connection: Adapter,
    private readonly releaseFence: () => void,
  ) {
    this.provider = connection.provider;
    this.adapterName = connection.adapterName;
  }

  queryRaw(query: Parameters<Transaction["queryRaw"]>[0]): ReturnType<Transaction["queryRaw"]> {
    return this.connection.queryRaw(query);
  }

  async executeRaw(query: Parameters<Transaction["executeRaw"]>[0]): Promise<number> {
    try {
      return await this.connection.executeRaw(query);
    } catch (error) {
      // A failed COMMIT or ROLLBACK is not followed by commit()/rollback(): end the
      // transaction here, or the fence would stay closed for good.
      if (/^\s*(COMMIT|ROLLBACK)\b/i.test(query.sql)) {
        await this.connection.executeScript("ROLLBACK").catch(() => undefined);
        this.release();
      }
      throw error;
    }
  }

  commit(): Promise<void> {
    this.release();
    return Promise.resolve();
  }

  rollback(): Promise<void> {
    this.release();
    return Promise.resolve();
  }

  private release(): void {
    if (this.released) return;
    this.released = true;
    this.releaseFence();
  }
}

/** The adapter factory whose connections keep statements outside transactions out of them. */
export function fencedAdapterFactory(inner: AdapterFactory): AdapterFactory {
  return Object.assign(Object.create(inner) as AdapterFactory, {
    connect: async () => new FencedAdapter(await inner.connect()),
  });
}
