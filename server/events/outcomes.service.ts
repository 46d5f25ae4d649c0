import { isStaff, type Actor } from "../accounts/accounts.types.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import type { Clock } from "../shared/clock.js";
import { lineError, lineReason, type LineError, type LineReason } from "../shared/line-reasons.js";
import type { OutcomesRepository } from "./outcomes.repository.js";
import {
  outcomeBlock,
  type Outcome,
  type OutcomeBlock,
  type OutcomeInput,
  type OutcomeMeeting,
  type OutcomeSide,
} from "./outcomes.types.js";

/** Moves a need's status when it is still `from` (the needs' own workflow applies). */
export type MoveNeedStatus = (needId: number, from: string, to: string) => Promise<boolean>;

/** A line of an organizer's bulk file, already read: the meeting it names and the outcome. */
export interface OutcomeLine {
  line: number;
  meetingId?: number;
  needId?: number;
  expertId?: number;
  input: OutcomeInput;
}

export interface BulkResult {
  recorded: number;
  /** Each refused line with its coded reasons (server/shared/line-reasons.ts), as import reports carry them. */
  errors: LineError[];
}

/** Why a meeting's outcome cannot be recorded, as a workbook line's reason (and, as a sentence, an API error). */
const blockReasons: Record<OutcomeBlock, (meeting: OutcomeMeeting) => LineReason> = {
  did_not_take_place: (m) => lineReason("meeting_not_held", { meeting: m.id, status: m.status }),
  before_live_day: () => lineReason("before_live_day"),
  not_begun: (m) => lineReason("meeting_not_begun", { meeting: m.id }),
};

/** A reason's English as an error message: `Meeting 4 has not begun yet`. */
const sentence = (reason: LineReason) => reason.message.charAt(0).toUpperCase() + reason.message.slice(1);

/**
 * What came of each meeting: either side records its result (no interest, follow-up,
 * intention, contract with its value), organizers too, one by one or from a workbook. A result
 * moves the need along its workflow (intention or follow-up: in progress; contract: solved), and
 * the outcomes become the matcher's feedback (see server/matches/matching-inputs.ts).
 */
export class OutcomesService {
  constructor(
    private readonly repository: OutcomesRepository,
    private readonly moveNeed: MoveNeedStatus,
    private readonly clock: Clock,
  ) {}

  /** Why the meeting's outcome cannot be recorded now, or null (the pages offer the form only then). */
  blockOf(meeting: OutcomeMeeting): OutcomeBlock | null {
    return outcomeBlock(meeting, this.clock.now());
  }

  /** The meeting and its outcomes, for its two parties and organizers. */
  async forMeeting(actor: Actor, meetingId: number): Promise<{ meeting: OutcomeMeeting; outcomes: Outcome[] }> {
    const meeting = await this.readableMeeting(actor, meetingId);
    return { meeting, outcomes: await this.repository.outcomesOf([meeting.id]) };
  }

  /** The side the actor records for: their own; organizers say which. */
  sideOf(actor: Actor, meeting: OutcomeMeeting, asked: OutcomeSide | undefined): OutcomeSide {
    const own: OutcomeSide[] = [];
    if (meeting.needOwnerId === actor.userId) own.push("need");
    if (meeting.expertUserId === actor.userId) own.push("expert");
    if (asked && (own.includes(asked) || isStaff(actor))) return asked;
    if (!asked && own.length === 1) return own[0]!;
    if (isStaff(actor) && !asked) {
      throw new ValidationError("Say which side the outcome is for (need or expert)", { reason: "side_required" });
    }
    throw new ForbiddenError("Only the meeting's two parties and organizers record its outcome");
  }

  async record(
    actor: Actor,
    meetingId: number,
    input: Omit<OutcomeInput, "side"> & { side?: OutcomeSide },
  ): Promise<Outcome> {
    const meeting = await this.readableMeeting(actor, meetingId);
    const side = this.sideOf(actor, meeting, input.side);
    const complete = { ...input, side };
    const problem = this.problemOf(meeting, complete);
    if (problem?.block) throw new ConflictError(sentence(problem.reason), { reason: problem.block });
    if (problem) throw new ValidationError(sentence(problem.reason), { reason: problem.reason.code });
    const [saved] = await this.repository.save([{ meetingId, input: complete }], actor.userId);
    await this.advanceNeeds([{ meeting, input: complete }]);
    return saved!;
  }

  /** Every meeting of an event with its outcomes (organizers). */
  async ofEvent(actor: Actor, eventId: number): Promise<{ meeting: OutcomeMeeting; outcomes: Outcome[] }[]> {
    requireOrganizer(actor);
    const meetings = await this.repository.meetingsOfEvent(eventId);
    const outcomes = await this.repository.outcomesOf(meetings.map((m) => m.id));
    return meetings.map((meeting) => ({ meeting, outcomes: outcomes.filter((o) => o.meetingId === meeting.id) }));
  }

  /**
   * An organizer's bulk file: every line is checked first and nothing is written unless all
   * are good, so a file with one mistake never leaves half its lines recorded.
   */
  async recordBulk(
    actor: Actor,
    eventId: number,
    lines: readonly OutcomeLine[],
    unreadable: readonly LineError[],
  ): Promise<BulkResult> {
    requireOrganizer(actor);
    const meetings = await this.repository.meetingsOfEvent(eventId);
    const byId = new Map(meetings.map((m) => [m.id, m]));
    const byPair = new Map(meetings.map((m) => [`${m.needId}:${m.expertId}`, m]));
    const errors = [...unreadable];
    const accepted: { meeting: OutcomeMeeting; input: OutcomeInput }[] = [];
    /** The line each meeting's side was first given on. */
    const seen = new Map<string, number>();
    for (const line of lines) {
      const meeting =
        line.meetingId !== undefined ? byId.get(line.meetingId) : byPair.get(`${line.needId}:${line.expertId}`);
      if (!meeting) {
        errors.push(lineError(line.line, [lineReason("unknown_meeting")]));
        continue;
      }
      const problem = this.problemOf(meeting, line.input);
      if (problem) {
        errors.push(lineError(line.line, [problem.reason]));
        continue;
      }
      const key = `${meeting.id}:${line.input.side}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        const params = { meeting: meeting.id, side: line.input.side, earlier };
        errors.push(lineError(line.line, [lineReason("repeated_side", params)]));
        continue;
      }
      seen.set(key, line.line);
      accepted.push({ meeting, input: line.input });
    }
    errors.sort((a, b) => a.line - b.line);
    if (errors.length > 0) return { recorded: 0, errors };
    await this.repository.save(
      accepted.map((a) => ({ meetingId: a.meeting.id, input: a.input })),
      actor.userId,
    );
    await this.advanceNeeds(accepted);
    return { recorded: accepted.length, errors: [] };
  }

  /** Meetings of an event, for the organizers' template workbook. */
  async meetingsForTemplate(actor: Actor, eventId: number): Promise<OutcomeMeeting[]> {
    requireOrganizer(actor);
    return (await this.repository.meetingsOfEvent(eventId)).filter((m) => this.blockOf(m) !== "did_not_take_place");
  }

  /** Intention or follow-up puts an open need in progress; a contract solves it (through in progress). */
  private async advanceNeeds(entries: readonly { meeting: OutcomeMeeting; input: OutcomeInput }[]) {
    const strongest = new Map<number, { status: string; contract: boolean }>();
    for (const { meeting, input } of entries) {
      if (input.result === "no_interest") continue;
      const known = strongest.get(meeting.needId);
      strongest.set(meeting.needId, {
        status: meeting.needStatus,
        contract: (known?.contract ?? false) || input.result === "contract",
      });
    }
    for (const [needId, { status, contract }] of strongest) {
      let now = status;
      if (now === "open" && (await this.moveNeed(needId, "open", "in_progress"))) now = "in_progress";
      if (contract && now === "in_progress") await this.moveNeed(needId, "in_progress", "solved");
    }
  }

  /**
   * Why this outcome cannot be recorded for this meeting now, or null: a reason a workbook's line
   * reports as it is, and a single recording answers as a conflict (the meeting is blocked) or
   * a validation error (the value).
   */
  private problemOf(
    meeting: OutcomeMeeting,
    input: OutcomeInput,
  ): { reason: LineReason; block: OutcomeBlock | null } | null {
    const block = this.blockOf(meeting);
    if (block) return { reason: blockReasons[block](meeting), block };
    if (input.result === "contract" && input.contractValueYuan === null) {
      return { reason: lineReason("contract_needs_value", {}, "value"), block: null };
    }
    if (input.result !== "contract" && input.contractValueYuan !== null) {
      return { reason: lineReason("value_only_for_contract", {}, "value"), block: null };
    }
    return null;
  }

  private async readableMeeting(actor: Actor, meetingId: number): Promise<OutcomeMeeting> {
    const meeting = await this.repository.findMeeting(meetingId);
    if (!meeting) throw new NotFoundError("Meeting", meetingId);
    const party = meeting.needOwnerId === actor.userId || meeting.expertUserId === actor.userId;
    // Others learn nothing, not even that the meeting exists.
    if (!party && !isStaff(actor)) throw new NotFoundError("Meeting", meetingId);
    return meeting;
  }
}

function requireOrganizer(actor: Actor): void {
  if (!isStaff(actor)) throw new ForbiddenError("Only organizers manage an event's outcomes");
}
