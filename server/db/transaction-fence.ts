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

  async startTransaction(...args: Parameters<Adapter["startTransaction"]>): Promise<Transaction> {
    const release = await this.lock.acquire();
    try {
      return fenceEnd(await this.inner.startTransaction(...args), release);
    } catch (error) {
      release();
      throw error;
    }
  }

  dispose(): Promise<void> {
    return this.inner.dispose();
  }
}

/** The transaction, releasing the fence once it commits or rolls back. */
function fenceEnd(transaction: Transaction, release: () => void): Transaction {
  const end = (finish: () => Promise<void>) => async () => {
    try {
      await finish();
    } finally {
      release();
    }
  };
  return Object.assign(Object.create(transaction) as Transaction, {
    commit: end(() => transaction.commit()),
    rollback: end(() => transaction.rollback()),
  });
}

/** The adapter factory whose connections keep statements outside transactions out of them. */
export function fencedAdapterFactory(inner: AdapterFactory): AdapterFactory {
  return Object.assign(Object.create(inner) as AdapterFactory, {
    connect: async () => new FencedAdapter(await inner.connect()),
  });
}
