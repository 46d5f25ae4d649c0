import {
  resolveWithLittleChurn,
  solveAssignment,
  type AssignmentProgress,
  type AssignmentResult,
  type ChurnResult,
} from "../../matching/index.js";
import type { Actor } from "../accounts/accounts.types.js";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { NotificationHub } from "../notifications/notification-hub.js";
import type { Clock } from "../shared/clock.js";
import { PhaseTimer } from "../shared/phase-timer.js";
import { EventCandidateCache } from "./event-candidate-cache.js";
import { buildEventProblem, eventDiagnosis, pairKey, type ScoredCandidate } from "./event-problem.js";
import type { EventsRepository, NewMeeting } from "./events.repository.js";
import { assertOrganizer, assertStatus, type EventsService } from "./events.service.js";
import type { AssignmentRun, DockingEvent, ExpertParticipant, NeedParticipant } from "./events.types.js";

/**
 * The matching engine's scores of an event's needs among its registered experts (server/matches'
 * PoolRanking), with the version of what they were scored from: the model, the needs' text,
 * exclusions and conflicts, and the experts. Equal versions give equal scores.
 */
export interface CandidateScoring {
  version(needIds: readonly number[], expertIds: readonly number[]): Promise<string>;
  /** Each need's best `top` experts; the version is null when the scores may not be reused. */
  rank(
    needIds: readonly number[],
    expertIds: readonly number[],
    top: number,
    onProgress: (ranked: number) => void,
  ): Promise<{ version: string | null; candidates: ScoredCandidate[] }>;
}

/** Candidates the engine proposes per need: enough room for demand, quotas and "no thanks". */
export const candidatesPerNeed = 30;
/** How often progress is written and pushed, at most. */
const progressIntervalMs = 250;

/** One change that removes a reason of infeasibility; applying it re-runs the assignment. */
export type Relaxation =
  | { action: "setDemand"; participantId: number; value: number }
  | { action: "setMaxMeetings"; participantId: number; value: number }
  | { action: "setMinMeetings"; participantId: number; value: number }
  | { action: "removeQuota"; rule: number };

export type RunMode = "fresh" | "keepLocks";

/**
 * Runs the assignment engine for an event off the request: the run is recorded at once, then
 * candidates are scored by the matching engine (in its worker thread; the event's previous
 * scores are reused while what they were scored from is unchanged) and the min-cost flow /
 * HiGHS solve runs; progress and the time left are written to the run and pushed to the
 * organizer's /notifications channel. An infeasible run keeps the previous meetings and stores
 * the engine's diagnosis; `relax` applies one suggested change and runs again.
 */
export class EventAssignmentService {
  private readonly live = new Map<number, { phase: string; progress: number; etaSeconds: number | null }>();
  private readonly pending = new Set<Promise<void>>();
  private readonly scores = new EventCandidateCache();

  constructor(
    private readonly repository: EventsRepository,
    private readonly events: EventsService,
    private readonly deps: {
      scoring: CandidateScoring;
      notifications: NotificationHub;
      clock: Clock;
      logger: Logger;
    },
  ) {}

  /** Starts a run and answers at once; `keepLocks` re-solves keeping locked pairs with little churn. */
  async start(actor: Actor | null, eventId: number, mode: RunMode = "fresh"): Promise<AssignmentRun> {
    assertOrganizer(actor, "run the assignment");
    let event = await this.events.get(actor, eventId);
    assertStatus(event, ["registration", "matching"], "run the assignment");
    if (await this.repository.runningRun(eventId)) {
      throw new ConflictError("An assignment run is already in progress", { reason: "run_in_progress" });
    }
    if (event.status === "registration") event = await this.events.move(event, "matching");
    const run = await this.repository.startRun(eventId, actor.userId);
    const work = this.execute(event, run, mode, actor.userId)
      .catch(async (error: unknown) => {
        this.deps.logger.error({ err: error, eventId, runId: run.id }, "assignment run failed");
        await this.repository.finishRun(run.id, { status: "failed", failure: messageOf(error) }, this.deps.clock.now());
        this.deps.notifications.publish([actor.userId], {
          type: "event.assignment.finished",
          eventId,
          runId: run.id,
          status: "failed",
        });
      })
      .finally(() => {
        this.live.delete(run.id);
        this.pending.delete(work);
      });
    this.pending.add(work);
    return run;
  }

  async run(actor: Actor | null, eventId: number, runId: number): Promise<AssignmentRun> {
    assertOrganizer(actor, "follow assignment runs");
    await this.events.get(actor, eventId);
    const run = await this.repository.run(eventId, runId);
    if (!run) throw new NotFoundError("Assignment run", runId);
    return this.withLive(run);
  }

  async latest(actor: Actor | null, eventId: number): Promise<AssignmentRun | null> {
    assertOrganizer(actor, "follow assignment runs");
    const run = await this.repository.latestRun(eventId);
    return run ? this.withLive(run) : null;
  }

  /** Applies one suggested relaxation to the event or a participant, then runs again (keeping locks). */
  async relax(actor: Actor | null, eventId: number, relaxation: Relaxation): Promise<AssignmentRun> {
    assertOrganizer(actor, "relax the event's rules");
    const event = await this.events.get(actor, eventId);
    assertStatus(event, ["registration", "matching"], "relax the event's rules");
    if (relaxation.action === "removeQuota") {
      if (!event.quotaRules[relaxation.rule]) {
        throw new ValidationError(`The event has no quota rule ${relaxation.rule}`, {
          reason: "unknown_quota_rule",
          rule: relaxation.rule,
        });
      }
      await this.repository.update(eventId, {
        quotaRules: event.quotaRules.filter((_, i) => i !== relaxation.rule),
      });
    } else {
      const participant = await this.repository.participant(eventId, relaxation.participantId);
      if (!participant) throw new NotFoundError("Participant", relaxation.participantId);
      const field = { setDemand: "demand", setMaxMeetings: "maxMeetings", setMinMeetings: "minMeetings" } as const;
      const wanted = relaxation.action === "setDemand" ? "need" : "expert";
      if (participant.kind !== wanted) {
        throw new ValidationError(`Participant ${participant.id} is not a ${wanted}`, {
          reason: "wrong_participant_kind",
          participant: participant.id,
          kind: participant.kind,
        });
      }
      await this.repository.changeParticipant(eventId, participant.id, {
        [field[relaxation.action]]: relaxation.value,
      });
    }
    return this.start(actor, eventId, "keepLocks");
  }

  /** Resolves when every run started so far has finished (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  private withLive(run: AssignmentRun): AssignmentRun {
    const live = this.live.get(run.id);
    return live && run.status === "running" ? { ...run, ...live } : run;
  }

  private async execute(event: DockingEvent, run: AssignmentRun, mode: RunMode, organizerId: number): Promise<void> {
    const report = this.reporter(event.id, run.id, organizerId);
    const timer = new PhaseTimer();
    const participants = await this.repository.participants(event.id);
    const needs = participants.filter((p): p is NeedParticipant => p.kind === "need");
    const experts = participants.filter((p): p is ExpertParticipant => p.kind === "expert");
    const expertIds = experts.map((p) => p.expert.id);
    timer.lap("readParticipants");
    const { candidates, reused } = await this.scoreCandidates(
      event.id,
      needs.map((p) => p.need.id),
      expertIds,
      report,
    );
    timer.lap("scoring");
    const previous = mode === "keepLocks" ? await this.repository.meetings(event.id) : [];
    const locked = previous.filter((m) => m.locked || m.source === "manual");
    const built = buildEventProblem({
      event,
      needs,
      experts,
      candidates,
      preferences: await this.repository.preferences(event.id),
      conflicts: await this.repository.conflictsOf(expertIds),
      keep: locked.map((m) => ({ needId: m.need.id, expertId: m.expert.id, score: m.score })),
    });
    timer.lap("buildProblem");
    const indexOf = (m: { need: { id: number }; expert: { id: number } }) =>
      built.pairIndex.get(pairKey(m.need.id, m.expert.id));
    const asPair = (index: number) => ({
      need: built.problem.pairs[index]!.need,
      expert: built.problem.pairs[index]!.expert,
    });
    const pairsOf = (list: typeof previous) =>
      list
        .map(indexOf)
        .filter((i) => i !== undefined)
        .map(asPair);
    const options = {
      objective: event.objective,
      timeLimitSeconds: 50,
      onProgress: (p: AssignmentProgress) =>
        report(`solving: ${p.phase}`, 0.5 + 0.5 * (p.total > 0 ? p.done / p.total : 0), p.etaSeconds),
    };
    report("solving", 0.5, null);
    const result: AssignmentResult | ChurnResult =
      mode === "keepLocks" && previous.length > 0
        ? await resolveWithLittleChurn(
            built.problem,
            { previous: pairsOf(previous), locked: pairsOf(locked), tolerance: 0.001 },
            options,
          )
        : await solveAssignment(built.problem, options);
    timer.lap("solve");
    const finishedAt = this.deps.clock.now();
    if (result.status === "infeasible") {
      await this.repository.finishRun(
        run.id,
        { status: "infeasible", diagnosis: result.diagnosis ? eventDiagnosis(result.diagnosis) : null },
        finishedAt,
      );
    } else {
      const lockedKeys = new Set(locked.map((m) => pairKey(m.need.id, m.expert.id)));
      const manualKeys = new Set(
        previous.filter((m) => m.source === "manual").map((m) => pairKey(m.need.id, m.expert.id)),
      );
      const previousKeys = new Set(previous.map((m) => pairKey(m.need.id, m.expert.id)));
      const meetings: NewMeeting[] = result.assigned.map((a) => {
        const needId = built.needs[a.need]!.need.id;
        const expertId = built.experts[a.expert]!.expert.id;
        const key = pairKey(needId, expertId);
        return {
          needId,
          expertId,
          score: a.score,
          locked: lockedKeys.has(key),
          source: manualKeys.has(key) ? "manual" : "engine",
        };
      });
      const changed = meetings.filter((m) => !previousKeys.has(pairKey(m.needId, m.expertId))).length;
      await this.repository.finishRun(
        run.id,
        {
          status: result.status,
          objective: result.objective,
          upperBound: result.upperBound,
          minNeedScore: result.minNeedScore,
          changedPairs:
            mode === "keepLocks" ? changed + Math.max(0, previous.length - (meetings.length - changed)) : null,
        },
        finishedAt,
        { eventId: event.id, pairs: meetings },
      );
    }
    timer.lap("write");
    this.deps.notifications.publish([organizerId], {
      type: "event.assignment.finished",
      eventId: event.id,
      runId: run.id,
      status: result.status,
    });
    this.deps.logger.info(
      {
        eventId: event.id,
        runId: run.id,
        status: result.status,
        pairs: built.problem.pairs.length,
        scoresReused: reused,
        ...timer.millis(),
      },
      "event assignment run finished",
    );
  }

  /**
   * Each need's best registered experts from the matching engine (the first half of the
   * progress), or the event's previous run's when nothing they were scored from has changed.
   */
  private async scoreCandidates(
    eventId: number,
    needIds: readonly number[],
    expertIds: readonly number[],
    report: (phase: string, progress: number, etaSeconds: number | null) => void,
  ): Promise<{ candidates: readonly ScoredCandidate[]; reused: boolean }> {
    report("scoring candidates", 0, null);
    const kept = this.scores.get(eventId, await this.deps.scoring.version(needIds, expertIds));
    if (kept) return { candidates: kept, reused: true };
    const started = performance.now();
    const { version, candidates } = await this.deps.scoring.rank(needIds, expertIds, candidatesPerNeed, (done) => {
      const elapsed = (performance.now() - started) / 1000;
      report("scoring candidates", (0.5 * done) / needIds.length, (elapsed / done) * (needIds.length - done));
    });
    if (version !== null) this.scores.set(eventId, version, candidates);
    return { candidates, reused: false };
  }

  /** Records progress in memory at once, and in the run row and the organizer's channel at most every 250 ms. */
  private reporter(eventId: number, runId: number, organizerId: number) {
    let lastPushed = 0;
    return (phase: string, progress: number, etaSeconds: number | null) => {
      const eta = etaSeconds === null ? null : Math.max(0, Math.round(etaSeconds));
      this.live.set(runId, { phase, progress, etaSeconds: eta });
      const now = performance.now();
      if (now - lastPushed < progressIntervalMs && progress < 1) return;
      lastPushed = now;
      void this.repository.recordProgress(runId, phase, progress).catch((error: unknown) => {
        this.deps.logger.warn({ err: error, runId }, "could not record assignment progress");
      });
      this.deps.notifications.publish([organizerId], {
        type: "event.assignment.progress",
        eventId,
        runId,
        phase,
        percent: Math.round(progress * 100),
        etaSeconds: eta,
      });
    };
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
