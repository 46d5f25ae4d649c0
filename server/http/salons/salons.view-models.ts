import {
  moderationEventTypes,
  reactionKinds,
  salonVisibilities,
  type SalonStatus,
  type SalonVisibility,
} from "../../salons/salon.types.js";
import { salonLimits } from "../../salons/salon.js";
import type { SalonListItem } from "../../salons/salons.repository.js";
import type { SalonDetail } from "../../salons/salons.service.js";
import { allMessageKeys, messageOf, translate, type Lang, type MessageKey } from "../i18n/translate.js";
import { excerpt, formatClock, type SelectOption } from "../layout/page-parts.view-models.js";
import type { FieldErrors } from "../platform/forms.js";
import type { SpeakerRowText } from "./salons.forms.js";

/** Salon pages' view models: labels translated here, templates only place them. */

const dateTimeFormats: Record<Lang, Intl.DateTimeFormat> = {
  "zh-CN": new Intl.DateTimeFormat("zh-CN", {
    year: "numeric",
    month: "long",
    day: "numeric",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Asia/Shanghai",
  }),
  en: new Intl.DateTimeFormat("en-GB", {
    year: "numeric",
    month: "short",
    day: "numeric",
    weekday: "short",
    hour: "2-digit",
    minute: "2-digit",
    timeZone: "Asia/Shanghai",
  }),
};

/**
 * `2026年5月18日周一 14:30–16:30` (Beijing time), or "to be announced". An end on a later
 * Beijing day is dated too: a bare `01:00` would read as before the start.
 */
export function formatSchedule(lang: Lang, startsAt: string | null, endsAt: string | null): string {
  if (!startsAt) return translate(lang, "salon.scheduleUnset");
  const start = dateTimeFormats[lang].format(new Date(startsAt));
  if (!endsAt) return start;
  const sameDay = beijingInputValue(startsAt).slice(0, 10) === beijingInputValue(endsAt).slice(0, 10);
  const end = new Date(endsAt);
  return `${start}–${sameDay ? formatClock(end) : dateTimeFormats[lang].format(end)}`;
}

/** `2026-05-18T14:30`, what a `datetime-local` field shows for a Beijing time. */
export function beijingInputValue(iso: string | null): string {
  if (!iso) return "";
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000);
  return shifted.toISOString().slice(0, 16);
}

export interface SalonStatusBadge {
  code: SalonStatus;
  label: string;
}

export function salonStatusBadge(lang: Lang, status: SalonStatus): SalonStatusBadge {
  return { code: status, label: translate(lang, `salon.status.${status}` satisfies MessageKey) };
}

function visibilityLabel(lang: Lang, visibility: SalonVisibility): string {
  return translate(lang, `salon.visibility.${visibility}` satisfies MessageKey);
}

export interface SalonCardModel {
  href: string;
  title: string;
  topic: string;
  excerpt: string;
  status: SalonStatusBadge;
  visibility: string;
  schedule: string;
  organizer: string | null;
  speakers: string[];
  questionCount: number;
}

export function presentSalonCard(lang: Lang, salon: SalonListItem): SalonCardModel {
  return {
    href: `/salons/${salon.id}`,
    title: salon.title,
    topic: salon.topic,
    excerpt: excerpt(salon.description, 110),
    status: salonStatusBadge(lang, salon.status),
    visibility: visibilityLabel(lang, salon.visibility),
    schedule: formatSchedule(lang, salon.startsAt, salon.endsAt),
    organizer: salon.organizerName,
    speakers: salon.speakerNames,
    questionCount: salon.questionCount,
  };
}

export interface SalonDetailModel {
  title: string;
  id: number;
  topic: string;
  description: string;
  disciplines: string[];
  status: SalonStatusBadge;
  visibility: string;
  schedule: string;
  organizer: string | null;
  speakers: { name: string; href: string; talkTitle: string; length: string }[];
  moderators: string[];
  counts: SalonDetail["counts"];
  roomHref: string;
  minutesHref: string;
  /** What the enter button says: take part, listen in, or sign in first. */
  enter: { label: string; href: string };
  manage: {
    editHref: string;
    openAction: string | null;
    openLabel: string;
    closeAction: string | null;
  } | null;
  join: JoinCodeModel | null;
}

/** Where someone without an account chooses a display name for a salon. */
export function guestJoinHref(salonId: number): string {
  return `/salons/${salonId}/guest`;
}

/** A salon's join code, and the host the page was reached at (the address to type goes with the code). */
export interface JoinCode {
  code: string;
  host: string;
}

/** How people without an account join a public salon that has not ended: a code and its QR image. */
export interface JoinCodeModel {
  code: string;
  qrSrc: string;
  joinHref: string;
  /** The join page's address to type on a phone (`scibridge.example.cn/join`): "/join" alone leads nowhere there. */
  joinAddress: string;
  guestHref: string;
}

export function presentJoinCode(salonId: number, join: JoinCode | null): JoinCodeModel | null {
  if (join === null) return null;
  return {
    code: join.code,
    qrSrc: `/salons/${salonId}/join-code.svg`,
    joinHref: "/join",
    joinAddress: `${join.host}/join`,
    guestHref: guestJoinHref(salonId),
  };
}

/** What the enter button says: take part, listen in, sign in first, or, once it has ended, look back. */
function enterRoom(lang: Lang, salon: SalonDetail["salon"], signedIn: boolean): { label: string; href: string } {
  const roomHref = `/salons/${salon.id}/live`;
  const viaSignIn = `/login?next=${encodeURIComponent(roomHref)}`;
  const mayEnter = signedIn || salon.visibility === "public";
  if (salon.status === "closed")
    return { label: translate(lang, "salonDetail.revisit"), href: mayEnter ? roomHref : viaSignIn };
  if (signedIn) return { label: translate(lang, "salonDetail.enter"), href: roomHref };
  return mayEnter
    ? { label: translate(lang, "salonDetail.listen"), href: roomHref }
    : { label: translate(lang, "salonDetail.signInToJoin"), href: viaSignIn };
}

export function presentSalonDetail(
  lang: Lang,
  detail: SalonDetail,
  signedIn: boolean,
  joinCode: JoinCode | null = null,
): SalonDetailModel {
  const { salon } = detail;
  const t = (key: MessageKey, values?: Record<string, string | number>) => translate(lang, key, values);
  const roomHref = `/salons/${salon.id}/live`;
  return {
    title: salon.title,
    id: salon.id,
    topic: salon.topic,
    description: salon.description,
    disciplines: salon.disciplines,
    status: salonStatusBadge(lang, salon.status),
    visibility: visibilityLabel(lang, salon.visibility),
    schedule: formatSchedule(lang, salon.startsAt, salon.endsAt),
    organizer: salon.organizer?.name ?? null,
    speakers: salon.speakers.map((speaker) => ({
      name: speaker.name,
      href: `/experts/${speaker.expertId}`,
      talkTitle: speaker.talkTitle,
      length: t("salon.minutesLength", { minutes: Math.round(speaker.budgetSeconds / 60) }),
    })),
    moderators: salon.moderators.map((m) => m.name),
    counts: detail.counts,
    roomHref,
    minutesHref: `/salons/${salon.id}/minutes`,
    enter: enterRoom(lang, salon, signedIn),
    manage: detail.canManage
      ? {
          editHref: `/salons/${salon.id}/edit`,
          openAction: salon.status === "open" ? null : `/salons/${salon.id}/open`,
          openLabel: t(salon.openedAt ? "salonDetail.manage.reopen" : "salonDetail.manage.open"),
          closeAction: salon.status === "open" ? `/salons/${salon.id}/close` : null,
        }
      : null,
    join: presentJoinCode(salon.id, joinCode),
  };
}

export interface SalonFormValues {
  title: string;
  topic: string;
  description: string;
  disciplines: string;
  startsAt: string;
  endsAt: string;
  visibility: SalonVisibility;
  premoderation: boolean;
  slowModeSeconds: string;
  handBudgetSeconds: string;
  moderatorEmails: string;
  inviteeEmails: string;
  speakers: SpeakerRowValues[];
}

/**
 * An agenda row as the form shows it: what the expert box holds (a number or typed text) and,
 * when it holds a known expert's number, their name, which the box shows instead.
 */
export interface SpeakerRowValues extends SpeakerRowText {
  expertName?: string;
}

export const emptySalonForm: SalonFormValues = {
  title: "",
  topic: "",
  description: "",
  disciplines: "",
  startsAt: "",
  endsAt: "",
  visibility: "public",
  premoderation: false,
  slowModeSeconds: "0",
  handBudgetSeconds: "120",
  moderatorEmails: "",
  inviteeEmails: "",
  speakers: [],
};

export interface SalonFormModel {
  title: string;
  isNew: boolean;
  action: string;
  cancelHref: string;
  values: SalonFormValues;
  speakerRows: {
    number: number;
    label: string;
    /** What the expert box shows: the expert's name when known, else what was typed. */
    expertText: string;
    /** The chosen expert's number behind a name (the picker submits it; without the script the name is looked up). */
    chosenId: string | null;
    talkTitle: string;
    minutes: string;
    errors: Record<keyof SpeakerRowText, string | undefined>;
  }[];
  visibilities: (SelectOption & { hint: string })[];
  errors: FieldErrors;
  hasErrors: boolean;
}

export function presentSalonForm(
  lang: Lang,
  options: { salonId?: number; values: SalonFormValues; errors?: FieldErrors },
): SalonFormModel {
  const errors = options.errors ?? {};
  const { salonId, values } = options;
  // Always a few empty rows beyond the agenda so far.
  const rows = [...values.speakers, ...Array.from({ length: Math.max(2, 5 - values.speakers.length) }, () => null)];
  return {
    title: translate(lang, salonId === undefined ? "salonForm.newTitle" : "salonForm.editTitle"),
    isNew: salonId === undefined,
    action: salonId === undefined ? "/salons" : `/salons/${salonId}`,
    cancelHref: salonId === undefined ? "/salons" : `/salons/${salonId}`,
    values,
    speakerRows: rows.map((row, index) => ({
      number: index + 1,
      label: translate(lang, "salonForm.speakerRow", { n: index + 1 }),
      expertText: row?.expertName ?? row?.expertId ?? "",
      chosenId: row?.expertName ? row.expertId : null,
      talkTitle: row?.talkTitle ?? "",
      minutes: row?.minutes ?? "",
      errors: {
        expertId: errors[`speakers.${index}.expertId`],
        talkTitle: errors[`speakers.${index}.talkTitle`],
        minutes: errors[`speakers.${index}.minutes`],
      },
    })),
    visibilities: salonVisibilities.map((visibility) => ({
      value: visibility,
      label: visibilityLabel(lang, visibility),
      hint: translate(lang, `salon.visibility.${visibility}Hint` satisfies MessageKey),
      selected: values.visibility === visibility,
    })),
    errors,
    hasErrors: Object.keys(errors).length > 0,
  };
}

/** Strings the room script shows, translated once on the server and handed over as JSON. */
const roomMessageKeys = [
  "salonRoom.connection.connecting",
  "salonRoom.connection.live",
  "salonRoom.connection.lost",
  "salonRoom.connection.removed",
  "salonRoom.connection.revoked",
  "salonRoom.connection.signedOut",
  "salonRoom.presence",
  "salonRoom.notOpen",
  "salonRoom.closedNotice",
  "salon.status.scheduled",
  "salon.status.open",
  "salon.status.closed",
  "salonRoom.questions.empty",
  "salonRoom.questions.hidden",
  "salonRoom.questions.pendingCount",
  "salonRoom.questions.anonymousAuthor",
  "salonRoom.questions.anonymousTag",
  "salonRoom.questions.you",
  "salonRoom.questions.vote",
  "salonRoom.questions.voted",
  "salonRoom.questions.votes",
  "salonRoom.questions.status.pending",
  "salonRoom.questions.status.answered",
  "salonRoom.questions.status.hidden",
  "salonRoom.questions.pinned",
  "salonRoom.questions.hiddenReason",
  "salonRoom.questions.sent",
  "salonRoom.questions.sentPending",
  "salonRoom.mod.approve",
  "salonRoom.mod.hide",
  "salonRoom.mod.answer",
  "salonRoom.mod.pin",
  "salonRoom.mod.unpin",
  "salonRoom.mod.merge",
  "salonRoom.mod.mergeTitle",
  "salonRoom.mod.hideTitle",
  "salonRoom.mod.questionVotes",
  "salonRoom.mod.ban",
  "salonRoom.mod.banConfirm",
  "salonRoom.mod.mute",
  "salonRoom.mod.unmute",
  "salonRoom.mod.logEmpty",
  "salonRoom.queue.nobody",
  "salonRoom.queue.empty",
  "salonRoom.queue.raise",
  "salonRoom.queue.lower",
  "salonRoom.queue.onAgenda",
  "salonRoom.queue.speakingNow",
  "salonRoom.queue.overtime",
  "salonRoom.queue.speakerTag",
  "salonRoom.polls.empty",
  "salonRoom.polls.vote",
  "salonRoom.polls.change",
  "salonRoom.polls.voters",
  "salonRoom.polls.closed",
  "salonRoom.polls.multiple",
  "salonRoom.polls.close",
  "salonRoom.chat.empty",
  "salonRoom.error.generic",
  "salonRoom.error.rate_limited",
  "salonRoom.error.forbidden",
  "salonRoom.error.unauthenticated",
  "salonRoom.error.invalid",
  "salonRoom.log.salon.opened",
  "salonRoom.log.salon.closed",
  "salonRoom.log.salon.updated",
  "salonRoom.log.question.moderated",
  "salonRoom.log.question.linked",
  "salonRoom.log.queue.advanced",
  "salonRoom.log.poll.opened",
  "salonRoom.log.poll.closed",
  "salonRoom.log.member.banned",
  "salonRoom.log.member.muted",
] as const satisfies readonly MessageKey[];

/**
 * The room's refusals in the page's language: `salonRoom.refusal.<reason>`, one for each
 * `details.reason` the Salon refuses with; the script fills in the details' values. The domain's
 * English message is for API clients.
 */
function roomRefusalKeys(): MessageKey[] {
  return allMessageKeys().filter((key) => key.startsWith("salonRoom.refusal."));
}

/** The reaction icons ship with the app (an SVG sprite), not as emoji that need a colour-emoji font. */
export function reactionIconHref(kind: (typeof reactionKinds)[number]): string {
  return `/assets/reactions.svg#reaction-${kind}`;
}

export interface SalonRoomModel {
  title: string;
  salonId: number;
  topic: string;
  status: SalonStatusBadge;
  detailHref: string;
  minutesHref: string;
  signedIn: boolean;
  /** The salon had ended when the page was made: nobody is told how to take part. */
  ended: boolean;
  loginHref: string;
  moderator: boolean;
  /** The longest reason a moderator may give for hiding a question (the hide dialog's field). */
  reasonMaxLength: number;
  /** A poll's options: how many, and how long each (the new-poll form checks them before sending). */
  pollLimits: { minOptions: number; maxOptions: number; optionCharacters: number };
  /** The room script's strings: JSON in a data attribute (escaped like any attribute). */
  messagesJson: string;
  /** Which events the moderation log lists. */
  logTypesJson: string;
  reactions: { kind: string; icon: string; label: string }[];
  slowModeChoices: { value: number; label: string }[];
  /** The guest this visitor takes part as, when they joined without an account. */
  guestName: string | null;
  /** The salon's join code: for visitors who may join as guests, and for moderators to show. */
  join: JoinCodeModel | null;
}

export function presentSalonRoom(
  lang: Lang,
  detail: SalonDetail,
  viewer: { signedIn: boolean; guestName: string | null; joinCode: JoinCode | null },
): SalonRoomModel {
  const { salon } = detail;
  const roomHref = `/salons/${salon.id}/live`;
  return {
    title: salon.title,
    salonId: salon.id,
    topic: salon.topic,
    status: salonStatusBadge(lang, salon.status),
    detailHref: `/salons/${salon.id}`,
    minutesHref: `/salons/${salon.id}/minutes`,
    signedIn: viewer.signedIn,
    ended: salon.status === "closed",
    guestName: viewer.guestName,
    join: presentJoinCode(salon.id, viewer.joinCode),
    loginHref: `/login?next=${encodeURIComponent(roomHref)}`,
    moderator: detail.isModerator,
    reasonMaxLength: salonLimits.reasonCharacters,
    pollLimits: {
      minOptions: salonLimits.pollOptions.min,
      maxOptions: salonLimits.pollOptions.max,
      optionCharacters: salonLimits.pollOptionCharacters,
    },
    messagesJson: JSON.stringify(
      // Plural messages go whole: the script picks the form for each count.
      Object.fromEntries(
        [...roomMessageKeys, ...roomRefusalKeys()].map((key) => [
          key.replace(/^salonRoom\./, ""),
          messageOf(lang, key),
        ]),
      ),
    ),
    logTypesJson: JSON.stringify(moderationEventTypes),
    reactions: reactionKinds.map((kind) => ({
      kind,
      icon: reactionIconHref(kind),
      label: translate(lang, `salonRoom.reactions.${kind}` satisfies MessageKey),
    })),
    slowModeChoices: [0, 10, 30, 60, 120].map((value) => ({
      value,
      label:
        value === 0
          ? translate(lang, "salonRoom.mod.slowOff")
          : translate(lang, "salonRoom.mod.seconds", { count: value }),
    })),
  };
}
