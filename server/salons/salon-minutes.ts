import type { Salon } from "./salon.js";
import { presentSalonSummary, type SalonSummary } from "./salon-views.js";
import type { PollResults, Question, SalonEvent } from "./salon.types.js";

/**
 * The salon's record (纪要), built from its state and its log: agenda with the time each
 * speaker took, the questions people asked with their votes and whether they were
 * answered, poll results and a timeline. Language-neutral: presenters word it.
 */
export interface MinutesQuestion {
  id: number;
  text: string;
  /** Null when asked anonymously: the record never names anonymous askers. */
  author: string | null;
  votes: number;
  answered: boolean;
  answeredAt: string | null;
  /** Duplicates merged into this question. */
  merged: number;
  needId: number | null;
}

export interface SuggestedExpert {
  expertId: number;
  name: string;
  organization: string;
  title: string;
  score: number | null;
}

export type TimelineItem =
  | { at: string; kind: "opened" | "closed" }
  | { at: string; kind: "turn_started"; name: string; budgetSeconds: number }
  | { at: string; kind: "turn_finished"; name: string; spokeSeconds: number; budgetSeconds: number }
  | { at: string; kind: "answered"; questionId: number; text: string }
  | { at: string; kind: "poll_opened" | "poll_closed"; question: string };

export interface SalonMinutes {
  salon: SalonSummary;
  generatedAt: string;
  /** Whether this copy is a moderator's (it then carries expert suggestions). */
  forModerator: boolean;
  agenda: { name: string; talkTitle: string; budgetSeconds: number; spokeSeconds: number | null }[];
  counts: {
    questions: number;
    answered: number;
    hidden: number;
    chatMessages: number;
    reactions: number;
    participants: number;
  };
  questions: MinutesQuestion[];
  /** Unanswered questions (the most voted first) with experts the matching engine suggests. */
  unanswered: (MinutesQuestion & { suggestions: SuggestedExpert[] })[];
  polls: {
    id: number;
    question: string;
    multiple: boolean;
    closed: boolean;
    options: string[];
    results: PollResults;
  }[];
  timeline: TimelineItem[];
}

function minutesQuestion(question: Question, merged: number): MinutesQuestion {
  return {
    id: question.id,
    text: question.text,
    author: question.anonymous ? null : question.authorName,
    votes: question.votes,
    answered: question.status === "answered",
    answeredAt: question.answeredAt,
    merged,
    needId: question.needId,
  };
}

function timelineItem(event: SalonEvent): TimelineItem[] {
  const at = event.at;
  switch (event.type) {
    case "salon.opened":
      return [{ at, kind: "opened" }];
    case "salon.closed":
    case "queue.advanced": {
      const { finished } = event.payload;
      const items: TimelineItem[] = finished
        ? [
            {
              at,
              kind: "turn_finished",
              name: finished.name,
              spokeSeconds: finished.spokeSeconds,
              budgetSeconds: finished.budgetSeconds,
            },
          ]
        : [];
      if (event.type === "salon.closed") return [...items, { at, kind: "closed" }];
      const { current } = event.payload;
      return current
        ? [...items, { at, kind: "turn_started", name: current.name, budgetSeconds: current.budgetSeconds }]
        : items;
    }
    case "question.moderated":
      return event.payload.action === "answer"
        ? [{ at, kind: "answered", questionId: event.payload.question.id, text: event.payload.question.text }]
        : [];
    case "poll.opened":
      return [{ at, kind: "poll_opened", question: event.payload.poll.question }];
    case "poll.closed":
      return [{ at, kind: "poll_closed", question: event.payload.poll.question }];
    default:
      return [];
  }
}

/** How many unanswered questions get expert suggestions (each is one ranking). */
export const suggestedQuestionsLimit = 20;

export async function buildMinutes(
  salon: Salon,
  events: readonly SalonEvent[],
  suggest: ((question: Question) => Promise<SuggestedExpert[]>) | null,
  now: Date,
): Promise<SalonMinutes> {
  const all = salon.listQuestions();
  const mergedInto = new Map<number, number>();
  for (const q of all)
    if (q.mergedIntoId !== null) mergedInto.set(q.mergedIntoId, (mergedInto.get(q.mergedIntoId) ?? 0) + 1);
  const listed = all
    .filter((q) => q.status === "visible" || q.status === "answered")
    .sort((a, b) => b.votes - a.votes || a.id - b.id);
  const questions = listed.map((q) => minutesQuestion(q, mergedInto.get(q.id) ?? 0));

  // Time each agenda speaker actually took, from the turns the log recorded.
  const expertOfEntry = new Map<number, number>();
  const spoke = new Map<number, number>();
  const participants = new Set<number>();
  let chatMessages = 0;
  let reactions = 0;
  for (const event of events) {
    if (event.type === "salon.opened") {
      for (const entry of event.payload.queued)
        if (entry.expertId !== null) expertOfEntry.set(entry.entryId, entry.expertId);
    }
    if (event.type === "queue.advanced" || event.type === "salon.closed") {
      const finished = event.payload.finished;
      const expertId = finished ? expertOfEntry.get(finished.entryId) : undefined;
      if (finished && expertId !== undefined) spoke.set(expertId, (spoke.get(expertId) ?? 0) + finished.spokeSeconds);
    }
    if (event.type === "chat.sent") chatMessages += 1;
    if (event.type === "reactions")
      reactions += Object.values(event.payload.counts).reduce((sum, n) => sum + (n ?? 0), 0);
    if (event.actor && event.type !== "reactions") participants.add(event.actor.userId);
  }

  const unansweredQuestions = questions.filter((q) => !q.answered);
  const unanswered = await Promise.all(
    unansweredQuestions.map(async (q, index) => ({
      ...q,
      suggestions:
        suggest && index < suggestedQuestionsLimit ? await suggest(all.find((full) => full.id === q.id)!) : [],
    })),
  );

  const info = salon.details;
  return {
    salon: presentSalonSummary(info, salon.lastSeq),
    generatedAt: now.toISOString(),
    forModerator: suggest !== null,
    agenda: info.speakers.map((speaker) => ({
      name: speaker.name,
      talkTitle: speaker.talkTitle,
      budgetSeconds: speaker.budgetSeconds,
      spokeSeconds: spoke.get(speaker.expertId) ?? null,
    })),
    counts: {
      questions: all.filter((q) => q.status !== "merged").length,
      answered: questions.filter((q) => q.answered).length,
      hidden: all.filter((q) => q.status === "hidden").length,
      chatMessages,
      reactions,
      participants: participants.size,
    },
    questions,
    unanswered,
    polls: salon.listPolls().map((poll) => ({
      id: poll.id,
      question: poll.question,
      multiple: poll.multiple,
      closed: poll.status === "closed",
      options: poll.options,
      results: salon.pollResults(poll.id),
    })),
    timeline: events.flatMap(timelineItem),
  };
}
