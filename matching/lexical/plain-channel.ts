import type { ExpertProfile, NeedProfile } from "../engine/types.js";
import { normalizeText } from "../text/index.js";
import { Bm25Index } from "./bm25-index.js";
import { plainTokens } from "./plain-tokens.js";

/** Turns normalised text into the channel's tokens. */
export type Tokenizer = (text: string) => string[];
import { mergeBags, TermDictionary, type TermBag } from "./term-dictionary.js";

/** BM25 as the reference floor sets it. */
const floorParameters = { k1: 1.2, b: 0.75 };

/** Scores of one query, valid until the channel's next query (scratch arrays are reused). */
export interface PlainScores {
  /** BM25 of each expert's whole profile (0 for experts sharing no term). */
  profile: Float32Array;
  /** Experts with a non-zero score, in no particular order. */
  touched: readonly number[];
}

/**
 * The plain bigram BM25 channel, kept intact: an expert is every record's title, abstract and
 * keywords plus their disciplines, keywords and bio, tokenised as plainTokens() does; a need is
 * its title, description, discipline and keywords. Its profile scores are the reference floor's,
 * so the fused engine can always fall back on them. One step is added before tokenising: the
 * shared normalisation (NFKC, Traditional → Simplified), which leaves Simplified text as it is
 * and lets a Taiwan expert's 軟體 meet a need's 软件 in this channel too. It also scores each record on its own (an
 * expert's single closest record) from the same bags.
 */
export class PlainBm25Channel {
  private readonly profileScores: Float32Array;
  private readonly touched: number[] = [];
  private termMarks: Uint8Array | null = null;
  /** Scratch: idf × (k1 + 1) of the current query's terms, by term id (0 elsewhere). */
  private termFactors: Float32Array | null = null;
  /** Mean profile length (terms), for length normalisation with another b. */
  private readonly averageProfileLength: number;

  private constructor(
    readonly dictionary: TermDictionary,
    /** Per expert: one bag per evidence record (empty records keep their slot). */
    readonly records: readonly (readonly TermBag[])[],
    /** Per expert: disciplines, keywords and bio. */
    readonly about: readonly TermBag[],
    readonly profiles: readonly TermBag[],
    readonly profileIndex: Bm25Index,
    readonly recordIndex: Bm25Index,
    /** Per expert: the recordIndex document of each record (-1 for an empty one). */
    private readonly recordDocs: readonly Int32Array[],
    private readonly tokenize: Tokenizer,
  ) {
    this.profileScores = new Float32Array(profiles.length);
    let lengthSum = 0;
    for (const bag of profiles) lengthSum += bag.length;
    this.averageProfileLength = Math.max(1e-9, lengthSum / Math.max(1, profiles.length));
  }

  /**
   * The channel over `experts`; `tokenize` defaults to the floor's tokens (the phrase channel
   * passes its own, the rest of the channel is the same BM25).
   */
  static build(experts: readonly ExpertProfile[], tokenize: Tokenizer = plainTokens): PlainBm25Channel {
    const dictionary = new TermDictionary();
    const tokens = normalizedTokens(tokenize);
    const records = experts.map((expert) =>
      (expert.evidence ?? []).map((item) =>
        dictionary.countNew(tokens([item.title, item.abstract ?? "", ...(item.keywords ?? [])].join(" "))),
      ),
    );
    const about = experts.map((expert) => dictionary.countNew(tokens(aboutText(expert))));
    return PlainBm25Channel.assemble(dictionary, records, about, () => false, tokenize);
  }

  private static assemble(
    dictionary: TermDictionary,
    records: readonly (readonly TermBag[])[],
    about: readonly TermBag[],
    excluded: (expert: number, record: number) => boolean,
    tokenize: Tokenizer,
  ): PlainBm25Channel {
    const kept = records.map((list, expert) => list.map((bag, record) => (excluded(expert, record) ? null : bag)));
    const profiles = kept.map((list, expert) => mergeBags([...list.filter((bag) => bag !== null), about[expert]!]));
    const recordBags: TermBag[] = [];
    const recordDocs = kept.map((list) =>
      Int32Array.from(list, (bag) => {
        if (!bag || bag.length === 0) return -1;
        recordBags.push(bag);
        return recordBags.length - 1;
      }),
    );
    return new PlainBm25Channel(
      dictionary,
      kept.map((list) => list.map((bag) => bag ?? emptyBag)),
      about,
      profiles,
      new Bm25Index(profiles, dictionary.size, floorParameters),
      new Bm25Index(recordBags, dictionary.size, floorParameters),
      recordDocs,
      tokenize,
    );
  }

  /**
   * The same collection without some records, as if they had never been imported; `revised`
   * gives the profile fields (keywords derived from those records) of experts that lost some.
   */
  without(
    excluded: (expert: number, record: number) => boolean,
    revised: ReadonlyMap<number, ExpertProfile> = new Map(),
  ): PlainBm25Channel {
    const tokens = normalizedTokens(this.tokenize);
    const about = this.about.map((bag, expert) => {
      const revision = revised.get(expert);
      return revision ? this.dictionary.countNew(tokens(aboutText(revision))) : bag;
    });
    return PlainBm25Channel.assemble(this.dictionary, this.records, about, excluded, this.tokenize);
  }

  get expertCount(): number {
    return this.profiles.length;
  }

  /** The need's terms as the floor reads them (terms the collection never used are dropped). */
  queryBag(need: Pick<NeedProfile, "title" | "description" | "discipline" | "keywords">): TermBag {
    return this.queryBags(need).full;
  }

  /**
   * The need's terms as the floor reads them (`full`), and those of its own text alone, without
   * its discipline (`ownText`), from one tokenisation: fields are joined by spaces, which no
   * token crosses, so the full bag is the sum of the two.
   */
  queryBags(need: Pick<NeedProfile, "title" | "description" | "discipline" | "keywords">): {
    full: TermBag;
    ownText: TermBag;
  } {
    const tokens = normalizedTokens(this.tokenize);
    const ownText = this.dictionary.countKnown(
      tokens([need.title, need.description ?? "", ...(need.keywords ?? [])].join(" ")),
    );
    const discipline = this.dictionary.countKnown(tokens(need.discipline ?? ""));
    return { full: discipline.length > 0 ? mergeBags([ownText, discipline]) : ownText, ownText };
  }

  /**
   * Which of `experts` hold at least one term of `bag` in their profile: a discipline name alone
   * (which the floor adds to a need's text) is no reason to propose an expert.
   */
  sharing(bag: TermBag, experts: ArrayLike<number>): Uint8Array {
    const marks = (this.termMarks ??= new Uint8Array(this.dictionary.size));
    for (const term of bag.terms) marks[term] = 1;
    const result = new Uint8Array(experts.length);
    for (let i = 0; i < experts.length; i++) {
      const terms = this.profiles[experts[i]!]!.terms;
      for (let t = 0; t < terms.length; t++) {
        if (marks[terms[t]!] === 1) {
          result[i] = 1;
          break;
        }
      }
    }
    for (const term of bag.terms) marks[term] = 0;
    return result;
  }

  /** Scores every expert sharing a term with the query; read the result before the next call. */
  score(query: TermBag): PlainScores {
    for (const expert of this.touched) this.profileScores[expert] = 0;
    this.touched.length = 0;
    this.profileIndex.accumulate(query.terms, null, this.profileScores, this.touched);
    return { profile: this.profileScores, touched: this.touched };
  }

  /**
   * The best BM25 among each given expert's records (record-level idf and lengths), scored
   * record by record: far cheaper than the record postings of a long query when only the
   * candidates matter.
   */
  bestRecordScores(query: TermBag, experts: ArrayLike<number>): Float32Array {
    const index = this.recordIndex;
    const factors = this.queryFactors(query, index);
    const best = new Float32Array(experts.length);
    for (let i = 0; i < experts.length; i++) {
      const expert = experts[i]!;
      const records = this.records[expert]!;
      const docs = this.recordDocs[expert]!;
      let top = 0;
      for (let r = 0; r < records.length; r++) {
        const doc = docs[r]!;
        if (doc < 0) continue;
        const score = bagScore(records[r]!, factors, index.norm(doc));
        if (score > top) top = score;
      }
      best[i] = top;
    }
    for (const term of query.terms) factors[term] = 0;
    return best;
  }

  /**
   * BM25 of each given expert's whole profile as score() gives it (profile idf, the floor's k1),
   * but with the length normalisation `b` (weaker than the floor's 0.75): a profile is long
   * because its expert has many records, which is evidence of their field, not the verbosity
   * b = 0.75 corrects for in documents, and which sinks prolific experts. Scored profile by
   * profile, for the candidates only.
   */
  weakNormProfileScores(query: TermBag, experts: ArrayLike<number>, b: number): Float32Array {
    const factors = this.queryFactors(query, this.profileIndex);
    const scores = new Float32Array(experts.length);
    const { k1 } = floorParameters;
    for (let i = 0; i < experts.length; i++) {
      const profile = this.profiles[experts[i]!]!;
      const norm = k1 * (1 - b + (b * profile.length) / this.averageProfileLength);
      scores[i] = bagScore(profile, factors, norm);
    }
    for (const term of query.terms) factors[term] = 0;
    return scores;
  }

  /** idf × (k1 + 1) of the query's terms in `index`, by term id; the caller zeroes them after use. */
  private queryFactors(query: TermBag, index: Bm25Index): Float32Array {
    const factors = (this.termFactors ??= new Float32Array(this.dictionary.size));
    for (const term of query.terms) factors[term] = index.idf(term) * index.k1Plus1;
    return factors;
  }
}

/** BM25 of one bag: Σ factor × tf / (tf + norm) over its terms with a non-zero query factor. */
function bagScore(bag: TermBag, factors: Float32Array, norm: number): number {
  let score = 0;
  for (let t = 0; t < bag.terms.length; t++) {
    const factor = factors[bag.terms[t]!]!;
    if (factor === 0) continue;
    const tf = bag.counts[t]!;
    score += (factor * tf) / (tf + norm);
  }
  return score;
}

const normalizedTokens = (tokenize: Tokenizer) => (text: string) => tokenize(normalizeText(text));

/** Disciplines, keywords and bio: what a profile says of itself besides its records. */
function aboutText(expert: ExpertProfile): string {
  return [...(expert.disciplines ?? []), ...(expert.keywords ?? []), expert.bio ?? ""].join(" ");
}

const emptyBag: TermBag = { terms: new Int32Array(0), counts: new Uint16Array(0), length: 0 };
