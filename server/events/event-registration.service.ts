import { isStaff, type Actor } from "../accounts/accounts.types.js";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError, ValidationError } from "../errors.js";
import type { Logger } from "../logger.js";
import { PhaseTimer } from "../shared/phase-timer.js";
import { lineError, lineReason, type LineError } from "../shared/line-reasons.js";
import { readRosterFile } from "./event-roster-file.js";
import type { EventsRepository, ParticipantChanges, ParticipantInput } from "./events.repository.js";
import { assertOrganizer, assertStatus, type EventsService } from "./events.service.js";
import type { DockingEvent, EventParticipant } from "./events.types.js";

export interface RosterReport {
  /** Rows read from the file (header excluded). */
  rows: number;
  registered: number;
  /** Line-numbered problems; when there are any, nothing was registered. */
  errors: LineError[];
}

/** Organizers may register and change participants until the schedule is published. */
const organizerStatuses = ["draft", "registration", "matching"] as const;

/**
 * Who takes part in an event: enterprises register their open needs (with a demand), experts
 * register themselves (availability and most meetings), organizers register anyone, one at a
 * time or from a .csv/.xlsx file (all rows or none, with a line-numbered report).
 */
export class EventRegistrationService {
  constructor(
    private readonly repository: EventsRepository,
    private readonly events: EventsService,
    private readonly logger: Logger,
  ) {}

  async register(actor: Actor | null, eventId: number, input: ParticipantInput): Promise<EventParticipant> {
    if (!actor) throw new UnauthenticatedError();
    const event = await this.events.get(actor, eventId);
    this.checkSlots(event, input.availability);
    if (isStaff(actor)) {
      assertStatus(event, organizerStatuses, "register participants");
      await this.assertRecordExists(input);
    } else {
      if (!this.events.registrationOpen(event)) {
        throw new ConflictError("Registration for this event is not open", { reason: "registration_closed" });
      }
      await this.assertOwnRecord(actor, input);
    }
    const [id] = await this.repository.register(eventId, [input], actor.userId);
    return (await this.repository.participant(eventId, id!))!;
  }

  async importRoster(actor: Actor | null, eventId: number, fileName: string, content: Buffer): Promise<RosterReport> {
    assertOrganizer(actor, "register participants from a file");
    const event = await this.events.get(actor, eventId);
    assertStatus(event, organizerStatuses, "register participants");
    const timer = new PhaseTimer();
    const { rows, errors } = await readRosterFile(fileName, content, event.slotCount);
    timer.lap("parse");
    const needs = await this.repository.needsByRefs(rows.filter((r) => r.kind === "need").map((r) => r.ref));
    const experts = await this.repository.expertsByRefs(rows.filter((r) => r.kind === "expert").map((r) => r.ref));
    const inputs: ParticipantInput[] = [];
    const seen = new Map<string, number>();
    for (const row of rows) {
      const key = `${row.kind}:${row.ref}`;
      const earlier = seen.get(key);
      if (earlier !== undefined) {
        const repeated = row.kind === "need" ? "repeated_need" : "repeated_expert";
        errors.push(lineError(row.line, [lineReason(repeated, { ref: row.ref, earlier })]));
        continue;
      }
      seen.set(key, row.line);
      if (row.kind === "need") {
        const need = needs.get(row.ref);
        if (!need) errors.push(lineError(row.line, [lineReason("unknown_need", { ref: row.ref })]));
        else inputs.push({ kind: "need", needId: need.id, demand: row.demand, availability: row.availability });
      } else {
        const expert = experts.get(row.ref);
        if (!expert) errors.push(lineError(row.line, [lineReason("unknown_expert", { ref: row.ref })]));
        else
          inputs.push({
            kind: "expert",
            expertId: expert.id,
            maxMeetings: row.maxMeetings,
            minMeetings: row.minMeetings,
            availability: row.availability,
          });
      }
    }
    errors.sort((a, b) => a.line - b.line);
    if (errors.length > 0) return { rows: rows.length + errors.length, registered: 0, errors };
    timer.lap("resolve");
    await this.repository.register(eventId, inputs, actor.userId);
    timer.lap("write");
    this.logger.info({ eventId, registered: inputs.length, ...timer.millis() }, "event roster registered");
    return { rows: rows.length, registered: inputs.length, errors: [] };
  }

  async change(actor: Actor | null, eventId: number, participantId: number, changes: ParticipantChanges) {
    assertOrganizer(actor, "change participants");
    const event = await this.events.get(actor, eventId);
    assertStatus(event, organizerStatuses, "change participants");
    if (changes.availability) this.checkSlots(event, changes.availability);
    await this.participant(eventId, participantId);
    await this.repository.changeParticipant(eventId, participantId, changes);
    return (await this.repository.participant(eventId, participantId))!;
  }

  /** Organizers remove anyone before publishing; participants withdraw themselves while registration is open. */
  async remove(actor: Actor | null, eventId: number, participantId: number): Promise<void> {
    if (!actor) throw new UnauthenticatedError();
    const event = await this.events.get(actor, eventId);
    const participant = await this.participant(eventId, participantId);
    if (isStaff(actor)) assertStatus(event, organizerStatuses, "remove participants");
    else {
      if (!this.isOwn(actor, participant)) throw new ForbiddenError("You can only withdraw your own registration");
      if (!this.events.registrationOpen(event)) {
        throw new ConflictError("Registration for this event is closed", { reason: "registration_closed" });
      }
    }
    await this.repository.removeParticipant(eventId, participant);
  }

  /** Every participant (organizers), or the caller's own registrations. */
  async list(actor: Actor | null, eventId: number): Promise<EventParticipant[]> {
    if (!actor) throw new UnauthenticatedError();
    await this.events.get(actor, eventId);
    if (isStaff(actor)) return this.repository.participants(eventId);
    return this.repository.participantsOfUser(eventId, actor.userId);
  }

  /** An enterprise's open needs, to choose from on the join page. */
  openNeedsOf(userId: number): Promise<{ id: number; title: string }[]> {
    return this.repository.openNeedsOf(userId);
  }

  isOwn(actor: Actor, participant: EventParticipant): boolean {
    return participant.kind === "need"
      ? participant.need.ownerId === actor.userId
      : participant.expert.id === actor.expertId;
  }

  private async participant(eventId: number, participantId: number): Promise<EventParticipant> {
    const participant = await this.repository.participant(eventId, participantId);
    if (!participant) throw new NotFoundError("Participant", participantId);
    return participant;
  }

  /** An organizer names any need or expert: one that does not exist is a 404, not a failed write. */
  private async assertRecordExists(input: ParticipantInput): Promise<void> {
    if (input.kind === "need") {
      if (!(await this.repository.findNeed(input.needId))) throw new NotFoundError("Need", input.needId);
    } else if (!(await this.repository.findExpert(input.expertId))) {
      throw new NotFoundError("Expert", input.expertId);
    }
  }

  private async assertOwnRecord(actor: Actor, input: ParticipantInput): Promise<void> {
    if (input.kind === "expert") {
      if (actor.expertId !== input.expertId) throw new ForbiddenError("Experts register only themselves");
      return;
    }
    const need = await this.repository.findNeed(input.needId);
    if (!need || need.ownerId !== actor.userId) throw new ForbiddenError("Enterprises register only their own needs");
    if (need.status !== "open") {
      throw new ConflictError("Only open needs can be registered", { reason: "need_not_open", status: need.status });
    }
  }

  private checkSlots(event: DockingEvent, slots: readonly number[]): void {
    const outside = slots.filter((s) => s >= event.slotCount);
    if (outside.length > 0) {
      throw new ValidationError(`The event has slots 0–${event.slotCount - 1}; ${outside.join(", ")} do not exist`, {
        reason: "slot_out_of_range",
        last: event.slotCount - 1,
        slotCount: event.slotCount,
        slots: outside,
      });
    }
  }
}
