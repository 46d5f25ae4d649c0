import type { MatchExplanation } from "../../matching/index.js";
import type { Actor } from "../accounts/accounts.types.js";
import { ForbiddenError, UnauthenticatedError } from "../errors.js";
import type { EventsRepository } from "./events.repository.js";
import { assertStatus, type EventsService } from "./events.service.js";
import type { EventParticipant, PreferenceChoice } from "./events.types.js";

/** A suggested counterpart, with the engine's explanation and the caller's current wish. */
export interface SuggestedCounterpart {
  needId: number;
  expertId: number;
  /** Need title or expert name (public fields only). */
  name: string;
  detail: string;
  score: number;
  explanation: MatchExplanation | null;
  choice: PreferenceChoice | null;
}

export interface ParticipantSuggestions {
  participant: EventParticipant;
  side: "need" | "expert";
  items: SuggestedCounterpart[];
}

/** The matching engine, as the preferences need it (server/matches provides both). */
export interface CounterpartRanker {
  expertsAmong(
    needId: number,
    expertIds: readonly number[],
    top: number,
  ): Promise<{ expertId: number; score: number; explanation: MatchExplanation | null }[]>;
  /** Needs suggested to an expert, best first (redacted as the expert may see them). */
  needsForExpert(
    actor: Actor,
    expertId: number,
  ): Promise<{ needId: number; title: string; detail: string; score: number; explanation: MatchExplanation | null }[]>;
}

const suggestionsPerParticipant = 10;

/**
 * Before matching each side sees its suggested counterparts among the event's registrations
 * and marks must meet / would like / no thanks. The assignment never uses a "no" pair and
 * raises the score of the others (event-problem.ts).
 */
export class EventPreferencesService {
  constructor(
    private readonly repository: EventsRepository,
    private readonly events: EventsService,
    private readonly ranker: CounterpartRanker,
  ) {}

  async suggestions(actor: Actor | null, eventId: number): Promise<ParticipantSuggestions[]> {
    if (!actor) throw new UnauthenticatedError();
    await this.events.get(actor, eventId);
    const mine = await this.repository.participantsOfUser(eventId, actor.userId);
    if (mine.length === 0) return [];
    const all = await this.repository.participants(eventId);
    const prefs = await this.repository.preferences(eventId);
    const choiceOf = (side: "need" | "expert", needId: number, expertId: number) =>
      prefs.find((p) => p.side === side && p.needId === needId && p.expertId === expertId)?.choice ?? null;
    const out: ParticipantSuggestions[] = [];
    for (const participant of mine) {
      if (participant.kind === "need") {
        const experts = new Map(all.flatMap((p) => (p.kind === "expert" ? [[p.expert.id, p.expert] as const] : [])));
        const ranked = await this.ranker.expertsAmong(
          participant.need.id,
          [...experts.keys()],
          suggestionsPerParticipant,
        );
        out.push({
          participant,
          side: "need",
          items: ranked.flatMap((r) => {
            const e = experts.get(r.expertId);
            if (!e) return [];
            return [
              {
                needId: participant.need.id,
                expertId: e.id,
                name: e.name,
                detail: [e.title, e.organization].filter(Boolean).join(" · "),
                score: r.score,
                explanation: r.explanation,
                choice: choiceOf("need", participant.need.id, e.id),
              },
            ];
          }),
        });
      } else {
        const registered = new Set(all.flatMap((p) => (p.kind === "need" ? [p.need.id] : [])));
        const ranked = (await this.ranker.needsForExpert(actor, participant.expert.id)).filter((n) =>
          registered.has(n.needId),
        );
        out.push({
          participant,
          side: "expert",
          items: ranked.slice(0, suggestionsPerParticipant).map((n) => ({
            needId: n.needId,
            expertId: participant.expert.id,
            name: n.title,
            detail: n.detail,
            score: n.score,
            explanation: n.explanation,
            choice: choiceOf("expert", n.needId, participant.expert.id),
          })),
        });
      }
    }
    return out;
  }

  /** Records (or with null clears) the caller's wish about one pair, on the side that is theirs. */
  async prefer(
    actor: Actor | null,
    eventId: number,
    pair: { needId: number; expertId: number },
    choice: PreferenceChoice | null,
  ): Promise<{ side: "need" | "expert" }> {
    if (!actor) throw new UnauthenticatedError();
    const event = await this.events.get(actor, eventId);
    assertStatus(event, ["registration", "matching"], "state preferences");
    const mine = await this.repository.participantsOfUser(eventId, actor.userId);
    const asNeed = mine.some((p) => p.kind === "need" && p.need.id === pair.needId);
    const asExpert = mine.some((p) => p.kind === "expert" && p.expert.id === pair.expertId);
    if (!asNeed && !asExpert) {
      throw new ForbiddenError("Only the registered need's enterprise or the registered expert states this preference");
    }
    const all = await this.repository.participants(eventId);
    const counterpartRegistered = asNeed
      ? all.some((p) => p.kind === "expert" && p.expert.id === pair.expertId)
      : all.some((p) => p.kind === "need" && p.need.id === pair.needId);
    if (!counterpartRegistered) throw new ForbiddenError("The counterpart is not registered for this event");
    const side = asNeed ? "need" : "expert";
    await this.repository.setPreference(eventId, { ...pair, side }, choice);
    return { side };
  }
}
