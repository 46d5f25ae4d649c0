import type { Worker } from "node:worker_threads";
import {
  startModuleWorker,
  type BuildProgress,
  type MatchNeedOptions,
  type NeedProfile,
} from "../../matching/index.js";
import type { Clock } from "../shared/clock.js";
import type { Db } from "../db/prisma.js";
import { MatchingUnavailableError } from "../errors.js";
import type { Logger } from "../logger.js";
import type {
  BuildReport,
  EngineEvent,
  EngineOperation,
  EngineOperations,
  EngineRequest,
  EngineWorkerData,
  RankAmongRequest,
  RankedExperts,
  RankedTechnologies,
  SuggestReply,
  SuggestRequest,
} from "./engine-messages.js";
import type { OutcomesRepository } from "../events/outcomes.repository.js";
import type { InvitationsRepository } from "./invitations.repository.js";
import { matchingDataVersion, matchingDynamicsVersion } from "./matching-inputs.js";
import type { RetrainRule } from "./trained-state-file.js";

/** After a failed build, the same data is not built again for this long (ms). */
const failedBuildPauseMs = 30_000;
/** Progress is logged when the phase changes, and otherwise at most this often (ms). */
const progressLogIntervalMs = 10_000;
/** A replaced model's worker is stopped once its last query is answered, or after this long (ms). */
const retiredWorkerGraceMs = 60_000;

export interface MatchingEngineHostOptions {
  db: Db;
  invitations: InvitationsRepository;
  /** Docking-event meeting outcomes: feedback beside the invitations. */
  outcomes: OutcomesRepository;
  databaseUrl: string;
  /** The trained state's file, beside the database. */
  modelFile: string;
  clock: Clock;
  logger: Logger;
  retrain: RetrainRule;
  /** How often start() checks the data for changes (ms); queries check too. */
  refreshIntervalMs: number;
  /** While this says so, data changes wait (an import is writing); checked again every refresh. */
  holdBuilds?: () => boolean;
  /** How long a query waits for the very first model before answering matching_unavailable (ms). */
  firstBuildWaitMs: number;
}

/** The matching model as /readyz reports it. */
export interface MatchingModelStatus {
  /** Data version of the model being served (null until the first build is ready). */
  version: string | null;
  builtAt: string | null;
  ageSeconds: number | null;
  experts: number | null;
  training: "trained" | "reused" | null;
  trainedAt: string | null;
  /** When the served model last ranked every open need for suggestions. */
  rankedAt: string | null;
  building: boolean;
  /** The running build: its data version is known once loaded; phase, progress and ETA. */
  build: { startedAt: string; phase: string; done: number; total: number; etaSeconds: number | null } | null;
  lastError: string | null;
}

/** Counters for tests and logs: builds started, and those that trained (did not reuse the state). */
export interface MatchingHostCounters {
  builds: number;
  trainings: number;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

function settle<T>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: Error) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Rejections are observed by whoever waits; nobody waiting is not an error.
  promise.catch(() => {});
  return { promise, resolve, reject };
}

/** Which build, of which data, with which invitations' dynamics (set before the next query). */
function modelIdentity(generation: Generation): string {
  return `${generation.serial}:${generation.report?.version ?? ""}:${generation.dynamicsVersion ?? ""}`;
}

/** One model: a worker thread that builds it, then answers queries on it. */
class Generation {
  readonly startedAt: Date;
  report: BuildReport | null = null;
  /** When the build finished, by the host's clock. */
  builtAt: Date | null = null;
  rankedAt: string | null = null;
  progress: BuildProgress | null = null;
  /** The invitations version whose dynamics the worker holds (or has been asked to load). */
  dynamicsVersion: string | null = null;
  private readonly built = settle<void>();
  private readonly ranked = settle<void>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private ended: Error | null = null;
  private retired = false;

  constructor(
    readonly serial: number,
    private readonly worker: Worker,
    now: Date,
    private readonly events: {
      built(generation: Generation): void;
      ranked(generation: Generation, event: { needs: number; seconds: number }): void;
      progress(generation: Generation): void;
      warning(generation: Generation, message: string): void;
      failed(generation: Generation, error: Error): void;
    },
  ) {
    this.startedAt = now;
    worker.unref();
    worker.on("message", (event: EngineEvent) => this.receive(event));
    worker.on("error", (error) => this.end(error));
    worker.on("exit", (code) => this.end(new Error(`the matching engine worker exited (code ${code})`)));
  }

  whenBuilt(): Promise<void> {
    return this.built.promise;
  }

  whenRanked(): Promise<void> {
    return this.ranked.promise;
  }

  request<Op extends EngineOperation>(
    op: Op,
    args: EngineOperations[Op]["args"],
  ): Promise<EngineOperations[Op]["result"]> {
    if (this.ended) return Promise.reject(this.ended);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, op, args } as EngineRequest);
    });
  }

  /** Replaced by a newer model: stop the worker once the queries sent to it are answered. */
  retire(): void {
    this.retired = true;
    if (this.pending.size === 0) void this.stop();
    else setTimeout(() => void this.stop(), retiredWorkerGraceMs).unref();
  }

  async stop(): Promise<void> {
    this.ended ??= new Error("the matching model was closed");
    this.rejectAll(this.ended);
    await this.worker.terminate();
  }

  private receive(event: EngineEvent): void {
    switch (event.type) {
      case "progress":
        this.progress = event.progress;
        this.events.progress(this);
        return;
      case "built":
        this.report = event.report;
        this.dynamicsVersion = event.report.dynamicsVersion;
        this.progress = null;
        this.events.built(this);
        this.built.resolve();
        return;
      case "ranked":
        this.rankedAt = event.rankedAt;
        this.progress = null;
        this.events.ranked(this, event);
        this.ranked.resolve();
        return;
      case "warning":
        this.events.warning(this, event.message);
        return;
      case "failed":
        this.end(new Error(event.error));
        return;
      case "reply": {
        const pending = this.pending.get(event.id);
        if (!pending) return;
        this.pending.delete(event.id);
        if (event.error !== undefined) pending.reject(new Error(event.error));
        else pending.resolve(event.result);
        if (this.retired && this.pending.size === 0) void this.stop();
      }
    }
  }

  private end(error: Error): void {
    if (this.ended) return;
    this.ended = error;
    this.rejectAll(error);
    this.built.reject(error);
    this.ranked.reject(error);
    this.events.failed(this, error);
    void this.worker.terminate();
  }

  private rejectAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}

/**
 * Hosts the matching engine off the event loop. Each model is built (and trained) by its own
 * worker thread, which then answers queries on it by message; the main thread only sends needs
 * and receives rankings. The model being served stays in service until the next one has been
 * built and has ranked the open needs, then the two are swapped at once and the old worker is
 * stopped. Data changes (experts, publications, technologies) seen during a build are coalesced
 * into one next build. Invitations (feedback, capacity) are applied to the served model without
 * rebuilding it, before the next query that follows their change.
 */
export class MatchingEngineHost {
  private current: Generation | null = null;
  private next: Generation | null = null;
  private serial = 0;
  private readonly counters: MatchingHostCounters = { builds: 0, trainings: 0 };
  private lastError: string | null = null;
  private failedAt = 0;
  private checking = false;
  private checkAgain = false;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;
  private lastProgressLog = { phase: "", at: 0 };

  constructor(private readonly options: MatchingEngineHostOptions) {}

  /** Builds the first model now and checks the data for changes every refreshIntervalMs. */
  start(): void {
    if (this.closed || this.timer) return;
    if (!this.current && !this.next) this.startBuild();
    this.timer = setInterval(() => this.requestCheck(), this.options.refreshIntervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    const generations = [this.current, this.next].filter((g): g is Generation => g !== null);
    this.current = this.next = null;
    await Promise.all(generations.map((g) => g.stop()));
  }

  /** The need's best experts on the served model (waits for the very first model, within limits). */
  async rankExperts(profile: NeedProfile, options: MatchNeedOptions): Promise<RankedExperts> {
    const generation = await this.serving();
    return generation.request("rankExperts", { profile, options });
  }

  /**
   * Needs ranked among the same experts on the served model, with that model's identity (see
   * `servedModel`): a batch answered by another model than the one expected is told apart.
   */
  async rankExpertsAmong(request: RankAmongRequest): Promise<{ model: string; rankings: RankedExperts[] }> {
    const generation = await this.serving();
    const model = modelIdentity(generation);
    return { model, rankings: await generation.request("rankExpertsAmong", request) };
  }

  /**
   * The identity of the model that answers queries now: its build, the data version it was built
   * from and the invitations' version it holds. The same identity ranks the same need the same way.
   */
  async servedModel(): Promise<string> {
    return modelIdentity(await this.serving());
  }

  async rankTechnologies(profile: NeedProfile, top: number, explain: boolean): Promise<RankedTechnologies> {
    const generation = await this.serving();
    return generation.request("rankTechnologies", { profile, top, explain });
  }

  /**
   * Suggestions from the served model's precomputed rankings; null while the very first model is
   * being built (never waits for it).
   */
  async suggest(request: SuggestRequest): Promise<SuggestReply | null> {
    if (!this.current) {
      this.ensureBuilding();
      return null;
    }
    this.requestCheck();
    const generation = this.current;
    await this.syncDynamics(generation);
    return generation.request("suggest", request);
  }

  status(): MatchingModelStatus {
    const served = this.current?.report ?? null;
    const builtAt = this.current?.builtAt ?? null;
    // A build runs until its model has ranked the open needs (the first model serves before that).
    const building = this.next ?? (this.current && !this.current.rankedAt ? this.current : null);
    const progress = building?.progress ?? null;
    return {
      version: served?.version ?? null,
      builtAt: builtAt?.toISOString() ?? null,
      ageSeconds: builtAt
        ? Math.max(0, Math.round((this.options.clock.now().getTime() - builtAt.getTime()) / 1000))
        : null,
      experts: served?.experts ?? null,
      training: served?.training ?? null,
      trainedAt: served?.trainedAt ?? null,
      rankedAt: this.current?.rankedAt ?? null,
      building: building !== null,
      build: building
        ? {
            startedAt: building.startedAt.toISOString(),
            phase: progress?.phase ?? "starting",
            done: progress?.done ?? 0,
            total: progress?.total ?? 0,
            etaSeconds: progress?.etaSeconds ?? null,
          }
        : null,
      lastError: this.lastError,
    };
  }

  get counts(): Readonly<MatchingHostCounters> {
    return { ...this.counters };
  }

  /** The OS thread ids of the served model's worker and of a running build's (Linux; diagnostics). */
  osThreadIds(): { serving: number | null; building: number | null } {
    return { serving: this.current?.report?.osThreadId ?? null, building: this.next?.report?.osThreadId ?? null };
  }

  /**
   * Resolves once the served model is built from the data as it is now, has ranked the open
   * needs and holds the current invitations (tests and tools; requests never wait for this).
   */
  async settled(): Promise<void> {
    for (;;) {
      if (this.closed) throw new MatchingUnavailableError("The matching engine is closed");
      const version = await matchingDataVersion(this.options.db);
      const served = this.current;
      if (served?.report?.version === version && served.rankedAt && !this.next) {
        await this.syncDynamics(served);
        await served.request("idle", null);
        if (this.current === served) return;
        continue;
      }
      const waitFor = this.next ?? (served && !served.rankedAt ? served : null) ?? this.startBuild();
      try {
        await waitFor.whenRanked();
      } catch {
        throw new MatchingUnavailableError("The matching model could not be built", { lastError: this.lastError });
      }
    }
  }

  /** The served model; when there is none yet, the first build (waited for at most firstBuildWaitMs). */
  private async serving(): Promise<Generation> {
    if (this.closed) throw new MatchingUnavailableError("The matching engine is closed");
    let generation = this.current;
    if (generation) {
      this.requestCheck();
    } else {
      const building = this.ensureBuilding();
      if (!building) {
        throw new MatchingUnavailableError("The matching model could not be built; retrying shortly", {
          lastError: this.lastError,
        });
      }
      let timer: NodeJS.Timeout | undefined;
      const waited = await Promise.race([
        building.whenBuilt().then(
          () => "built" as const,
          () => "failed" as const,
        ),
        new Promise<"timeout">((resolve) => {
          timer = setTimeout(() => resolve("timeout"), this.options.firstBuildWaitMs);
        }),
      ]).finally(() => clearTimeout(timer));
      generation = this.current;
      if (waited !== "built" || !generation) {
        throw new MatchingUnavailableError(
          waited === "timeout"
            ? "The matching model is being built; try again shortly"
            : "The matching model could not be built; retrying shortly",
          { build: this.status().build, lastError: this.lastError },
        );
      }
    }
    await this.syncDynamics(generation);
    return generation;
  }

  /** A build when there is no model: the running one, a new one, or null while pausing after a failure. */
  private ensureBuilding(): Generation | null {
    if (this.next) return this.next;
    if (this.closed || this.pausedAfterFailure()) return null;
    return this.startBuild();
  }

  private pausedAfterFailure(): boolean {
    return Date.now() - this.failedAt < failedBuildPauseMs;
  }

  /** Before a query: when invitations changed, the worker reloads them (ordered before the query). */
  private async syncDynamics(generation: Generation): Promise<void> {
    const version = await matchingDynamicsVersion(this.options);
    if (generation.dynamicsVersion === version) return;
    generation.dynamicsVersion = version;
    generation.request("refreshDynamics", null).catch((error: unknown) => {
      // Tried again before the next query.
      if (generation.dynamicsVersion === version) generation.dynamicsVersion = null;
      this.options.logger.warn({ err: error }, "matching: could not apply answered invitations");
    });
  }

  /** Checks (in the background) whether the data changed since the served model; coalesces. */
  private requestCheck(): void {
    if (this.closed) return;
    if (this.checking) {
      this.checkAgain = true;
      return;
    }
    this.checking = true;
    void this.check()
      .catch((error: unknown) => this.options.logger.warn({ err: error }, "matching: could not check for data changes"))
      .finally(() => {
        this.checking = false;
        if (this.checkAgain) {
          this.checkAgain = false;
          this.requestCheck();
        }
      });
  }

  private async check(): Promise<void> {
    const version = await matchingDataVersion(this.options.db);
    // A build already running picks up at most this change; when it is served, check again.
    if (this.closed || this.next || !this.current || this.current.report?.version === version) return;
    if (this.pausedAfterFailure() || this.options.holdBuilds?.()) return;
    this.options.logger.info(
      { from: this.current.report?.version, to: version },
      "matching: the data changed; building the next model",
    );
    this.startBuild();
  }

  private startBuild(): Generation {
    const { options } = this;
    const now = options.clock.now();
    this.counters.builds += 1;
    const serial = ++this.serial;
    const workerData: EngineWorkerData = {
      databaseUrl: options.databaseUrl,
      modelFile: options.modelFile,
      nowMs: now.getTime(),
      retrain: options.retrain,
    };
    const worker = startModuleWorker(import.meta.url, "engine-worker", workerData);
    const generation = new Generation(serial, worker, now, {
      built: (g) => this.built(g),
      ranked: (g, event) => this.ranked(g, event),
      progress: (g) => this.logProgress(g),
      warning: (g, message) => options.logger.warn({ build: g.serial }, `matching: ${message}`),
      failed: (g, error) => this.failed(g, error),
    });
    this.next = generation;
    options.logger.info({ build: serial }, "matching: building a model");
    return generation;
  }

  private built(generation: Generation): void {
    const report = generation.report!;
    generation.builtAt = this.options.clock.now();
    if (report.training === "trained") this.counters.trainings += 1;
    const { warnings, dynamicsVersion: _dynamics, ...summary } = report;
    for (const warning of warnings) this.options.logger.warn({ build: generation.serial }, `matching: ${warning}`);
    this.options.logger.info({ build: generation.serial, ...summary }, "matching: model built");
    // The very first model serves at once (suggestions say they are being prepared until it has
    // ranked the open needs); a later one only once it has ranked them.
    if (!this.current && this.next === generation) this.adopt(generation);
  }

  private ranked(generation: Generation, event: { needs: number; seconds: number }): void {
    this.options.logger.info(
      { build: generation.serial, needs: event.needs, seconds: Math.round(event.seconds * 10) / 10 },
      "matching: open needs ranked for suggestions",
    );
    if (this.next === generation) this.adopt(generation);
  }

  /** Swaps the served model at once; the old worker stops when its queries are answered. */
  private adopt(generation: Generation): void {
    const previous = this.current;
    this.current = generation;
    if (this.next === generation) this.next = null;
    this.lastError = null;
    if (previous && previous !== generation) previous.retire();
    this.options.logger.info(
      { build: generation.serial, version: generation.report?.version },
      "matching: serving the new model",
    );
    this.requestCheck();
  }

  private failed(generation: Generation, error: Error): void {
    if (this.closed) return;
    if (this.next !== generation && this.current !== generation) return; // a retired worker
    this.lastError = error.message.split("\n")[0]!;
    this.failedAt = Date.now();
    this.options.logger.error({ err: error, build: generation.serial }, "matching: the engine worker failed");
    if (this.next === generation) this.next = null;
    if (this.current === generation) this.current = null;
  }

  private logProgress(generation: Generation): void {
    const progress = generation.progress;
    if (!progress) return;
    const now = Date.now();
    if (progress.phase === this.lastProgressLog.phase && now - this.lastProgressLog.at < progressLogIntervalMs) return;
    this.lastProgressLog = { phase: progress.phase, at: now };
    this.options.logger.info(
      {
        build: generation.serial,
        phase: progress.phase,
        done: progress.done,
        total: progress.total,
        etaSeconds: progress.etaSeconds,
      },
      `matching: ${progress.phase} ${progress.done}/${progress.total}` +
        (progress.etaSeconds === null ? "" : `, about ${progress.etaSeconds} s left`),
    );
  }
}
