import { proposeRefill, type RefillProposal } from "../../matching/index.js";
import { isStaff, type Actor } from "../accounts/accounts.types.js";
import { ConflictError, ForbiddenError, NotFoundError, ValidationError } from "../errors.js";
import type { Notification } from "../notifications/notification-hub.js";
import type { Clock } from "../shared/clock.js";
import type { LiveDayBus, RefillProposalView } from "./live-day.bus.js";
import { expertKey, needKey, parseKey, type CandidateLists, type EventCandidates } from "./live-day.candidates.js";
import type { EventSides, LiveDayRepository } from "./live-day.repository.js";
import { slotTimes } from "./events.types.js";
import { currentSlot } from "./event-slots.js";
import { hashCheckInToken, isWallToken, newCheckInToken, wallToken } from "./live-day.tokens.js";
import {
  activeMeetingStatuses,
  attendsSlot,
  isPresent,
  maxMeetingsAt,
  type EventStatus,
  type LiveEvent,
  type LiveMeeting,
  type LiveParticipant,
} from "./live-day.types.js";

export interface LiveDayDeps {
  repository: LiveDayRepository;
  candidates: EventCandidates;
  bus: LiveDayBus;
  /** Tells the participants' accounts (their open agenda pages) about a change. */
  notify: (userIds: number[], notification: Notification) => void;
  clock: Clock;
  /** Signs wall tokens. */
  secret: string;
}

export interface RefillRequest {
  slot: number;
  needId: number;
  expertId: number;
  tableNo: number;
}

export interface AgendaEntry {
  meeting: LiveMeeting;
  start: Date | null;
  end: Date | null;
  /** The participant's own side (their need's title, or their name). */
  mine: string;
  counterpart: { name: string; organization: string };
}

export interface WallTable {
  tableNo: number;
  meeting: { id: number; need: RefillSideName; expert: RefillSideName; source: string } | null;
}
type RefillSideName = { name: string; organization: string };

export interface WallPlan {
  event: LiveEvent;
  slot: number | null;
  slotStart: Date | null;
  slotEnd: Date | null;
  tables: WallTable[];
}

const isActive = (m: LiveMeeting) => activeMeetingStatuses.includes(m.status);
const pair = (m: LiveMeeting): [string, string] => [needKey(m.needId), expertKey(m.expertId)];
const meetingKeys = (m: LiveMeeting): string[] => pair(m);
const keyOfParticipant = (p: LiveParticipant) => (p.kind === "need" ? needKey(p.needId!) : expertKey(p.expertId!));

/**
 * The docking event on the day: the organizers' desk checks people in, marks no-shows (their
 * remaining meetings are cancelled), and confirms the engine's refill proposals for the
 * counterparts left alone; participants check themselves in with their link; the wall shows the
 * current slot. Every change is told to the desk (LiveDayBus) and to the participants whose
 * agenda it touches (notifications) after it is committed.
 */
export class LiveDayService {
  constructor(private readonly deps: LiveDayDeps) {}

  private get repository() {
    return this.deps.repository;
  }

  /** The event for its organizers (any status). */
  async eventForOrganizer(actor: Actor, eventId: number): Promise<LiveEvent> {
    requireOrganizer(actor);
    return this.requireEvent(eventId);
  }

  async participants(actor: Actor, eventId: number, search = ""): Promise<LiveParticipant[]> {
    await this.eventForOrganizer(actor, eventId);
    const all = await this.repository.participants(eventId);
    const words = search.trim().toLowerCase().split(/\s+/).filter(Boolean);
    if (words.length === 0) return all;
    return all.filter((p) => {
      const text = `${p.name} ${p.organization}`.toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }

  currentSlot(event: LiveEvent): number | null {
    return currentSlot(event, this.deps.clock.now());
  }

  /** scheduled → live: the desk opens; participants' candidate lists are ranked in the background. */
  async startLiveDay(actor: Actor, eventId: number): Promise<LiveEvent> {
    const event = await this.moveStatus(actor, eventId, "scheduled", "live");
    void this.candidatesOf(event).catch(() => undefined);
    return event;
  }

  /** live → closed: no more check-ins, no-shows or refills; outcomes can still be recorded. */
  async closeLiveDay(actor: Actor, eventId: number): Promise<LiveEvent> {
    const event = await this.moveStatus(actor, eventId, "live", "closed");
    this.deps.candidates.forget(eventId);
    return event;
  }

  async checkIn(actor: Actor, eventId: number, participantId: number): Promise<LiveParticipant> {
    await this.liveEventForOrganizer(actor, eventId);
    const participant = await this.participantOf(eventId, participantId);
    if (participant.checkedInAt) return participant;
    return this.saveCheckIn(participant, this.deps.clock.now());
  }

  async undoCheckIn(actor: Actor, eventId: number, participantId: number): Promise<LiveParticipant> {
    await this.liveEventForOrganizer(actor, eventId);
    const participant = await this.participantOf(eventId, participantId);
    if (!participant.checkedInAt) return participant;
    return this.saveCheckIn(participant, null);
  }

  /** A new self-check-in token for the participant (the previous one stops working). */
  async issueCheckInToken(actor: Actor, eventId: number, participantId: number): Promise<string> {
    await this.eventForOrganizer(actor, eventId);
    const participant = await this.participantOf(eventId, participantId);
    const { token, hash } = newCheckInToken();
    await this.repository.setCheckInTokenHash(participant.id, hash);
    return token;
  }

  /** The participant a self-check-in token stands for, in this event only. */
  async participantForToken(
    eventId: number,
    token: string,
  ): Promise<{ event: LiveEvent; participant: LiveParticipant }> {
    const participant = await this.repository.findParticipantByTokenHash(hashCheckInToken(token));
    if (!participant || participant.eventId !== eventId) throw new NotFoundError("Check-in link");
    return { event: await this.requireEvent(eventId), participant };
  }

  /** Self check-in with the participant's link: no account; used again, it changes nothing. */
  async selfCheckIn(eventId: number, token: string): Promise<LiveParticipant> {
    const { event, participant } = await this.participantForToken(eventId, token);
    if (event.status !== "live") {
      throw new ConflictError("Check-in opens when the event's live day starts", {
        reason: "check_in_not_open",
        status: event.status,
      });
    }
    if (participant.noShowAt) {
      throw new ConflictError("The desk marked you absent; please see the organizers", { reason: "marked_absent" });
    }
    if (participant.checkedInAt) return participant;
    return this.saveCheckIn(participant, this.deps.clock.now());
  }

  /**
   * Marks the participant absent from `fromSlot` (default: the current slot) on: their meetings
   * from then are no-shows, and the engine proposes replacements for the counterparts stranded
   * in each of those slots, which the desk receives live.
   */
  async markNoShow(
    actor: Actor,
    eventId: number,
    participantId: number,
    fromSlot?: number,
  ): Promise<{ cancelled: LiveMeeting[]; proposals: RefillProposalView[] }> {
    const event = await this.liveEventForOrganizer(actor, eventId);
    const participant = await this.participantOf(eventId, participantId);
    if (participant.noShowAt) {
      throw new ConflictError("This participant is already marked absent", {
        reason: "already_absent",
        name: participant.name,
      });
    }
    const from = fromSlot ?? this.currentSlot(event);
    if (from === null) throw new ConflictError("The event's last slot is over", { reason: "day_over" });
    if (from < 0 || from >= event.slotCount) throw slotOutOfRange(event);
    const slotStart = slotTimes(event)[from]!.startsAt;
    const cancelled = await this.repository.markNoShow(participant, slotStart, from);
    this.deps.bus.publish({
      type: "participant.changed",
      eventId,
      participant: { id: participant.id, checkedInAt: iso(participant.checkedInAt), noShowAt: slotStart.toISOString() },
    });
    if (cancelled.length > 0) this.deps.bus.publish({ type: "meetings.changed", eventId, meetings: cancelled });
    // The desk is waiting on the proposals: they go out before the agendas are told.
    const proposals = await this.proposalsFor(event, [participant], new Set(cancelled.map((m) => m.slot!)));
    this.deps.bus.publish({ type: "refill.proposed", eventId, participantId: participant.id, proposals });
    await this.tellAgendas(event, cancelled, "cancelled");
    return { cancelled, proposals };
  }

  /** Every refill still open: stranded counterparts of no-shows from the current slot on. */
  async openProposals(actor: Actor, eventId: number): Promise<RefillProposalView[]> {
    const event = await this.liveEventForOrganizer(actor, eventId);
    const now = this.currentSlot(event);
    if (now === null) return [];
    const absent = (await this.repository.participants(eventId)).filter((p) => p.noShowAt !== null);
    const slots = new Set(Array.from({ length: event.slotCount - now }, (_, k) => now + k));
    return this.proposalsFor(event, absent, slots);
  }

  /**
   * Confirms a refill (usually one the engine proposed): a new meeting at the freed table, if
   * both sides are present, attend that slot, are free in it, may meet, and the table is free.
   */
  async confirmRefill(actor: Actor, eventId: number, request: RefillRequest): Promise<LiveMeeting> {
    const event = await this.liveEventForOrganizer(actor, eventId);
    if (request.slot >= event.slotCount) throw slotOutOfRange(event);
    // Tables are numbered from 0 as the schedule stores them (pages show them from 1).
    if (request.tableNo >= event.tableCount) {
      throw new ValidationError(`Tables run from 0 to ${event.tableCount - 1}`, {
        reason: "table_out_of_range",
        last: event.tableCount - 1,
        tableCount: event.tableCount,
      });
    }
    const refused = await this.repository.refusedPairs(eventId);
    if (refused.has(pairKey(needKey(request.needId), expertKey(request.expertId))))
      throw new ConflictError("This pair said no thanks", { reason: "pair_declined" });
    // Read before the write transaction: other reads wait while it holds SQLite's write lock.
    const score = await this.pairScore(event, request.needId, request.expertId);
    const meeting = await this.repository.transaction(async (tx) => {
      const need = await this.repository.participantOf(eventId, { needId: request.needId }, tx);
      const expert = await this.repository.participantOf(eventId, { expertId: request.expertId }, tx);
      if (!need || !expert) throw new NotFoundError("Event participant");
      for (const side of [need, expert]) {
        const { name } = side;
        if (!isPresent(side)) {
          throw new ConflictError(`${name} is not checked in (or is marked absent)`, { reason: "not_present", name });
        }
        if (!attendsSlot(side, request.slot)) {
          throw new ConflictError(`${name} does not attend this slot`, {
            reason: "not_attending",
            name,
            slot: request.slot,
          });
        }
      }
      const inSlot = (await this.repository.meetingsInSlot(eventId, request.slot, tx)).filter(isActive);
      if (inSlot.some((m) => m.needId === request.needId || m.expertId === request.expertId)) {
        throw new ConflictError("One of them already has a meeting in this slot", {
          reason: "side_busy",
          slot: request.slot,
        });
      }
      if (inSlot.some((m) => m.tableNo === request.tableNo)) {
        throw new ConflictError("This table is taken in this slot", {
          reason: "table_taken",
          slot: request.slot,
          tableNo: request.tableNo,
        });
      }
      if (await this.repository.pairExists(tx, eventId, request.needId, request.expertId)) {
        throw new ConflictError("This pair already has a meeting at this event", { reason: "duplicate_pair" });
      }
      const counts = await this.repository.activeMeetingCounts(eventId, [request.expertId], tx);
      const load = counts.get(request.expertId) ?? 0;
      if (load >= maxMeetingsAt(event, expert)) {
        throw new ConflictError(`${expert.name} already has ${load} meetings, the most they take at this event`, {
          reason: "expert_full",
          name: expert.name,
          load,
        });
      }
      return this.repository.createRefillMeeting(tx, { eventId, ...request, score });
    });
    this.deps.bus.publish({ type: "refill.confirmed", eventId, meeting });
    this.deps.bus.publish({ type: "meetings.changed", eventId, meetings: [meeting] });
    await this.tellAgendas(event, [meeting], "added");
    return meeting;
  }

  /** The wall's token for an event (organizers hand the link to the projector). */
  async wallTokenFor(actor: Actor, eventId: number): Promise<string> {
    await this.eventForOrganizer(actor, eventId);
    return wallToken(this.deps.secret, eventId);
  }

  /** Whether someone may watch the event's wall: its organizers, or whoever holds its wall token. */
  mayWatchWall(actor: Actor | null, eventId: number, token: string | undefined): boolean {
    return isStaff(actor) || (token !== undefined && isWallToken(this.deps.secret, eventId, token));
  }

  /** The table plan of a slot (default: the current one), for the wall. */
  async wallPlan(eventId: number, slot?: number): Promise<WallPlan> {
    const event = await this.requireEvent(eventId);
    const at = slot ?? this.currentSlot(event);
    if (at === null) return { event, slot: null, slotStart: null, slotEnd: null, tables: [] };
    const time = slotTimes(event)[at];
    if (!time) throw slotOutOfRange(event);
    const meetings = (await this.repository.meetingsInSlot(eventId, at)).filter(isActive);
    const participants = new Map(
      (await this.repository.participants(eventId)).map((p) => [keyOfParticipant(p), p] as const),
    );
    const side = (key: string) => {
      const p = participants.get(key);
      return { name: p?.name ?? "", organization: p?.organization ?? "" };
    };
    const byTable = new Map(meetings.filter((m) => m.tableNo !== null).map((m) => [m.tableNo!, m]));
    const tables = Array.from({ length: event.tableCount }, (_, k) => {
      const m = byTable.get(k);
      return {
        tableNo: k,
        meeting: m
          ? { id: m.id, need: side(needKey(m.needId)), expert: side(expertKey(m.expertId)), source: m.source }
          : null,
      };
    });
    return { event, slot: at, slotStart: time.startsAt, slotEnd: time.endsAt, tables };
  }

  /**
   * The signed-in participant's meetings at the event (an expert's own; an enterprise's needs'),
   * with the slot times and the counterpart's public name: the "today" page.
   */
  async agendaOf(actor: Actor, eventId: number): Promise<{ event: LiveEvent; entries: AgendaEntry[] }> {
    const event = await this.requireEvent(eventId);
    const participants = await this.repository.participants(eventId);
    const mine = participants.filter((p) => p.userIds.includes(actor.userId));
    if (mine.length === 0 && !isStaff(actor)) throw new NotFoundError("Your agenda at this event");
    const byKey = new Map(participants.map((p) => [keyOfParticipant(p), p] as const));
    const times = slotTimes(event);
    const entries: AgendaEntry[] = [];
    for (const participant of mine) {
      for (const meeting of await this.repository.meetingsOfParticipant(participant)) {
        if (meeting.slot === null) continue;
        const other = byKey.get(participant.kind === "need" ? expertKey(meeting.expertId) : needKey(meeting.needId));
        entries.push({
          meeting,
          start: times[meeting.slot]?.startsAt ?? null,
          end: times[meeting.slot]?.endsAt ?? null,
          mine: participant.name,
          counterpart: { name: other?.name ?? "", organization: other?.organization ?? "" },
        });
      }
    }
    entries.sort((a, b) => a.meeting.slot! - b.meeting.slot! || a.meeting.id - b.meeting.id);
    return { event, entries };
  }

  private async proposalsFor(
    event: LiveEvent,
    absent: readonly LiveParticipant[],
    slots: ReadonlySet<number>,
  ): Promise<RefillProposalView[]> {
    if (absent.length === 0 || slots.size === 0) return [];
    const ordered = [...slots].sort((a, b) => a - b);
    const absentKeys = absent.map(keyOfParticipant);
    const [candidates, refused, absentMeetings] = await Promise.all([
      this.candidatesOf(event),
      this.repository.refusedPairs(event.id),
      this.repository.meetingsOfSides(event.id, sidesOfKeys(absentKeys), ordered),
    ]);
    const lostBy = (inSlot: readonly LiveMeeting[], key: string) =>
      inSlot.filter((m) => m.status === "no_show" && meetingKeys(m).includes(key));
    const stranded = new Set<string>();
    for (const key of absentKeys) {
      for (const m of lostBy(absentMeetings, key)) for (const k of meetingKeys(m)) if (k !== key) stranded.add(k);
    }
    if (stranded.size === 0) return [];
    const { sides, met, load, meetings } = await this.refillContext(event.id, candidates, absentKeys, [...stranded]);
    // Only the meetings of the people a refill may involve: whether they are busy is all it asks of a slot.
    const bySlot = new Map<number, LiveMeeting[]>(ordered.map((slot) => [slot, []]));
    for (const m of meetings) bySlot.get(m.slot!)?.push(m);
    // An expert takes at most their meetings: proposals count as meetings until the desk decides.
    const hasRoom = (key: string) => {
      if (!key.startsWith("e")) return true;
      const side = sides.get(key);
      return side !== undefined && (load.get(key) ?? 0) < maxMeetingsAt(event, side);
    };
    const views: RefillProposalView[] = [];
    for (const slot of ordered) {
      const inSlot = bySlot.get(slot)!;
      const active = inSlot.filter(isActive);
      const busy = new Set(active.flatMap(meetingKeys));
      // Proposals made for one absent person occupy their partners for the next.
      const taken: { id: string; participants: string[]; table: number }[] = [];
      for (const key of absentKeys) {
        const lost = lostBy(inSlot, key).filter((m) =>
          meetingKeys(m).every((k) => k === key || (!busy.has(k) && hasRoom(k))),
        );
        if (lost.length === 0) continue;
        const proposals = proposeRefill({
          slotMeetings: [...active, ...lost]
            .map((m) => ({ id: String(m.id), participants: meetingKeys(m), table: m.tableNo ?? 0 }))
            .concat(taken),
          absent: key,
          slot,
          isAvailable: (p, s) => {
            const side = sides.get(p);
            return side !== undefined && isPresent(side) && attendsSlot(side, s) && hasRoom(p);
          },
          candidatesOf: (p) => candidates.get(p) ?? [],
          isConflict: (a, b) => met.has(pairKey(a, b)) || refused.has(pairKey(a, b)),
        });
        for (const proposal of proposals) {
          taken.push({
            id: `proposal-${taken.length}`,
            participants: [proposal.stranded, proposal.partner],
            table: proposal.table,
          });
          busy.add(proposal.stranded).add(proposal.partner);
          const expert = proposal.stranded.startsWith("e") ? proposal.stranded : proposal.partner;
          load.set(expert, (load.get(expert) ?? 0) + 1);
          views.push(this.presentProposal(slot, proposal, sides));
        }
      }
    }
    return views;
  }

  private presentProposal(
    slot: number,
    proposal: RefillProposal,
    sides: ReadonlyMap<string, LiveParticipant>,
  ): RefillProposalView {
    const strandedIsNeed = proposal.stranded.startsWith("n");
    const [needSide, expertSide] = strandedIsNeed
      ? [proposal.stranded, proposal.partner]
      : [proposal.partner, proposal.stranded];
    const view = (key: string) => {
      const p = sides.get(key);
      return { id: Number(key.slice(1)), name: p?.name ?? "", organization: p?.organization ?? "" };
    };
    return {
      slot,
      tableNo: proposal.table,
      score: proposal.score,
      cancelledMeetingId: Number(proposal.cancelledMeetingId),
      need: view(needSide),
      expert: view(expertSide),
    };
  }

  /**
   * What a refill needs to know of the stranded participants and their candidates, in three reads
   * whatever their number (never the whole event): who they are (presence, availability, names,
   * most meetings), their meetings and the absent people's (who is busy in which slot, and the
   * pairs the stranded already have a meeting with: one meeting per pair and event), and how many
   * meetings each of the experts among them has.
   */
  private async refillContext(
    eventId: number,
    candidates: CandidateLists,
    absentKeys: readonly string[],
    stranded: readonly string[],
  ): Promise<{
    sides: Map<string, LiveParticipant>;
    met: Set<string>;
    load: Map<string, number>;
    meetings: LiveMeeting[];
  }> {
    const keys = new Set(stranded);
    for (const key of stranded) for (const c of candidates.get(key) ?? []) keys.add(c.partner);
    const everyone = sidesOfKeys(keys);
    const [participants, meetings, counts] = await Promise.all([
      this.repository.participantsOf(eventId, everyone),
      this.repository.meetingsOfSides(eventId, sidesOfKeys([...keys, ...absentKeys])),
      this.repository.activeMeetingCounts(eventId, everyone.expertIds),
    ]);
    const strandedSet = new Set(stranded);
    const met = new Set(
      meetings.filter((m) => meetingKeys(m).some((k) => strandedSet.has(k))).map((m) => pairKey(...pair(m))),
    );
    return {
      sides: new Map(participants.map((p) => [keyOfParticipant(p), p])),
      met,
      load: new Map([...counts].map(([expertId, count]) => [expertKey(expertId), count])),
      meetings,
    };
  }

  private async pairScore(event: LiveEvent, needId: number, expertId: number): Promise<number> {
    const list = (await this.candidatesOf(event)).get(needKey(needId)) ?? [];
    return list.find((c) => c.partner === expertKey(expertId))?.score ?? 0;
  }

  private candidatesOf(event: LiveEvent): Promise<CandidateLists> {
    return this.deps.candidates.forEvent(event.id, async () => {
      const participants = await this.repository.participants(event.id);
      return {
        needIds: participants.flatMap((p) => (p.needId !== null ? [p.needId] : [])),
        expertIds: participants.flatMap((p) => (p.expertId !== null ? [p.expertId] : [])),
      };
    });
  }

  private async tellAgendas(event: LiveEvent, meetings: readonly LiveMeeting[], change: "cancelled" | "added") {
    if (meetings.length === 0) return;
    const people = await this.repository.participantsOf(event.id, {
      needIds: meetings.map((m) => m.needId),
      expertIds: meetings.map((m) => m.expertId),
    });
    const byKey = new Map(people.map((p) => [keyOfParticipant(p), p] as const));
    for (const m of meetings) {
      const need = byKey.get(needKey(m.needId));
      const expert = byKey.get(expertKey(m.expertId));
      this.deps.notify([...(need?.userIds ?? []), ...(expert?.userIds ?? [])], {
        type: "event.agenda",
        eventId: event.id,
        eventTitle: event.title,
        meetingId: m.id,
        change,
        slot: m.slot,
        tableNo: m.tableNo,
        needTitle: need?.name ?? "",
        expertName: expert?.name ?? "",
      });
    }
  }

  private async saveCheckIn(participant: LiveParticipant, at: Date | null): Promise<LiveParticipant> {
    const saved = await this.repository.setCheckedIn(participant.id, at);
    this.deps.bus.publish({
      type: "participant.changed",
      eventId: saved.eventId,
      participant: { id: saved.id, checkedInAt: iso(saved.checkedInAt), noShowAt: iso(saved.noShowAt) },
    });
    return saved;
  }

  private async moveStatus(actor: Actor, eventId: number, from: EventStatus, to: EventStatus): Promise<LiveEvent> {
    const event = await this.eventForOrganizer(actor, eventId);
    if (event.status !== from || !(await this.repository.moveStatus(eventId, from, to))) {
      // Still `from` as read: someone else moved it first.
      throw new ConflictError(
        `The event is ${event.status}; this needs it ${from}`,
        event.status === from
          ? { reason: "changed" }
          : { reason: "wrong_status", status: event.status, allowed: [from] },
      );
    }
    return { ...event, status: to };
  }

  private async liveEventForOrganizer(actor: Actor, eventId: number): Promise<LiveEvent> {
    const event = await this.eventForOrganizer(actor, eventId);
    if (event.status !== "live") {
      throw new ConflictError(`The event is ${event.status}; start its live day first`, {
        reason: "not_live",
        status: event.status,
      });
    }
    return event;
  }

  private async requireEvent(eventId: number): Promise<LiveEvent> {
    const event = await this.repository.findEvent(eventId);
    if (!event) throw new NotFoundError("Event", eventId);
    return event;
  }

  private async participantOf(eventId: number, participantId: number): Promise<LiveParticipant> {
    const participant = await this.repository.findParticipant(participantId);
    if (!participant || participant.eventId !== eventId) throw new NotFoundError("Event participant", participantId);
    return participant;
  }
}

/** A slot the event does not have (numbered from 0 as the schedule stores them). */
function slotOutOfRange(event: LiveEvent): ValidationError {
  return new ValidationError(`Slots run from 0 to ${event.slotCount - 1}`, {
    reason: "slot_out_of_range",
    last: event.slotCount - 1,
    slotCount: event.slotCount,
  });
}

function requireOrganizer(actor: Actor): void {
  if (!isStaff(actor)) throw new ForbiddenError("Only organizers run the event's live day");
}

/** A pair named by its two keys, whichever order they come in. */
function pairKey(a: string, b: string): string {
  return a.startsWith("n") ? `${a}:${b}` : `${b}:${a}`;
}

/** The needs and experts that `n…` / `e…` keys name. */
function sidesOfKeys(keys: Iterable<string>): EventSides {
  const needIds: number[] = [];
  const expertIds: number[] = [];
  for (const key of keys) {
    const side = parseKey(key);
    if ("needId" in side) needIds.push(side.needId);
    else expertIds.push(side.expertId);
  }
  return { needIds, expertIds };
}

function iso(date: Date | null): string | null {
  return date?.toISOString() ?? null;
}
