import type { MinutesQuestion, SalonMinutes, TimelineItem } from "../../salons/salon-minutes.js";
import type { Salon } from "../../salons/salon.js";
import type { Question } from "../../salons/salon.types.js";
import { translate, type Lang, type MessageKey } from "../i18n/translate.js";
import { excerpt, formatClock } from "../layout/page-parts.view-models.js";
import { formatSchedule } from "./salons.view-models.js";

/** The minutes in words: one model for the printable page, and the same content as Markdown. */

type T = (key: MessageKey, values?: Record<string, string | number>) => string;

/**
 * A length of time in words ("20 分钟", "21 分 5 秒", "7 秒"): in minutes the page also shows
 * times of day, which "20:00" or "0:07" would read as.
 */
function duration(t: T, seconds: number): string {
  const minutes = Math.floor(seconds / 60);
  const rest = seconds % 60;
  if (minutes === 0) return t("salon.secondsLength", { seconds: rest });
  return rest === 0
    ? t("salon.minutesLength", { minutes })
    : t("salon.minutesSecondsLength", { minutes, seconds: rest });
}

function timelineText(t: T, item: TimelineItem): string {
  switch (item.kind) {
    case "opened":
      return t("minutes.event.opened");
    case "closed":
      return t("minutes.event.closed");
    case "turn_started":
      return t("minutes.event.turnStarted", { name: item.name, budget: duration(t, item.budgetSeconds) });
    case "turn_finished":
      return t("minutes.event.turnFinished", { name: item.name, spoke: duration(t, item.spokeSeconds) });
    case "answered":
      return t("minutes.event.answered", { id: item.questionId, text: item.text });
    case "poll_opened":
      return t("minutes.event.pollOpened", { question: item.question });
    case "poll_closed":
      return t("minutes.event.pollClosed", { question: item.question });
  }
}

export interface MinutesModel {
  title: string;
  salonTitle: string;
  topic: string;
  schedule: string;
  organizer: string | null;
  moderators: string[];
  generated: string;
  backHref: string;
  markdownHref: string;
  agenda: { name: string; talkTitle: string; planned: string; spoke: string }[];
  counts: { label: string; value: number }[];
  questions: {
    number: number;
    text: string;
    author: string;
    votes: string;
    answered: boolean;
    status: string;
    merged: string | null;
  }[];
  unanswered: {
    number: number;
    text: string;
    votes: string;
    suggestions: { name: string; href: string; detail: string; expertId: number }[];
    /** A moderator's box to forward the question to an expert, the suggested ones offered first. */
    forward: ForwardForm | null;
    needAction: string | null;
    need: { href: string; label: string } | null;
  }[];
  showSuggestions: boolean;
  polls: {
    question: string;
    kind: string;
    voters: string;
    closed: boolean;
    options: { text: string; count: number; share: string }[];
  }[];
  timeline: { time: string; text: string }[];
}

/** The forward box of one question: a person picker that opens on the suggested experts. */
interface ForwardForm {
  action: string;
  inputId: string;
  /** The suggestions in the shape of GET /api/experts/suggest, for the picker's empty box. */
  suggestionsJson: string;
  value: string;
  error: string | null;
}

/** A forward the server refused (a name that fits no expert or several), shown again at its question. */
export interface RefusedForward {
  questionId: number;
  value: string;
  error: string;
}

export function presentMinutes(lang: Lang, minutes: SalonMinutes, refused?: RefusedForward): MinutesModel {
  const canAct = minutes.forModerator;
  const t: T = (key, values) => translate(lang, key, values);
  const { salon } = minutes;
  const author = (q: MinutesQuestion) => q.author ?? t("minutes.anonymous");
  return {
    title: t("minutes.heading", { title: salon.title }),
    salonTitle: salon.title,
    topic: salon.topic,
    schedule: formatSchedule(lang, salon.startsAt, salon.endsAt),
    organizer: salon.organizer?.name ?? null,
    moderators: salon.moderators.map((m) => m.name),
    generated: t("minutes.generated", { time: formatSchedule(lang, minutes.generatedAt, null) }),
    backHref: `/salons/${salon.id}`,
    markdownHref: `/api/salons/${salon.id}/minutes?format=md`,
    agenda: minutes.agenda.map((row) => ({
      name: row.name,
      talkTitle: row.talkTitle,
      planned: duration(t, row.budgetSeconds),
      spoke: row.spokeSeconds === null ? "—" : duration(t, row.spokeSeconds),
    })),
    counts: (["questions", "answered", "hidden", "participants", "chatMessages", "reactions"] as const).map((key) => ({
      label: t(`minutes.count.${key}` satisfies MessageKey),
      value: minutes.counts[key],
    })),
    questions: minutes.questions.map((q) => ({
      number: q.id,
      text: q.text,
      author: author(q),
      votes: t("minutes.votes", { count: q.votes }),
      answered: q.answered,
      status: t(q.answered ? "minutes.answered" : "minutes.unansweredLabel"),
      merged: q.merged > 0 ? t("minutes.merged", { count: q.merged }) : null,
    })),
    unanswered: minutes.unanswered.map((q) => ({
      number: q.id,
      text: q.text,
      votes: t("minutes.votes", { count: q.votes }),
      suggestions: q.suggestions.map((s) => ({
        name: s.name,
        href: `/experts/${s.expertId}`,
        detail: [s.organization, s.title].filter(Boolean).join(" · "),
        expertId: s.expertId,
      })),
      forward: canAct
        ? {
            action: `/salons/${salon.id}/questions/${q.id}/forward`,
            inputId: `forward-${q.id}`,
            suggestionsJson: JSON.stringify(
              q.suggestions.map((e) => ({
                id: e.expertId,
                name: e.name,
                title: e.title,
                organization: e.organization,
              })),
            ),
            value: refused?.questionId === q.id ? refused.value : "",
            error: refused?.questionId === q.id ? refused.error : null,
          }
        : null,
      needAction: canAct && q.needId === null ? `/salons/${salon.id}/questions/${q.id}/need` : null,
      need: q.needId === null ? null : { href: `/needs/${q.needId}`, label: t("minutes.needLink", { id: q.needId }) },
    })),
    showSuggestions: canAct,
    polls: minutes.polls.map((poll) => ({
      question: poll.question,
      kind: t(poll.multiple ? "minutes.multiple" : "minutes.single"),
      voters: t("minutes.pollVoters", { count: poll.results.voters }),
      closed: poll.closed,
      options: poll.options.map((text, index) => {
        const count = poll.results.counts[index] ?? 0;
        const share = poll.results.voters === 0 ? 0 : Math.round((100 * count) / poll.results.voters);
        return { text, count, share: `${share}%` };
      }),
    })),
    timeline: minutes.timeline.map((item) => ({
      time: formatClock(new Date(item.at)),
      text: timelineText(t, item),
    })),
  };
}

/** User text inside Markdown: no markup, links, HTML or table breaks can come from it. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[\\`*_{}[\]()<>#+!|~-]/g, "\\$&");
}

/** The minutes as Markdown (GitHub-flavoured tables), from the same model as the page. */
export function minutesMarkdown(lang: Lang, model: MinutesModel): string {
  const t: T = (key, values) => translate(lang, key, values);
  const e = escapeMarkdown;
  // Colons, brackets and list commas in the page's language: full-width ones only in Chinese.
  const labelled = (label: string, value: string | number) => t("common.labelled", { label, value });
  const inParentheses = (text: string | number) => t("common.inParentheses", { text });
  const separator = t("common.listSeparator");
  const lines: string[] = [`# ${e(model.title)}`, ""];
  if (model.topic) lines.push(`- ${labelled(t("salon.field.topic"), e(model.topic))}`);
  lines.push(`- ${labelled(t("salon.field.schedule"), e(model.schedule))}`);
  if (model.organizer) lines.push(`- ${labelled(t("salon.field.organizer"), e(model.organizer))}`);
  if (model.moderators.length)
    lines.push(`- ${labelled(t("salon.field.moderators"), model.moderators.map(e).join(separator))}`);
  lines.push(`- ${e(model.generated)}`, "");

  lines.push(`## ${t("minutes.agenda")}`, "");
  if (model.agenda.length) {
    lines.push(
      `| ${t("minutes.speaker")} | ${t("minutes.talk")} | ${t("minutes.planned")} | ${t("minutes.spoke")} |`,
      "| --- | --- | --- | --- |",
      ...model.agenda.map((row) => `| ${e(row.name)} | ${e(row.talkTitle)} | ${row.planned} | ${row.spoke} |`),
    );
  } else lines.push(t("salonDetail.noSpeakers"));
  lines.push("", `## ${t("minutes.summary")}`, "", ...model.counts.map((c) => `- ${labelled(c.label, c.value)}`), "");

  lines.push(`## ${t("minutes.questions")}`, "");
  if (model.questions.length === 0) lines.push(t("minutes.noQuestions"));
  for (const q of model.questions) {
    const notes = [e(q.author), q.votes, q.status, ...(q.merged ? [q.merged] : [])].join(" · ");
    lines.push(`${q.number}\\. ${e(q.text)}${inParentheses(notes)}`, "");
  }

  if (model.unanswered.length) {
    lines.push(`## ${t("minutes.unanswered")}`, "");
    for (const q of model.unanswered) {
      lines.push(`- ${q.number}\\. ${e(q.text)}${inParentheses(q.votes)}`);
      if (q.need) lines.push(`  - ${e(q.need.label)}`);
      if (model.showSuggestions) {
        const experts = q.suggestions.map((s) => (s.detail ? e(s.name) + inParentheses(e(s.detail)) : e(s.name)));
        lines.push(
          `  - ${labelled(t("minutes.suggested"), experts.length ? experts.join(separator) : t("minutes.noSuggestions"))}`,
        );
      }
    }
    lines.push("");
  }

  lines.push(`## ${t("minutes.polls")}`, "");
  if (model.polls.length === 0) lines.push(t("minutes.noPolls"), "");
  for (const poll of model.polls) {
    lines.push(
      `### ${e(poll.question)}`,
      "",
      `${poll.kind} · ${poll.voters}`,
      "",
      `| ${t("minutes.option")} | ${t("minutes.optionVotes")} | ${t("minutes.share")} |`,
      "| --- | --- | --- |",
      ...poll.options.map((o) => `| ${e(o.text)} | ${o.count} | ${o.share} |`),
      "",
    );
  }

  lines.push(`## ${t("minutes.timeline")}`, "");
  if (model.timeline.length === 0) lines.push(t("minutes.noTimeline"));
  lines.push(...model.timeline.map((item) => `- ${item.time} ${e(item.text)}`));
  return `${lines.join("\n").trimEnd()}\n`;
}

/** How a draft need made from a salon question reads (the organizer edits it afterwards). */
export function needFromQuestion(lang: Lang) {
  return (question: Question, salon: Salon) => ({
    title: excerpt(question.text, 100),
    description: translate(lang, "minutes.needSource", {
      salon: salon.details.title,
      id: question.id,
      votes: translate(lang, "minutes.votes", { count: question.votes }),
    }),
  });
}
