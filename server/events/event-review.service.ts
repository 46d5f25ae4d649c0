import { sameOrganization } from "../../matching/index.js";
import type { Actor } from "../accounts/accounts.types.js";
import { ConflictError, NotFoundError, ValidationError } from "../errors.js";
import type { EventsRepository } from "./events.repository.js";
import { assertOrganizer, assertStatus, type EventsService } from "./events.service.js";
import type { EventExpertRef, EventMeeting, EventNeedRef } from "./events.types.js";

/** Why a hand-made pair is questionable; the organizer must accept these to add it. */
export interface PairWarning {
  code: "declared_conflict" | "same_organization" | "declined" | "not_registered";
  message: string;
}

/**
 * The organizer's review of the engine's answer before publishing: lock pairs (a re-run keeps
 * them), remove one, swap the experts of two, add a pair by hand (warned about conflicts).
 * Any change drops the schedule: slots are placed again before publishing.
 */
export class EventReviewService {
  constructor(
    private readonly repository: EventsRepository,
    private readonly events: EventsService,
  ) {}

  async meetings(actor: Actor | null, eventId: number): Promise<EventMeeting[]> {
    assertOrganizer(actor, "review the assignment");
    await this.events.get(actor, eventId);
    return this.repository.meetings(eventId);
  }

  async setLocked(actor: Actor | null, eventId: number, meetingId: number, locked: boolean): Promise<EventMeeting> {
    await this.reviewable(actor, eventId);
    await this.meeting(eventId, meetingId);
    await this.repository.setLocked(eventId, meetingId, locked);
    return (await this.repository.meeting(eventId, meetingId))!;
  }

  async remove(actor: Actor | null, eventId: number, meetingId: number): Promise<void> {
    await this.reviewable(actor, eventId);
    await this.meeting(eventId, meetingId);
    await this.repository.removeMeeting(eventId, meetingId);
    await this.unschedule(eventId);
  }

  /** Exchanges the experts of two meetings; both become manual, locked pairs. */
  async swap(actor: Actor | null, eventId: number, firstId: number, secondId: number): Promise<EventMeeting[]> {
    await this.reviewable(actor, eventId);
    if (firstId === secondId) {
      throw new ValidationError("Choose two different meetings to swap", { reason: "same_meeting" });
    }
    const first = await this.meeting(eventId, firstId);
    const second = await this.meeting(eventId, secondId);
    if (first.need.id === second.need.id || first.expert.id === second.expert.id) {
      throw new ValidationError("Swapping these meetings changes nothing: they share a need or an expert", {
        reason: "swap_changes_nothing",
      });
    }
    const existing = new Set((await this.repository.meetings(eventId)).map((m) => `${m.need.id}:${m.expert.id}`));
    if (existing.has(`${first.need.id}:${second.expert.id}`) || existing.has(`${second.need.id}:${first.expert.id}`)) {
      throw new ConflictError("One of the swapped pairs already exists", { reason: "duplicate_pair" });
    }
    await this.repository.swapExperts(eventId, first, second, { first: 0, second: 0 });
    await this.unschedule(eventId);
    return this.repository.meetings(eventId);
  }

  /** What is wrong with a pair, if anything (before adding it by hand). */
  async warningsFor(eventId: number, need: EventNeedRef, expert: EventExpertRef): Promise<PairWarning[]> {
    const warnings: PairWarning[] = [];
    const participants = await this.repository.participants(eventId);
    const registered = (kind: "need" | "expert", id: number) =>
      participants.some((p) =>
        p.kind === "need" ? kind === "need" && p.need.id === id : kind === "expert" && p.expert.id === id,
      );
    if (!registered("need", need.id) || !registered("expert", expert.id)) {
      warnings.push({ code: "not_registered", message: "The need or the expert is not registered for this event" });
    }
    if (need.enterprise && expert.organization && sameOrganization(need.enterprise, expert.organization)) {
      warnings.push({ code: "same_organization", message: `${expert.name} works for ${need.enterprise}` });
    }
    const declared = await this.repository.conflictsOf([expert.id]);
    if (need.enterprise && declared.some((c) => sameOrganization(c.organization, need.enterprise))) {
      warnings.push({
        code: "declared_conflict",
        message: `${expert.name} declared a conflict of interest with ${need.enterprise}`,
      });
    }
    const declined = (await this.repository.preferences(eventId)).some(
      (p) => p.needId === need.id && p.expertId === expert.id && p.choice === "no",
    );
    if (declined) warnings.push({ code: "declined", message: "One side said no thanks to this pair" });
    return warnings;
  }

  /**
   * Adds a pair by hand (locked). A pair with warnings is refused with them (409) unless the
   * organizer accepts them; an unregistered side is always refused.
   */
  async add(
    actor: Actor | null,
    eventId: number,
    pair: { needId: number; expertId: number; acceptWarnings: boolean },
  ): Promise<{ meeting: EventMeeting; warnings: PairWarning[] }> {
    await this.reviewable(actor, eventId);
    const need = await this.repository.findNeed(pair.needId);
    const expert = await this.repository.findExpert(pair.expertId);
    if (!need) throw new NotFoundError("Need", pair.needId);
    if (!expert) throw new NotFoundError("Expert", pair.expertId);
    const warnings = await this.warningsFor(eventId, need, expert);
    if (warnings.some((w) => w.code === "not_registered")) {
      throw new ConflictError("Register both sides before pairing them", { reason: "not_registered", warnings });
    }
    if (warnings.length > 0 && !pair.acceptWarnings) {
      throw new ConflictError(warnings.map((w) => w.message).join("; "), { reason: "pair_warnings", warnings });
    }
    const existing = await this.repository.meetingsOf(eventId, { needIds: [need.id], expertIds: [] });
    if (existing.some((m) => m.expert.id === expert.id)) {
      throw new ConflictError("This pair is already assigned", { reason: "duplicate_pair" });
    }
    const meeting = await this.repository.addMeeting(eventId, {
      needId: need.id,
      expertId: expert.id,
      score: 0,
      locked: true,
      source: "manual",
    });
    await this.unschedule(eventId);
    return { meeting, warnings };
  }

  private async reviewable(actor: Actor | null, eventId: number): Promise<void> {
    assertOrganizer(actor, "change the assignment");
    const event = await this.events.get(actor, eventId);
    assertStatus(event, ["matching"], "change the assignment");
  }

  private async meeting(eventId: number, meetingId: number): Promise<EventMeeting> {
    const meeting = await this.repository.meeting(eventId, meetingId);
    if (!meeting) throw new NotFoundError("Meeting", meetingId);
    return meeting;
  }

  private async unschedule(eventId: number): Promise<void> {
    const meetings = await this.repository.meetings(eventId);
    if (meetings.some((m) => m.slot !== null)) {
      await this.repository.place(
        eventId,
        meetings.map((m) => ({ id: m.id, slot: null, tableNo: null })),
      );
    }
  }
}
