import { counterpartOf, participantName } from "../../events/event-counterpart.js";
import type { Agenda, ScheduleSummary } from "../../events/event-schedule.service.js";
import type { CalendarWords } from "../../events/event-calendar.js";
import type { WorkbookWords } from "../../events/event-workbook.js";
import {
  demandOf,
  eventKindOf,
  eventKinds,
  eventLimits,
  eventStatuses,
  eventTransitions,
  maxMeetingsOf,
  slotTimes,
  type AssignmentRun,
  type DockingEvent,
  type EventInfeasibility,
  type EventKind,
  type EventMeeting,
  type EventParticipant,
  type EventStatus,
  type SlotTime,
} from "../../events/events.types.js";
import { outcomeBlock } from "../../events/outcomes.types.js";
import type { RosterReport } from "../../events/event-registration.service.js";
import { rosterChineseHeaders } from "../../events/event-roster-file.js";
import type { ParticipantSuggestions } from "../../events/event-preferences.service.js";
import { translateLineReasons } from "../i18n/line-reasons.js";
import { storedName } from "../i18n/stored-names.js";
import { translate, translateText, type Lang, type MessageKey } from "../i18n/translate.js";
import { formatClock } from "../layout/page-parts.view-models.js";
import type { FieldErrors } from "../platform/forms.js";
import { formManaged } from "./events.forms.js";

const dayFormat: Record<Lang, Intl.DateTimeFormat> = {
  "zh-CN": new Intl.DateTimeFormat("zh-CN", {
    year: "numeric",
    month: "long",
    day: "numeric",
    weekday: "short",
    timeZone: "Asia/Shanghai",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    year: "numeric",
    month: "short",
    day: "numeric",
    weekday: "short",
    timeZone: "Asia/Shanghai",
  }),
};

/** A meeting's outcome page (outcomes.pages.ts). */
export const outcomeHref = (eventId: number, meetingId: number) => `/events/${eventId}/meetings/${meetingId}/outcome`;

/** `14:00–14:20` (Beijing time). */
export const slotLabel = (slot: SlotTime) => `${formatClock(slot.startsAt)}–${formatClock(slot.endsAt)}`;

/** `2026-05-18T14:30`, what a `datetime-local` field shows for a Beijing time. */
const inputValue = (date: Date | null) =>
  date ? new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 16) : "";

/** The page's words for the two sides follow the kind: 需求/企业/专家, or 提名/提名单位/评审专家. */
export function sideWords(lang: Lang, kind: EventKind) {
  const w = (key: string) => translate(lang, `events.word.${kind}.${key}` as MessageKey);
  return { need: w("need"), expert: w("expert"), enterprise: w("enterprise") };
}

/**
 * The same words inside a sentence ("each need meets at least 2 experts"): English labels are
 * capitalised (Need, Nominating body), running text is not; Chinese has no case.
 */
export function sentenceWords(lang: Lang, kind: EventKind) {
  const words = sideWords(lang, kind);
  if (lang !== "en") return words;
  const lower = (word: string) => word.charAt(0).toLowerCase() + word.slice(1);
  return { need: lower(words.need), expert: lower(words.expert), enterprise: lower(words.enterprise) };
}

/**
 * The words for a heading that starts with the need's side and names its enterprise after it
 * ("Need / enterprise", "Nomination (nominating body)"): the sides as labels, the enterprise as
 * running text.
 */
export function headingWords(lang: Lang, kind: EventKind) {
  return { ...sideWords(lang, kind), enterprise: sentenceWords(lang, kind).enterprise };
}

export function calendarWords(lang: Lang): CalendarWords {
  return {
    summary: (name) => translate(lang, "events.ics.summary", { name }),
    location: (venue, table) => translate(lang, "events.ics.location", { venue, table }),
  };
}

/** The schedule workbook's words; its columns and kinds name the two sides as the event's kind does. */
export function workbookWords(lang: Lang, kind: EventKind): WorkbookWords {
  const t = (key: string) => translate(lang, `events.xlsx.${key}` as MessageKey);
  const sides = sideWords(lang, kind);
  const inCells = sentenceWords(lang, kind);
  return {
    bySlot: t("bySlot"),
    byParticipant: t("byParticipant"),
    slot: t("slot"),
    time: t("time"),
    table: t("table"),
    need: sides.need,
    enterprise: sides.enterprise,
    expert: sides.expert,
    organization: t("organization"),
    participant: t("participant"),
    kind: t("kind"),
    counterpart: t("counterpart"),
    kindNeed: inCells.need,
    kindExpert: inCells.expert,
    formatTime: slotLabel,
  };
}

/**
 * An event's status as every page names it (list, console, live desk, dashboard): one set of
 * labels, so a published schedule is not 已发布日程 on one page and 已排程 on the next.
 */
export function eventStatusLabel(lang: Lang, status: string): string {
  return translateText(lang, `events.status.${status}`);
}

/** A meeting's status, likewise one label for the agendas, the day's pages and the dashboard. */
export function meetingStatusLabel(lang: Lang, status: string): string {
  return translateText(lang, `events.meetingStatus.${status}`);
}

/**
 * A lifecycle button's label. A step back says so ("退回匹配阶段"), whatever a step forward to the
 * same status is called: reopening the review must not read like closing registration.
 */
function transitionLabel(lang: Lang, from: EventStatus, to: EventStatus): string {
  const back = eventStatuses.indexOf(to) < eventStatuses.indexOf(from);
  return translateText(lang, back ? `events.transition.back.${to}` : `events.transition.${to}`);
}

export function presentEventCard(lang: Lang, event: DockingEvent) {
  return {
    id: event.id,
    href: `/events/${event.id}`,
    title: event.title,
    kindLabel: translate(lang, `events.kind.${event.kind}` as MessageKey),
    status: event.status,
    statusLabel: eventStatusLabel(lang, event.status),
    track: event.track ? storedName(lang, event.track) : "",
    venue: event.venue,
    date: dayFormat[lang].format(event.startsAt),
  };
}

export interface EventFormValues {
  title: string;
  kind: EventKind;
  trackId: string;
  venue: string;
  description: string;
  startsAt: string;
  slotMinutes: string;
  slotCount: string;
  breaks: string;
  tableCount: string;
  registrationOpensAt: string;
  registrationClosesAt: string;
  demandPerNeed: string;
  meetingsPerExpert: string;
  quotaRegion: string;
  quotaRegionCount: string;
  sameOrganizationMax: string;
  objective: string;
}

export const emptyEventForm: EventFormValues = {
  title: "",
  kind: "matchmaking",
  trackId: "",
  venue: "",
  description: "",
  startsAt: "",
  slotMinutes: "20",
  slotCount: "8",
  breaks: "",
  tableCount: "20",
  registrationOpensAt: "",
  registrationClosesAt: "",
  demandPerNeed: "3",
  meetingsPerExpert: "6",
  quotaRegion: "",
  quotaRegionCount: "",
  sameOrganizationMax: "",
  objective: "total",
};

export function storedEventForm(event: DockingEvent): EventFormValues {
  const region = event.quotaRules.find((r) => r.kind === "atLeast" && formManaged(r));
  const sameOrg = event.quotaRules.find((r) => r.kind === "atMostSame" && formManaged(r));
  return {
    title: event.title,
    kind: event.kind,
    trackId: event.trackId === null ? "" : String(event.trackId),
    venue: event.venue,
    description: event.description,
    startsAt: inputValue(event.startsAt),
    slotMinutes: String(event.slotMinutes),
    slotCount: String(event.slotCount),
    breaks: event.breaks.map((b) => `${b.afterSlot + 1}:${b.minutes}`).join(", "),
    tableCount: String(event.tableCount),
    registrationOpensAt: inputValue(event.registrationOpensAt),
    registrationClosesAt: inputValue(event.registrationClosesAt),
    demandPerNeed: String(event.demandPerNeed),
    meetingsPerExpert: String(event.meetingsPerExpert),
    quotaRegion: region?.kind === "atLeast" ? region.value : "",
    quotaRegionCount: region ? String(region.count) : "",
    sameOrganizationMax: sameOrg ? String(sameOrg.count) : "",
    objective: event.objective,
  };
}

export function presentEventForm(
  lang: Lang,
  options: {
    eventId?: number;
    values: EventFormValues;
    errors?: FieldErrors;
    tracks: { id: number; name: string }[];
  },
) {
  const { values } = options;
  const option = (value: string, label: string, current: string) => ({ value, label, selected: value === current });
  // The loads and quotas name the sides as the event's kind does (需求/专家, 提名/评审专家); the
  // form's script swaps them when another kind is chosen (labelsByKind).
  const kindLabels = (kind: EventKind) => {
    const words = sentenceWords(lang, kind);
    const label = (key: "demandPerNeed" | "meetingsPerExpert" | "quotaRegion" | "sameOrganizationMax") =>
      translate(lang, `events.form.${key}`, words);
    return {
      demandPerNeed: label("demandPerNeed"),
      meetingsPerExpert: label("meetingsPerExpert"),
      quotaRegion: label("quotaRegion"),
      sameOrganizationMax: label("sameOrganizationMax"),
    };
  };
  return {
    title: translate(lang, options.eventId ? "events.form.editTitle" : "events.form.newTitle"),
    action: options.eventId ? `/events/${options.eventId}` : "/events",
    cancelHref: options.eventId ? `/events/${options.eventId}` : "/events",
    values,
    errors: options.errors ?? {},
    hasErrors: Object.keys(options.errors ?? {}).length > 0,
    labels: kindLabels(eventKindOf(values.kind)),
    labelsByKind: JSON.stringify(Object.fromEntries(eventKinds.map((kind) => [kind, kindLabels(kind)]))),
    kinds: eventKinds.map((k) => option(k, translate(lang, `events.kind.${k}`), values.kind)),
    tracks: [option("", translate(lang, "events.form.noTrack"), values.trackId)].concat(
      options.tracks.map((t) => option(String(t.id), storedName(lang, t), values.trackId)),
    ),
    regions: [option("", translate(lang, "events.form.noQuota"), values.quotaRegion)].concat(
      (["taiwan", "overseas", "hongkong-macau", "fujian", "mainland"] as const).map((r) =>
        option(r, translate(lang, `events.region.${r}`), values.quotaRegion),
      ),
    ),
    objectives: (["total", "fair"] as const).map((o) =>
      option(o, translate(lang, `events.objective.${o}`), values.objective),
    ),
  };
}

/** A quota rule in words. */
function ruleText(
  lang: Lang,
  rule: DockingEvent["quotaRules"][number],
  words: ReturnType<typeof sentenceWords>,
): string {
  if (rule.kind === "atLeast") {
    const value = rule.attr === "region" ? translate(lang, `events.region.${rule.value}` as MessageKey) : rule.value;
    return translate(lang, "events.rule.atLeast", { count: rule.count, value, need: words.need, expert: words.expert });
  }
  return translate(lang, "events.rule.atMostSame", { count: rule.count, need: words.need, expert: words.expert });
}

function presentParticipantRow(lang: Lang, event: DockingEvent, p: EventParticipant) {
  const slots =
    p.availability.length === 0
      ? translate(lang, "events.allSlots")
      : p.availability.map((s) => s + 1).join(translate(lang, "common.listSeparator"));
  return {
    id: p.id,
    kind: p.kind,
    name: participantName(p),
    detail: p.kind === "need" ? p.need.enterprise : [p.expert.title, p.expert.organization].filter(Boolean).join(" · "),
    region: p.kind === "need" ? p.need.region : p.expert.region,
    load: p.kind === "need" ? demandOf(p, event) : maxMeetingsOf(p, event),
    slots,
    agendaHref: `/events/${event.id}/agenda?participant=${p.id}`,
  };
}

function reasonText(
  lang: Lang,
  reason: EventInfeasibility,
  names: (kind: "need" | "expert", id: number) => string,
  event: DockingEvent,
  words: ReturnType<typeof sentenceWords>,
) {
  const separator = translate(lang, "common.listSeparator");
  const needs = reason.needIds
    .slice(0, 6)
    .map((id) => names("need", id))
    .join(separator);
  const experts = reason.expertIds
    .slice(0, 6)
    .map((id) => names("expert", id))
    .join(separator);
  const rule = reason.rule !== null ? event.quotaRules[reason.rule] : undefined;
  return translate(lang, `events.reason.${reason.kind}` as MessageKey, {
    needs,
    experts,
    shortfall: reason.shortfall,
    need: words.need,
    expert: words.expert,
    rule: rule ? ruleText(lang, rule, words) : "",
  });
}

/** The buttons a diagnosis offers: each one applies a change and runs again. */
function relaxationsFor(
  lang: Lang,
  reason: EventInfeasibility,
  ctx: {
    event: DockingEvent;
    participants: EventParticipant[];
    names: (kind: "need" | "expert", id: number) => string;
  },
) {
  const needP = (id: number) => ctx.participants.find((p) => p.kind === "need" && p.need.id === id);
  const expertP = (id: number) => ctx.participants.find((p) => p.kind === "expert" && p.expert.id === id);
  const buttons: { label: string; fields: { name: string; value: string }[] }[] = [];
  const setDemand = (needId: number, lower: number) => {
    const p = needP(needId);
    if (!p || p.kind !== "need") return;
    const current = demandOf(p, ctx.event);
    const value = Math.max(0, current - lower);
    buttons.push({
      label: translate(lang, "events.relax.setDemand", { name: ctx.names("need", needId), from: current, to: value }),
      fields: [
        { name: "action", value: "setDemand" },
        { name: "participantId", value: String(p.id) },
        { name: "value", value: String(value) },
      ],
    });
  };
  if (reason.kind === "quota" && reason.rule !== null && ctx.event.quotaRules[reason.rule]) {
    buttons.push({
      label: translate(lang, "events.relax.removeQuota", {
        rule: ruleText(lang, ctx.event.quotaRules[reason.rule]!, sentenceWords(lang, ctx.event.kind)),
      }),
      fields: [
        { name: "action", value: "removeQuota" },
        { name: "rule", value: String(reason.rule) },
      ],
    });
  }
  if (reason.kind === "tooFewCandidates" || reason.kind === "quota") {
    for (const id of reason.needIds.slice(0, 3)) setDemand(id, reason.shortfall);
  }
  if (reason.kind === "capacityCut") {
    for (const id of reason.expertIds.slice(0, 3)) {
      const p = expertP(id);
      if (!p || p.kind !== "expert") continue;
      const current = maxMeetingsOf(p, ctx.event);
      // The label promises the value the button sets, which the event's limit caps.
      const value = Math.min(eventLimits.meetingsPerExpert.max, current + reason.shortfall);
      buttons.push({
        label: translate(lang, "events.relax.setMaxMeetings", { name: p.expert.name, from: current, to: value }),
        fields: [
          { name: "action", value: "setMaxMeetings" },
          { name: "participantId", value: String(p.id) },
          { name: "value", value: String(value) },
        ],
      });
    }
    if (reason.needIds[0] !== undefined) setDemand(reason.needIds[0], reason.shortfall);
  }
  if (reason.kind === "minLoad" || reason.kind === "totalMinLoad") {
    for (const id of reason.expertIds.slice(0, 3)) {
      const p = expertP(id);
      if (!p || p.kind !== "expert") continue;
      buttons.push({
        label: translate(lang, "events.relax.setMinMeetings", { name: p.expert.name }),
        fields: [
          { name: "action", value: "setMinMeetings" },
          { name: "participantId", value: String(p.id) },
          { name: "value", value: "0" },
        ],
      });
    }
  }
  return buttons;
}

export function presentRunPanel(
  lang: Lang,
  run: AssignmentRun | null,
  ctx: { event: DockingEvent; participants: EventParticipant[] },
) {
  if (!run) return null;
  const words = sentenceWords(lang, ctx.event.kind);
  const byNeed = new Map(
    ctx.participants.flatMap((p) => (p.kind === "need" ? [[p.need.id, p.need.title] as const] : [])),
  );
  const byExpert = new Map(
    ctx.participants.flatMap((p) => (p.kind === "expert" ? [[p.expert.id, p.expert.name] as const] : [])),
  );
  const names = (kind: "need" | "expert", id: number) =>
    (kind === "need" ? byNeed.get(id) : byExpert.get(id)) ?? `#${id}`;
  return {
    id: run.id,
    status: run.status,
    running: run.status === "running",
    statusLabel: translate(lang, `events.run.status.${run.status}` as MessageKey),
    percent: Math.round(run.progress * 100),
    phase: run.phase,
    etaSeconds: run.etaSeconds,
    objective: run.objective === null ? null : run.objective.toFixed(3),
    changedPairs: run.changedPairs,
    failure: run.failure,
    diagnosis: run.diagnosis && {
      summary: run.diagnosis.summary,
      reasons: run.diagnosis.reasons.map((reason) => ({
        text: reasonText(lang, reason, names, ctx.event, words),
        engine: `${reason.message} ${reason.relaxation}`,
        relaxations: relaxationsFor(lang, reason, { ...ctx, names }),
      })),
    },
  };
}

export function presentMeetingRows(lang: Lang, event: DockingEvent, meetings: EventMeeting[]) {
  const slots = slotTimes(event);
  return meetings.map((m) => ({
    id: m.id,
    need: m.need.title,
    enterprise: m.need.enterprise,
    expert: m.expert.name,
    organization: m.expert.organization,
    score: m.score.toFixed(3),
    locked: m.locked,
    manual: m.source === "manual",
    slot:
      m.slot === null
        ? ""
        : `${m.slot + 1}${translate(lang, "common.inParentheses", { text: slotLabel(slots[m.slot]!) })}`,
    table: m.tableNo === null ? "" : String(m.tableNo + 1),
    lockLabel: translate(lang, m.locked ? "events.review.unlock" : "events.review.lock"),
    lockValue: m.locked ? "false" : "true",
    // From the live day on, organizers open any meeting's outcome page (it says when it cannot be recorded yet).
    outcomeHref: ["live", "closed"].includes(event.status) ? outcomeHref(event.id, m.id) : "",
  }));
}

/** A registration file's report, each refused line's reasons in the page's language. */
function presentRosterReport(lang: Lang, report: RosterReport) {
  const columnName = (field: string) =>
    lang === "en" ? field : (rosterChineseHeaders[field as keyof typeof rosterChineseHeaders] ?? field);
  return {
    rows: report.rows,
    registered: report.registered,
    errors: report.errors.map((error) => ({
      line: error.line,
      reason: translateLineReasons(lang, error.reasons, columnName),
    })),
  };
}

export function presentConsole(
  lang: Lang,
  input: {
    event: DockingEvent;
    participants: EventParticipant[];
    run: AssignmentRun | null;
    meetings: EventMeeting[];
    registrationOpen: boolean;
    inviteUrl: string;
    roster?: RosterReport;
    schedule?: ScheduleSummary;
    error?: string;
  },
) {
  const { event } = input;
  const words = sideWords(lang, event.kind);
  const needs = input.participants.filter((p) => p.kind === "need");
  const experts = input.participants.filter((p) => p.kind === "expert");
  const placed = input.meetings.filter((m) => m.slot !== null).length;
  return {
    ...presentEventSummary(lang, event),
    words,
    sentence: sentenceWords(lang, event.kind),
    transitions: eventTransitions[event.status]
      .filter((to) => to !== "scheduled")
      .map((to) => ({ to, label: transitionLabel(lang, event.status, to) })),
    editable: ["draft", "registration", "matching"].includes(event.status),
    canRun: ["registration", "matching"].includes(event.status),
    canReview: event.status === "matching" && input.meetings.length > 0,
    // Swapping takes two pairs; with one there is nothing to swap it with.
    canSwap: event.status === "matching" && input.meetings.length > 1,
    canSchedule: event.status === "matching" && input.meetings.length > 0,
    canPublish: event.status === "matching" && input.meetings.length > 0 && placed === input.meetings.length,
    published: ["scheduled", "live", "closed"].includes(event.status),
    // The link is for registering: once the event has moved past registration it only leads to a refusal.
    inviteUrl: ["draft", "registration"].includes(event.status) ? input.inviteUrl : "",
    needCount: needs.length,
    expertCount: experts.length,
    participants: input.participants.map((p) => presentParticipantRow(lang, event, p)),
    run: presentRunPanel(lang, input.run, input),
    meetings: presentMeetingRows(lang, event, input.meetings),
    meetingCount: input.meetings.length,
    placedCount: placed,
    needOptions: needs.map((p) => ({ id: p.kind === "need" ? p.need.id : 0, name: participantName(p) })),
    expertOptions: experts.map((p) => ({ id: p.kind === "expert" ? p.expert.id : 0, name: participantName(p) })),
    roster: input.roster && presentRosterReport(lang, input.roster),
    schedule: input.schedule,
    error: input.error,
  };
}

export function presentEventSummary(lang: Lang, event: DockingEvent) {
  const words = sentenceWords(lang, event.kind);
  const slots = slotTimes(event);
  return {
    event: presentEventCard(lang, event),
    description: event.description,
    slotSummary: translate(lang, "events.slotSummary", {
      count: event.slotCount,
      minutes: event.slotMinutes,
      first: slots[0] ? slotLabel(slots[0]) : "",
      last: slots.at(-1) ? slotLabel(slots.at(-1)!) : "",
      tables: event.tableCount,
    }),
    // Each clause has its own count, so each takes its own plural form ("1 expert", "3 experts").
    loads: translate(lang, "events.loads", {
      demand: translate(lang, "events.loads.demand", { count: event.demandPerNeed, ...words }),
      meetings: translate(lang, "events.loads.meetings", { count: event.meetingsPerExpert, ...words }),
    }),
    rules: event.quotaRules.map((r) => ruleText(lang, r, words)),
    objectiveLabel: translate(lang, `events.objective.${event.objective}`),
    slots: slots.map((s) => ({ value: s.slot, number: s.slot + 1, label: slotLabel(s) })),
  };
}

/** What the join form holds: the most meetings (as typed) and the slots ticked. */
export interface JoinFormValues {
  maxMeetings: string;
  slots: number[];
}

/**
 * The join form as an expert finds it: their registration when they have one, so that changing
 * one slot does not silently reset the rest (registering again replaces the whole entry).
 */
export function joinFormValues(registered: EventParticipant | undefined): JoinFormValues {
  if (registered?.kind !== "expert") return { maxMeetings: "", slots: [] };
  return {
    maxMeetings: registered.maxMeetings === null ? "" : String(registered.maxMeetings),
    slots: registered.availability,
  };
}

/**
 * The agenda page: each of the viewer's agendas; or, with none to show, why (the schedule is not
 * published yet, or the viewer is not registered) and where to register or see the registration.
 */
export function presentAgendaPage(
  lang: Lang,
  agendas: Agenda[] | "not_published",
  options: { eventId: number; participantId?: number; now: Date; registrationOpen: boolean },
) {
  const joinHref = `/events/${options.eventId}/join`;
  if (agendas === "not_published") {
    return {
      agendas: [],
      empty: {
        title: translate(lang, "events.agenda.notPublished"),
        hint: translate(lang, "events.agenda.notPublishedHint"),
        actionHref: joinHref,
        actionLabel: translate(lang, "events.agenda.toRegistration"),
      },
    };
  }
  if (agendas.length === 0) {
    return {
      agendas: [],
      empty: {
        title: translate(lang, "events.agenda.notRegistered"),
        hint: translate(lang, "events.agenda.notRegisteredHint"),
        ...(options.registrationOpen && { actionHref: joinHref, actionLabel: translate(lang, "events.join.submit") }),
      },
    };
  }
  const query = options.participantId ? `&participantId=${options.participantId}` : "";
  return {
    empty: null,
    icsHref: `/api/events/${options.eventId}/agenda?format=ics${query}`,
    printHref: `/events/${options.eventId}/agenda/print${options.participantId ? `?participant=${options.participantId}` : ""}`,
    agendas: agendas.map((agenda) => ({
      name: participantName(agenda.participant),
      kindLabel: sideWords(lang, agenda.event.kind)[agenda.participant.kind],
      meetings: agenda.meetings.map((m) => {
        const counterpart = counterpartOf(m, agenda.participant);
        return {
          id: m.id,
          slot: m.slot! + 1,
          time: agenda.slots[m.slot!] ? slotLabel(agenda.slots[m.slot!]!) : "",
          table: (m.tableNo ?? 0) + 1,
          ...counterpart,
          confidentialLabel: counterpart.confidential
            ? translate(lang, "events.agenda.confidential", sentenceWords(lang, agenda.event.kind))
            : "",
          // Once the meeting has begun, each side records what came of it.
          outcomeHref:
            outcomeBlock(
              {
                status: m.status,
                eventStatus: agenda.event.status,
                slotStart: agenda.slots[m.slot!]?.startsAt ?? null,
              },
              options.now,
            ) === null
              ? outcomeHref(options.eventId, m.id)
              : "",
        };
      }),
    })),
  };
}

/** Table cards for the venue: one per table, its meetings slot by slot. */
export function presentTableCards(event: DockingEvent, meetings: EventMeeting[]) {
  const slots = slotTimes(event);
  const tables = new Map<number, EventMeeting[]>();
  for (const m of meetings) {
    if (m.tableNo === null || m.slot === null) continue;
    tables.set(m.tableNo, [...(tables.get(m.tableNo) ?? []), m]);
  }
  return [...tables.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([table, list]) => ({
      table: table + 1,
      meetings: list
        .sort((a, b) => a.slot! - b.slot!)
        .map((m) => ({
          slot: m.slot! + 1,
          time: slotLabel(slots[m.slot!]!),
          need: m.need.title,
          expert: m.expert.name,
        })),
    }));
}

export function presentSuggestions(lang: Lang, eventId: number, list: ParticipantSuggestions[]) {
  const choices = ["must", "like", "no"] as const;
  return list.map((s) => ({
    name: participantName(s.participant),
    items: s.items.map((item) => ({
      ...item,
      score: item.score.toFixed(3),
      why: item.explanation ? explanationLine(lang, item.explanation) : "",
      choices: choices.map((c) => ({
        value: c,
        label: translate(lang, `events.pref.${c}`),
        current: item.choice === c,
      })),
      action: `/events/${eventId}/preferences`,
    })),
  }));
}

/** The engine's explanation in one line: its strongest evidence terms. */
function explanationLine(lang: Lang, explanation: object): string {
  const terms = (explanation as { terms?: unknown }).terms;
  if (Array.isArray(terms)) {
    return terms
      .slice(0, 5)
      .map((t) =>
        typeof t === "string"
          ? t
          : typeof (t as { term?: unknown }).term === "string"
            ? (t as { term: string }).term
            : "",
      )
      .filter(Boolean)
      .join(translate(lang, "common.listSeparator"));
  }
  return "";
}
