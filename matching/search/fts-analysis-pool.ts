import os from "node:os";
import { setImmediate as processEvents } from "node:timers/promises";
import type { Worker } from "node:worker_threads";
import { startModuleWorker } from "../runtime/module-worker.js";
import type { FtsColumns } from "./fts-document.js";
import { SpareCpuMeter } from "./spare-cpu.js";

interface Pending {
  resolve: (rows: FtsColumns[]) => void;
  reject: (error: Error) => void;
}

interface Slot {
  worker: Worker;
  /** Jobs sent to this worker and not answered yet. */
  busy: number;
}

const startWorker = (): Worker => startModuleWorker(import.meta.url, "fts-analysis-worker", undefined);

/**
 * Worker threads that analyse documents for SqliteFtsIndex, so a large upsert analyses the next
 * documents while the calling thread writes the previous ones (analysis is most of the CPU time
 * of indexing, and SQLite writes on one thread only). Workers start on first use, do not keep the
 * process alive, and answer jobs in the order each received them.
 */
export class FtsAnalysisPool {
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private broken: Error | null = null;
  private readonly cpuMeter = new SpareCpuMeter();

  /** By default one worker per CPU but one: the calling thread writes, and analyses too when it can. */
  constructor(readonly size = Math.max(1, Math.min(3, os.availableParallelism() - 1))) {}

  /**
   * Whether a spare CPU is likely: on a saturated machine the workers only compete with the
   * writing thread, and measured slower than analysing on it alone (make -l holds back jobs for
   * the same reason).
   */
  spareCpu(): boolean {
    return this.cpuMeter.spare();
  }

  /** Whether a worker was started. */
  get started(): boolean {
    return this.slots.length > 0;
  }

  /** False once a worker failed to start or crashed: callers then analyse on their own thread. */
  get usable(): boolean {
    return this.broken === null;
  }

  /**
   * Analyses `chunks` (documents' searchable texts) and hands each chunk's columns to `consume`
   * in chunk order, as soon as it is ready. Workers take chunks from the front, a couple each at a
   * time; when the next chunk to consume is not ready, the calling thread analyses the next
   * untaken one itself (`analyseHere`) rather than wait, so this is never much slower than
   * analysing alone, and as fast as the workers and the consumer allow when cores are free.
   */
  async analyseInOrder(
    chunks: readonly string[][][],
    analyseHere: (texts: string[][]) => FtsColumns[],
    helpHere: boolean,
    consume: (index: number, rows: FtsColumns[]) => void,
  ): Promise<void> {
    const ready: (FtsColumns[] | undefined)[] = new Array(chunks.length);
    const inFlight: (Promise<unknown> | undefined)[] = new Array(chunks.length);
    let next = 0;
    const dispatch = () => {
      while (next < chunks.length && !this.broken && this.inFlight() < this.size * 2) {
        const taken = next++;
        inFlight[taken] = this.analyse(chunks[taken]!).then(
          (rows) => (ready[taken] = rows),
          () => (ready[taken] = analyseHere(chunks[taken]!)),
        );
      }
    };
    for (let i = 0; i < chunks.length; i++) {
      for (;;) {
        dispatch();
        if (ready[i]) break;
        if (helpHere && next < chunks.length) {
          const taken = next++;
          ready[taken] = analyseHere(chunks[taken]!);
          // Workers' answers arrive as events: without this, the loop would analyse every
          // remaining chunk here before seeing that the workers had finished theirs.
          await processEvents();
        } else await inFlight[i];
      }
      consume(i, ready[i]!);
      ready[i] = undefined;
      // Let the workers' answers in, so finished workers get more chunks.
      await processEvents();
    }
  }

  /** FTS columns of each document (its searchable texts in schema order). */
  analyse(texts: string[][]): Promise<FtsColumns[]> {
    if (this.broken) return Promise.reject(this.broken);
    const slot = this.leastBusy();
    const id = this.nextId++;
    slot.busy += 1;
    return new Promise<FtsColumns[]>((resolve, reject) => {
      this.pending.set(id, {
        resolve: (rows) => {
          slot.busy -= 1;
          resolve(rows);
        },
        reject,
      });
      slot.worker.postMessage({ id, texts });
    });
  }

  async close(): Promise<void> {
    const slots = this.slots.splice(0);
    await Promise.all(slots.map((slot) => slot.worker.terminate()));
  }

  private inFlight(): number {
    return this.pending.size;
  }

  private leastBusy(): Slot {
    if (this.slots.length < this.size) {
      const slot = { worker: this.start(), busy: 0 };
      this.slots.push(slot);
      return slot;
    }
    return this.slots.reduce((best, slot) => (slot.busy < best.busy ? slot : best));
  }

  private start(): Worker {
    const worker = startWorker();
    worker.unref();
    worker.on("message", (message: { id: number; rows?: FtsColumns[]; error?: string }) => {
      const pending = this.pending.get(message.id);
      if (!pending) return;
      this.pending.delete(message.id);
      if (message.rows) pending.resolve(message.rows);
      else pending.reject(new Error(message.error ?? "analysis failed"));
    });
    const fail = (error: Error) => {
      this.broken ??= error;
      for (const pending of this.pending.values()) pending.reject(error);
      this.pending.clear();
    };
    worker.on("error", fail);
    worker.on("exit", (code) => {
      if (code !== 0) fail(new Error(`analysis worker exited with code ${code}`));
    });
    return worker;
  }
}
