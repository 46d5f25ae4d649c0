import { analyzeDocument } from "../text/index.js";
import type { EvidenceInput, ExpertProfile } from "../engine/types.js";
import { PostingsTable, wholeCounts, type Postings, type PostingsSource } from "./postings-table.js";
import { TermDictionary } from "../lexical/term-dictionary.js";
import { termKey } from "./term-key.js";
import { hasHan } from "../text/char-classes.js";

const latinWord = /\p{Script=Latin}{2,}/gu;
const lowerCase = /\p{Ll}/u;

/** Records written in each language. */
export interface LanguageRecords {
  chinese: number;
  english: number;
}

/** An evidence document as kept for scoring and explanations. */
export interface EvidenceDoc {
  expert: number;
  /** Index of the record in the expert's evidence list; -1 for the profile's keywords and bio. */
  record: number;
  title: string;
  type: string;
  year: number | null;
  length: number;
  /** Term ids present in the document (for explanations and co-occurrence), with their frequencies. */
  terms: Int32Array;
  tfs: Uint16Array;
}

export interface ExpertEntry {
  profile: ExpertProfile;
  /** Indexes of the expert's evidence documents. */
  docs: number[];
  profileLength: number;
  /** Terms only the whole profile holds (its disciplines), with their frequencies. */
  profileOnlyTerms: Int32Array;
  profileOnlyTfs: Uint16Array;
}

/** Sums term bags into one (a whole profile from its documents). */
class BagSum {
  private readonly counts = new Map<number, number>();
  length = 0;
  add(terms: Int32Array, tfs: ArrayLike<number>): void {
    for (let i = 0; i < terms.length; i++) {
      this.counts.set(terms[i]!, (this.counts.get(terms[i]!) ?? 0) + tfs[i]!);
      this.length += tfs[i]!;
    }
  }
  bag(): PostingsSource {
    return { terms: Int32Array.from(this.counts.keys()), tfs: Float32Array.from(this.counts.values()) };
  }
}

/** A record's text as the corpus analyses it: title, keywords and abstract. */
export function evidenceText(evidence: EvidenceInput): string {
  return [evidence.title, (evidence.keywords ?? []).join("；"), evidence.abstract ?? ""].filter(Boolean).join("。");
}

/** The profile's own words (keywords and bio) as one evidence document's text. */
export function aboutText(profile: ExpertProfile): string {
  return [(profile.keywords ?? []).join("；"), profile.bio ?? ""].filter(Boolean).join("。");
}

function countTerms(text: string, into: Map<string, number>): number {
  let length = 0;
  for (const token of analyzeDocument(text).tokens) {
    const key = termKey(token);
    into.set(key, (into.get(key) ?? 0) + 1);
    length += 1;
  }
  return length;
}

/**
 * The engine's own statistics over the instance's texts, built once at index time: every
 * publication / project / patent / technology as an evidence document, and every expert's
 * whole profile (evidence + keywords + disciplines + bio) as one document. Both with inverted
 * postings and document frequencies, so a need can be scored against each piece of evidence.
 */
export class EvidenceCorpus {
  readonly experts: ExpertEntry[] = [];
  readonly docs: EvidenceDoc[] = [];
  private terms = new TermDictionary();
  private docPostings = PostingsTable.build(0, []);
  private profilePostings = PostingsTable.build(0, []);
  private expertIndex = new Map<string, number>();
  /** languageRecords(), once computed. */
  private languages: LanguageRecords | undefined;
  avgDocLength = 1;
  avgProfileLength = 1;

  static build(profiles: readonly ExpertProfile[]): EvidenceCorpus {
    const corpus = new EvidenceCorpus();
    corpus.load(profiles);
    return corpus;
  }

  get documentCount(): number {
    return this.docs.length;
  }

  get termCount(): number {
    return this.terms.size;
  }

  get expertCount(): number {
    return this.experts.length;
  }

  termId(key: string): number | undefined {
    return this.terms.lookup(key);
  }

  termName(id: number): string {
    return this.terms.name(id);
  }

  expertByKey(key: string): number | undefined {
    return this.expertIndex.get(key);
  }

  docPostingsOf(term: number): Postings | undefined {
    return this.docPostings.of(term);
  }

  profilePostingsOf(term: number): Postings | undefined {
    return this.profilePostings.of(term);
  }

  /** BM25 idf over evidence documents. */
  docIdf(term: number): number {
    const df = this.docPostings.documentFrequency(term);
    return Math.log(1 + (this.docs.length - df + 0.5) / (df + 0.5));
  }

  /** BM25 idf over whole profiles. */
  profileIdf(term: number): number {
    const df = this.profilePostings.documentFrequency(term);
    return Math.log(1 + (this.experts.length - df + 0.5) / (df + 0.5));
  }

  /** BM25 of one evidence document for weighted query terms (term id → query weight). */
  scoreDoc(doc: number, query: ReadonlyMap<number, number>, k1: number, b: number): number {
    const d = this.docs[doc]!;
    const norm = k1 * (1 - b + (b * d.length) / this.avgDocLength);
    let score = 0;
    for (let i = 0; i < d.terms.length; i++) {
      const weight = query.get(d.terms[i]!);
      if (weight === undefined) continue;
      const tf = d.tfs[i]!;
      score += (weight * this.docIdf(d.terms[i]!) * tf * (k1 + 1)) / (tf + norm);
    }
    return score;
  }

  /**
   * How many records (publications, projects, technologies: not the profile's keywords and bio)
   * have a Chinese title and how many an English one: no Han character and three words or more
   * that are not all capitals ("Oxide cathodes for sodium-ion batteries"; not a list of
   * acronyms such as "MODIS；LST；NDVI", nor "基于Python的分析"). What decides whether the
   * matcher looks for translations.
   */
  languageRecords(): LanguageRecords {
    if (!this.languages) {
      const counts = { chinese: 0, english: 0 };
      for (const doc of this.docs) {
        if (doc.record < 0) continue;
        if (hasHan(doc.title)) counts.chinese += 1;
        else if ((doc.title.match(latinWord)?.filter((word) => lowerCase.test(word)).length ?? 0) >= 3) {
          counts.english += 1;
        }
      }
      this.languages = counts;
    }
    return this.languages;
  }

  /**
   * The same collection without some records (shared term dictionary, new statistics): what the
   * engine would have built had those records never been imported. Self-supervised fitting holds
   * records out this way without analysing any text again.
   */
  without(
    excluded: (expert: number, record: number) => boolean,
    revised: ReadonlyMap<number, ExpertProfile> = new Map(),
  ): EvidenceCorpus {
    const corpus = new EvidenceCorpus();
    corpus.terms = this.terms;
    corpus.expertIndex = this.expertIndex;
    // Held-out records change the count by a handful at most; fitting and serving then agree.
    corpus.languages = this.languageRecords();
    this.experts.forEach((entry, expert) => {
      const ofExpert = entry.docs.map((source) => this.docs[source]!);
      const revision = revised.get(expert);
      if (revision) {
        // Keywords derived from held-out records go with them: re-analyse the revised keywords and bio.
        const about = this.analysedAbout(expert, revision);
        ofExpert.splice(0, ofExpert.length, ...ofExpert.filter((doc) => doc.record !== -1), ...(about ? [about] : []));
      }
      const docs: number[] = [];
      for (const doc of ofExpert) {
        if (excluded(expert, doc.record)) continue;
        docs.push(corpus.docs.length);
        corpus.docs.push(doc);
      }
      corpus.experts.push({ ...entry, docs });
    });
    corpus.index();
    return corpus;
  }

  private analysedAbout(expert: number, profile: ExpertProfile): EvidenceDoc | null {
    const counts = new Map<string, number>();
    const text = aboutText(profile);
    const length = text ? countTerms(text, counts) : 0;
    if (length === 0) return null;
    return {
      expert,
      record: -1,
      title: text,
      type: "profile",
      year: null,
      length,
      terms: Int32Array.from(counts.keys(), (key) => this.terms.intern(key)),
      tfs: wholeCounts(counts.values()),
    };
  }

  /** Postings, document frequencies and average lengths from the documents and experts. */
  private index(): void {
    const termCount = this.terms.size;
    let docLengthSum = 0;
    for (const doc of this.docs) docLengthSum += doc.length;
    let profileLengthSum = 0;
    const profiles = this.experts.map((entry) => {
      const sum = new BagSum();
      for (const doc of entry.docs) sum.add(this.docs[doc]!.terms, this.docs[doc]!.tfs);
      sum.add(entry.profileOnlyTerms, entry.profileOnlyTfs);
      entry.profileLength = sum.length;
      profileLengthSum += sum.length;
      return sum.bag();
    });
    this.docPostings = PostingsTable.build(termCount, this.docs);
    this.profilePostings = PostingsTable.build(termCount, profiles);
    this.avgDocLength = this.docs.length > 0 ? docLengthSum / this.docs.length : 1;
    this.avgProfileLength = this.experts.length > 0 ? Math.max(1, profileLengthSum / this.experts.length) : 1;
  }

  private load(profiles: readonly ExpertProfile[]): void {
    for (const profile of profiles) {
      const expert = this.experts.length;
      this.expertIndex.set(profile.key, expert);
      const docs: number[] = [];
      const evidence = [...(profile.evidence ?? [])];
      const about = aboutText(profile);
      if (about) evidence.push({ title: about, type: "profile" });
      const aboutIndex = about ? evidence.length - 1 : -2;
      for (const [record, item] of evidence.entries()) {
        const counts = new Map<string, number>();
        const length = countTerms(evidenceText(item), counts);
        if (length === 0) continue;
        docs.push(this.docs.length);
        this.docs.push({
          expert,
          record: record === aboutIndex ? -1 : record,
          title: item.title,
          type: item.type ?? "paper",
          year: typeof item.year === "number" ? item.year : null,
          length,
          terms: Int32Array.from(counts.keys(), (key) => this.terms.intern(key)),
          tfs: wholeCounts(counts.values()),
        });
      }
      const disciplineTerms = new Map<string, number>();
      countTerms((profile.disciplines ?? []).join("；"), disciplineTerms);
      this.experts.push({
        profile,
        docs,
        profileLength: 0,
        profileOnlyTerms: Int32Array.from(disciplineTerms.keys(), (key) => this.terms.intern(key)),
        profileOnlyTfs: wholeCounts(disciplineTerms.values()),
      });
    }
    this.index();
  }
}
