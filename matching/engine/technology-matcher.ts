import type { MatchExplanation } from "../scoring/explanation.js";
import type { MatchingWeights } from "../scoring/weights.data.js";
import { ExpertMatcher } from "./expert-matcher.js";
import type { Clock, NeedProfile } from "./types.js";

const maxSharedTermsRequired = 3;

/** A technology (an achievement offered for transfer) as the engine sees it. */
export interface TechnologyProfile {
  key: string;
  title: string;
  abstract?: string;
  keywords?: readonly string[];
  discipline?: string;
  /** Technology readiness level 1–9, when known. */
  maturity?: number | null;
  year?: number | null;
  /** The owner's organisation and region: conflicts of interest and track policy apply to them. */
  organization?: string;
  region?: string;
}

export interface TechnologyMatch {
  technologyKey: string;
  /** In [0, 1), on one scale for every need: the best match scores its share of the need's words. */
  score: number;
  explanation?: MatchExplanation;
}

/**
 * Matches needs to technologies with the same scorer as experts: each technology is a
 * profile whose only evidence is itself, so text relevance (per field, words and bigrams),
 * discipline agreement, recency, track policy and the own-organisation conflict work the
 * same way, and explanations name the matched terms. Capacity and feedback do not apply.
 */
export class TechnologyMatcher {
  private readonly matcher: ExpertMatcher;

  constructor(inputs: {
    technologies: readonly TechnologyProfile[];
    clock: Clock;
    weights?: Partial<MatchingWeights>;
  }) {
    this.matcher = new ExpertMatcher({
      clock: inputs.clock,
      weights: inputs.weights,
      // One record per profile: nothing to learn from; the default fusion applies.
      learn: false,
      experts: inputs.technologies.map((technology) => ({
        key: technology.key,
        name: technology.title,
        organization: technology.organization,
        region: technology.region,
        disciplines: technology.discipline ? [technology.discipline] : [],
        evidence: [
          {
            title: technology.title,
            abstract: technology.abstract,
            keywords: technology.keywords,
            year: technology.year ?? null,
            type: "technology",
          },
        ],
      })),
    });
  }

  get technologyCount(): number {
    return this.matcher.expertCount;
  }

  /**
   * A technology is one short document, so a single shared word gives it a high BM25: it is
   * proposed only when it shares several of the need's query terms (up to three; fewer for
   * needs with few terms).
   */
  matchNeed(need: NeedProfile, options: { top: number; explain?: boolean }): TechnologyMatch[] {
    if (options.top <= 0) return [];
    const queryTerms = this.matcher.queryTerms(need).length;
    const required = Math.min(maxSharedTermsRequired, Math.max(1, Math.ceil(queryTerms / 4)));
    return this.matcher
      .matchNeed(need, { top: Math.max(options.top * 4, 50), explain: true })
      .filter((match) => (match.explanation?.matchedTerms.length ?? 0) >= required)
      .slice(0, options.top)
      .map(({ expertKey, score, explanation }) => ({
        technologyKey: expertKey,
        score,
        ...(options.explain && explanation ? { explanation } : {}),
      }));
  }
}
