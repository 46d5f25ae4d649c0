import { slotPhase } from "../../events/event-slots.js";
import type { AgendaEntry, WallPlan } from "../../events/live-day.service.js";
import type { RefillProposalView } from "../../events/live-day.bus.js";
import type { LiveEvent, LiveParticipant } from "../../events/live-day.types.js";
import { outcomeBlock } from "../../events/outcomes.types.js";
import { translate, translateText, type Lang } from "../i18n/translate.js";
import { formatClock, formatDateTime } from "../layout/page-parts.view-models.js";
import { eventStatusLabel, headingWords, meetingStatusLabel, outcomeHref, sideWords } from "./events.view-models.js";

/** Slot clock times as the venue reads them (Beijing time, as every other page shows them). */
export function clockTime(date: Date | null): string {
  return date ? formatClock(date) : "";
}

/** A row of the desk's list; its kind is named as the event's kind names the two sides (需求/专家, 提名/评审专家). */
export function presentDeskParticipant(lang: Lang, event: Pick<LiveEvent, "id" | "kind">, p: LiveParticipant) {
  const eventId = event.id;
  const state = p.noShowAt ? "absent" : p.checkedInAt ? "present" : "expected";
  const base = `/events/${eventId}/live/participants/${p.id}`;
  return {
    id: p.id,
    name: p.name,
    organization: p.organization,
    kind: sideWords(lang, event.kind)[p.kind],
    state,
    stateLabel: translateText(lang, `live.state.${state}`),
    checkedIn: p.checkedInAt !== null,
    absent: p.noShowAt !== null,
    checkInAction: `${base}/check-in`,
    undoAction: `${base}/undo-check-in`,
    noShowAction: `${base}/no-show`,
    noShowQuestion: translate(lang, "live.noShow.confirm", { name: p.name }),
    linkAction: `${base}/check-in-link`,
    api: `/api/events/${eventId}${base.slice(`/events/${eventId}`.length)}`,
  };
}

export function presentProposal(lang: Lang, eventId: number, proposal: RefillProposalView) {
  return {
    ...proposal,
    slotLabel: translate(lang, "live.slotNumber", { slot: proposal.slot + 1 }),
    tableLabel: proposal.tableNo + 1,
    score: proposal.score.toFixed(2),
    action: `/events/${eventId}/live/refills`,
  };
}

/**
 * Where the day stands, for the desk's heading. Before the first slot begins there is no current
 * slot (the service's `currentSlot` already points at slot 1 then, so the desk can prepare it):
 * the heading says when the day starts instead.
 */
function dayProgress(lang: Lang, event: LiveEvent, currentSlot: number | null, now: Date): string {
  if (now.getTime() < event.startsAt.getTime())
    return translate(lang, "live.startsAt", { when: formatDateTime(lang, event.startsAt) });
  if (currentSlot === null) return translate(lang, "live.over");
  return translate(lang, "live.currentSlot", {
    slot: translate(lang, "live.slotNumber", { slot: currentSlot + 1 }),
  });
}

export function presentDesk(lang: Lang, event: LiveEvent, at: { currentSlot: number | null; now: Date }) {
  return {
    id: event.id,
    title: event.title,
    status: event.status,
    statusLabel: eventStatusLabel(lang, event.status),
    scheduled: event.status === "scheduled",
    live: event.status === "live",
    /** Why the desk offers no check-in or no-show (the service refuses both outside the live day). */
    idleHint:
      event.status === "live"
        ? ""
        : translate(lang, event.status === "closed" ? "live.desk.ended" : "live.desk.notStarted"),
    progress: dayProgress(lang, event, at.currentSlot, at.now),
    startAction: `/events/${event.id}/live/start`,
    closeAction: `/events/${event.id}/live/close`,
    wallHref: `/events/${event.id}/wall`,
  };
}

export function presentAgenda(lang: Lang, entries: AgendaEntry[], at: { event: LiveEvent; now: Date }) {
  return entries.map((e) => ({
    meetingId: e.meeting.id,
    slot: translate(lang, "live.slotNumber", { slot: e.meeting.slot! + 1 }),
    time: `${clockTime(e.start)}–${clockTime(e.end)}`,
    table: e.meeting.tableNo === null ? "" : e.meeting.tableNo + 1,
    mine: e.mine,
    counterpart: e.counterpart.name,
    organization: e.counterpart.organization,
    status: e.meeting.status,
    statusLabel: meetingStatusLabel(lang, e.meeting.status),
    cancelled: e.meeting.status === "no_show" || e.meeting.status === "cancelled",
    refill: e.meeting.source === "refill",
    outcomeHref:
      outcomeBlock({ status: e.meeting.status, eventStatus: at.event.status, slotStart: e.start }, at.now) === null
        ? outcomeHref(at.event.id, e.meeting.id)
        : "",
  }));
}

/**
 * The projector's wall. Before the first slot begins, and during a break, the plan the service
 * gives is the coming slot's (its `currentSlot` points there): the wall shows it as next, not as
 * running, and before the day also says when the day starts (the desk's words, `live.startsAt`).
 * It reloads when the slot begins or ends: `nextChangeInMs` counts from the server's clock, so a
 * projector whose own clock is off still changes on time.
 */
export function presentWall(lang: Lang, plan: WallPlan, now: Date) {
  const phase = slotPhase(plan, now);
  const upcoming = phase === "upcoming";
  const slotName = plan.slot === null ? "" : translate(lang, "live.slotNumber", { slot: plan.slot + 1 });
  const nextChange = upcoming ? plan.slotStart : plan.slotEnd;
  const beforeTheDay = now.getTime() < plan.event.startsAt.getTime();
  const words = headingWords(lang, plan.event.kind);
  return {
    eventId: plan.event.id,
    title: plan.event.title,
    /** The table's column headings, the sides as the event's kind names them. */
    needHeading: translate(lang, "live.wall.need", words),
    expertHeading: words.expert,
    phase,
    notice: beforeTheDay
      ? translate(lang, "live.wall.notStarted", {
          starts: translate(lang, "live.startsAt", { when: formatDateTime(lang, plan.event.startsAt) }),
        })
      : "",
    slot:
      plan.slot === null
        ? translate(lang, "live.over")
        : upcoming
          ? translate(lang, "live.wall.next", { slot: slotName })
          : slotName,
    time: plan.slotStart ? `${clockTime(plan.slotStart)}–${clockTime(plan.slotEnd)}` : "",
    nextChangeAt: nextChange?.toISOString() ?? "",
    nextChangeInMs: nextChange ? Math.max(0, nextChange.getTime() - now.getTime()) : null,
    tables: plan.tables.map((t) => ({
      tableNo: t.tableNo + 1,
      need: t.meeting?.need.name ?? "",
      enterprise: t.meeting?.need.organization ?? "",
      expert: t.meeting?.expert.name ?? "",
      organization: t.meeting?.expert.organization ?? "",
      empty: t.meeting === null,
      refill: t.meeting?.source === "refill",
    })),
  };
}
