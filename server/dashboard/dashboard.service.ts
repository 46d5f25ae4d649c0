import { regionKind } from "../../matching/index.js";
import { isStaff, type Actor } from "../accounts/accounts.types.js";
import { ForbiddenError, NotFoundError } from "../errors.js";
import type { Clock } from "../shared/clock.js";
import type { DashboardRepository, EventRow, MeetingRow } from "./dashboard.repository.js";
import type {
  AssociationDashboard,
  EventDashboard,
  EventSummary,
  MeetingLine,
  MonthTrend,
  OutcomeResult,
} from "./dashboard.types.js";
import { chinaMonth, computeFunnel, countMeetings, meetingFacts, type MeetingFacts } from "./funnel.js";

/** The trend chart covers this many months, ending with the current one. */
export const trendMonths = 12;

function assertOrganizer(actor: Actor | null): void {
  if (!isStaff(actor)) throw new ForbiddenError("Only organizers can see the dashboard");
}

/** The last `count` months (China time) up to and including the one `now` falls in. */
export function monthsUpTo(now: Date, count: number): string[] {
  const [year, month] = chinaMonth(now).split("-").map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => {
    const date = new Date(Date.UTC(year, month - 1 - (count - 1 - i), 1));
    return date.toISOString().slice(0, 7);
  });
}

function summarise(event: EventRow, meetings: readonly MeetingRow[], facts: Map<number, MeetingFacts>): EventSummary {
  return {
    id: event.id,
    title: event.title,
    trackCode: event.trackCode,
    trackName: event.trackName,
    trackNameEn: event.trackNameEn,
    status: event.status,
    startsAt: event.startsAt,
    needs: event.needs,
    experts: event.experts,
    meetings: countMeetings(meetings.filter((m) => m.eventId === event.id).map((m) => facts.get(m.id)!)),
  };
}

/** The organizers' overview, computed from the live tables on every request. */
export class DashboardService {
  constructor(
    private readonly repository: DashboardRepository,
    private readonly clock: Clock,
  ) {}

  async association(actor: Actor | null): Promise<AssociationDashboard> {
    assertOrganizer(actor);
    const [activity, statuses, sizes, events, salons] = await Promise.all([
      this.repository.activity({ kind: "association" }),
      this.repository.needStatusCounts(),
      this.repository.collectionSizes(),
      this.repository.events(),
      this.repository.salons(),
    ]);
    const facts = meetingFacts(activity.meetings, activity.outcomes);
    const heldSalons = salons.filter((salon) => salon.openedAt !== null);
    const status = (name: string) => statuses.get(name) ?? 0;
    const counts = {
      needsPosted: [...statuses.entries()].reduce((sum, [name, n]) => (name === "draft" ? sum : sum + n), 0),
      needsOpen: status("open"),
      needsInProgress: status("in_progress"),
      needsSolved: status("solved"),
      experts: sizes.experts,
      technologies: sizes.technologies,
      invitationsSent: activity.invitations.length,
      invitationsAccepted: activity.invitations.filter((i) => i.status === "accepted").length,
      eventsHeld: events.filter((e) => e.status === "live" || e.status === "closed").length,
      ...countMeetings(facts.values()),
      salonsHeld: heldSalons.length,
      salonAttendance: heldSalons.reduce((sum, salon) => sum + salon.attendance, 0),
      salonQuestions: heldSalons.reduce((sum, salon) => sum + salon.questions, 0),
    };
    const trend = new Map<string, MonthTrend>(
      monthsUpTo(this.clock.now(), trendMonths).map((month) => [
        month,
        { month, needsPosted: 0, invitationsSent: 0, meetingsHeld: 0, contracts: 0, salonsHeld: 0 },
      ]),
    );
    const bump = (at: Date, field: Exclude<keyof MonthTrend, "month">) => {
      const row = trend.get(chinaMonth(at));
      if (row) row[field] += 1;
    };
    for (const need of activity.needs) bump(need.createdAt, "needsPosted");
    for (const invitation of activity.invitations) bump(invitation.createdAt, "invitationsSent");
    for (const meeting of activity.meetings) {
      const fact = facts.get(meeting.id)!;
      if (fact.tookPlace) bump(meeting.eventStartsAt, "meetingsHeld");
      if (fact.outcome === "contract") bump(meeting.eventStartsAt, "contracts");
    }
    for (const salon of heldSalons) bump(salon.openedAt!, "salonsHeld");
    return {
      counts,
      trend: [...trend.values()],
      funnel: computeFunnel(activity, facts, { byMonth: true }),
      events: events.map((event) => summarise(event, activity.meetings, facts)),
    };
  }

  async event(actor: Actor | null, eventId: number): Promise<EventDashboard> {
    assertOrganizer(actor);
    const [event] = await this.repository.events(eventId);
    if (!event) throw new NotFoundError("Event", eventId);
    const [activity, attendance] = await Promise.all([
      this.repository.activity({ kind: "event", eventId }),
      this.repository.participantAttendance(eventId),
    ]);
    const facts = meetingFacts(activity.meetings, activity.outcomes);
    const needs = await this.repository.needTitles([...new Set(activity.meetings.map((m) => m.needId))]);
    const outcomes: Record<OutcomeResult | "none", number> = {
      none: 0,
      no_interest: 0,
      follow_up: 0,
      intention: 0,
      contract: 0,
    };
    const meetings: MeetingLine[] = activity.meetings.map((meeting) => {
      const fact = facts.get(meeting.id)!;
      outcomes[fact.outcome ?? "none"] += 1;
      const expert = activity.experts.get(meeting.expertId);
      return {
        id: meeting.id,
        slot: meeting.slot,
        tableNo: meeting.tableNo,
        needTitle: needs.get(meeting.needId)?.title ?? "",
        enterprise: needs.get(meeting.needId)?.enterprise ?? "",
        expertName: expert?.name ?? "",
        expertRegion: regionKind(expert?.region),
        status: fact.tookPlace ? "held" : meeting.status,
        outcome: fact.outcome,
        contractValueYuan: fact.contractValueYuan,
      };
    });
    return {
      event: { ...summarise(event, activity.meetings, facts), venue: event.venue, kind: event.kind },
      participants: { needs: event.needs, experts: event.experts, ...attendance },
      meetingsScheduled: activity.meetings.filter((m) => m.slot !== null).length,
      funnel: computeFunnel(activity, facts, { byMonth: false }),
      outcomes,
      meetings,
    };
  }
}
