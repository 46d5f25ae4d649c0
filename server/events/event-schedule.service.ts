import { scheduleMeetings, type Meeting } from "../../matching/index.js";
import { isStaff, type Actor } from "../accounts/accounts.types.js";
import { ConflictError, ForbiddenError, NotFoundError, UnauthenticatedError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { NotificationHub } from "../notifications/notification-hub.js";
import type { Clock } from "../shared/clock.js";
import { PhaseTimer } from "../shared/phase-timer.js";
import type { EventsRepository } from "./events.repository.js";
import { assertOrganizer, assertStatus, type EventsService } from "./events.service.js";
import {
  slotTimes,
  type DockingEvent,
  type EventMeeting,
  type EventParticipant,
  type SlotTime,
} from "./events.types.js";

export interface ScheduleSummary {
  scheduled: number;
  unscheduled: number;
  slotsUsed: number;
  lowerBound: number;
  idleGaps: number;
  /** Why meetings could not be placed (by meeting id). */
  unplaced: { meetingId: number; reason: string }[];
}

/** A participant's agenda: their meetings in time order, each with its counterpart. */
export interface Agenda {
  event: DockingEvent;
  participant: EventParticipant;
  slots: SlotTime[];
  meetings: EventMeeting[];
}

/** The engine's participant names: needs and experts share one namespace. */
const needKey = (id: number) => `n${id}`;
const expertKey = (id: number) => `e${id}`;

/**
 * Fits the assigned meetings into slots × tables (the engine: every participant in one place
 * at a time, availability respected), publishes the schedule (participants are told live), and
 * answers each participant's agenda: participants see only their own, organizers anyone's.
 */
export class EventScheduleService {
  constructor(
    private readonly repository: EventsRepository,
    private readonly events: EventsService,
    private readonly deps: { notifications: NotificationHub; clock: Clock; logger: Logger },
  ) {}

  async schedule(actor: Actor | null, eventId: number): Promise<ScheduleSummary> {
    assertOrganizer(actor, "schedule meetings");
    const event = await this.events.get(actor, eventId);
    assertStatus(event, ["matching"], "schedule meetings");
    const timer = new PhaseTimer();
    const meetings = await this.repository.meetings(eventId);
    if (meetings.length === 0)
      throw new ConflictError("Run the assignment first: there is nothing to schedule", { reason: "no_meetings" });
    const availability = new Map<string, Set<number>>();
    for (const p of await this.repository.participants(eventId)) {
      if (p.availability.length === 0) continue;
      availability.set(p.kind === "need" ? needKey(p.need.id) : expertKey(p.expert.id), new Set(p.availability));
    }
    const problem: Meeting[] = meetings.map((m) => ({
      id: String(m.id),
      participants: [needKey(m.need.id), expertKey(m.expert.id)],
      // Locked and manual pairs are the organizer's choices: place them first.
      priority: m.locked ? 2 : 1,
    }));
    timer.lap("read");
    const result = scheduleMeetings(
      { meetings: problem, slots: event.slotCount, tables: event.tableCount, availability },
      { gapSearchSeconds: 1 },
    );
    timer.lap("solve");
    const placed = new Map(result.placements.map((p) => [p.meeting, p]));
    await this.repository.place(
      eventId,
      meetings.map((m, i) => ({ id: m.id, slot: placed.get(i)?.slot ?? null, tableNo: placed.get(i)?.table ?? null })),
    );
    timer.lap("write");
    this.deps.logger.info(
      { eventId, meetings: meetings.length, slotsUsed: result.slotsUsed, ...timer.millis() },
      "event schedule placed",
    );
    return {
      scheduled: result.placements.length,
      unscheduled: result.unscheduled.length,
      slotsUsed: result.slotsUsed,
      lowerBound: result.lowerBound,
      idleGaps: result.idleGaps,
      unplaced: result.unscheduled.map((u) => ({ meetingId: meetings[u.meeting]!.id, reason: u.reason })),
    };
  }

  /** Publishes the schedule: every meeting must have a slot; participants are notified. */
  async publish(actor: Actor | null, eventId: number): Promise<DockingEvent> {
    assertOrganizer(actor, "publish schedules");
    const event = await this.events.get(actor, eventId);
    assertStatus(event, ["matching"], "publish the schedule");
    const timer = new PhaseTimer();
    const meetings = await this.repository.meetings(eventId);
    if (meetings.length === 0 || meetings.some((m) => m.slot === null)) {
      throw new ConflictError("Schedule every meeting before publishing", {
        reason: "not_scheduled",
        unscheduled: meetings.filter((m) => m.slot === null).length,
      });
    }
    timer.lap("read");
    const published = await this.events.move(event, "scheduled", this.deps.clock.now());
    timer.lap("write");
    const count = new Map<number, number>();
    for (const m of meetings) {
      for (const userId of [m.need.ownerId, m.expert.userId]) {
        if (userId !== null) count.set(userId, (count.get(userId) ?? 0) + 1);
      }
    }
    for (const [userId, n] of count) {
      this.deps.notifications.publish([userId], {
        type: "event.published",
        eventId,
        eventTitle: event.title,
        meetings: n,
      });
    }
    timer.lap("notify");
    this.deps.logger.info({ eventId, notified: count.size, ...timer.millis() }, "event schedule published");
    return published;
  }

  /** The whole schedule (organizers): every meeting with its slot and table. */
  async fullSchedule(
    actor: Actor | null,
    eventId: number,
  ): Promise<{ event: DockingEvent; slots: SlotTime[]; meetings: EventMeeting[]; participants: EventParticipant[] }> {
    assertOrganizer(actor, "see the whole schedule");
    const event = await this.events.get(actor, eventId);
    return {
      event,
      slots: slotTimes(event),
      meetings: await this.repository.meetings(eventId),
      participants: await this.repository.participants(eventId),
    };
  }

  /**
   * The caller's agendas: one per participant that is theirs (an enterprise may have several
   * needs). Organizers may ask for anyone's with `participantId`. Participants see their
   * agenda once the schedule is published.
   */
  async agendas(actor: Actor | null, eventId: number, participantId?: number): Promise<Agenda[]> {
    if (!actor) throw new UnauthenticatedError();
    const event = await this.events.get(actor, eventId);
    let participants: EventParticipant[];
    if (participantId !== undefined) {
      const participant = await this.repository.participant(eventId, participantId);
      if (!participant) throw new NotFoundError("Participant", participantId);
      const own =
        participant.kind === "need"
          ? participant.need.ownerId === actor.userId
          : participant.expert.id === actor.expertId;
      if (!own && !isStaff(actor)) throw new ForbiddenError("Participants see only their own agenda");
      participants = [participant];
    } else {
      participants = await this.repository.participantsOfUser(eventId, actor.userId);
    }
    const published = ["scheduled", "live", "closed"].includes(event.status);
    if (!published && !isStaff(actor)) {
      throw new ConflictError("The schedule is not published yet", { reason: "not_published" });
    }
    const slots = slotTimes(event);
    const agendas: Agenda[] = [];
    for (const participant of participants) {
      const meetings = await this.repository.meetingsOf(
        eventId,
        participant.kind === "need"
          ? { needIds: [participant.need.id], expertIds: [] }
          : { needIds: [], expertIds: [participant.expert.id] },
      );
      agendas.push({
        event,
        participant,
        slots,
        meetings: meetings.filter((m) => m.slot !== null && m.status !== "cancelled"),
      });
    }
    return agendas;
  }

  /** Events the user takes part in (their inbox lists them). */
  async eventsOf(userId: number): Promise<DockingEvent[]> {
    return (await this.repository.eventsOfUser(userId)).filter((e) =>
      ["scheduled", "live", "closed"].includes(e.status),
    );
  }
}
