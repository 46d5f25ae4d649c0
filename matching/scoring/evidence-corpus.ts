import { analyzeDocument } from "../text/index.js";
import type { EvidenceInput, ExpertProfile } from "../engine/types.js";
import { termKey } from "./term-key.js";

/** Postings of one term: parallel arrays of document (or expert) index and term frequency. */
export interface Postings {
  ids: Int32Array;
  tfs: Float32Array;
}

/** An evidence document as kept for scoring and explanations. */
export interface EvidenceDoc {
  expert: number;
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
}

class PostingsBuilder {
  readonly ids: number[] = [];
  readonly tfs: number[] = [];
  add(id: number, tf: number): void {
    this.ids.push(id);
    this.tfs.push(tf);
  }
  build(): Postings {
    return { ids: Int32Array.from(this.ids), tfs: Float32Array.from(this.tfs) };
  }
}

function evidenceText(evidence: EvidenceInput): string {
  return [evidence.title, (evidence.keywords ?? []).join("；"), evidence.abstract ?? ""].filter(Boolean).join("。");
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
  private readonly termIds = new Map<string, number>();
  private readonly termNames: string[] = [];
  private docPostings: Postings[] = [];
  private profilePostings: Postings[] = [];
  private expertIndex = new Map<string, number>();
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
    return this.termNames.length;
  }

  get expertCount(): number {
    return this.experts.length;
  }

  termId(key: string): number | undefined {
    return this.termIds.get(key);
  }

  termName(id: number): string {
    return this.termNames[id]!;
  }

  expertByKey(key: string): number | undefined {
    return this.expertIndex.get(key);
  }

  docPostingsOf(term: number): Postings | undefined {
    return this.docPostings[term];
  }

  profilePostingsOf(term: number): Postings | undefined {
    return this.profilePostings[term];
  }

  /** BM25 idf over evidence documents. */
  docIdf(term: number): number {
    const df = this.docPostings[term]?.ids.length ?? 0;
    return Math.log(1 + (this.docs.length - df + 0.5) / (df + 0.5));
  }

  /** BM25 idf over whole profiles. */
  profileIdf(term: number): number {
    const df = this.profilePostings[term]?.ids.length ?? 0;
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

  private intern(key: string): number {
    let id = this.termIds.get(key);
    if (id === undefined) {
      id = this.termNames.length;
      this.termIds.set(key, id);
      this.termNames.push(key);
    }
    return id;
  }

  private load(profiles: readonly ExpertProfile[]): void {
    const docBuilders: PostingsBuilder[] = [];
    const profileBuilders: PostingsBuilder[] = [];
    const builder = (list: PostingsBuilder[], id: number) => (list[id] ??= new PostingsBuilder());
    let docLengthSum = 0;
    let profileLengthSum = 0;
    for (const profile of profiles) {
      const expert = this.experts.length;
      this.expertIndex.set(profile.key, expert);
      const whole = new Map<string, number>();
      const docs: number[] = [];
      const evidence = [...(profile.evidence ?? [])];
      const about = [(profile.keywords ?? []).join("；"), profile.bio ?? ""].filter(Boolean).join("。");
      if (about) evidence.push({ title: about, type: "profile" });
      for (const item of evidence) {
        const counts = new Map<string, number>();
        const length = countTerms(evidenceText(item), counts);
        if (length === 0) continue;
        const doc = this.docs.length;
        const terms: number[] = [];
        const tfs: number[] = [];
        for (const [key, tf] of counts) {
          const id = this.intern(key);
          terms.push(id);
          tfs.push(Math.min(tf, 65_535));
          builder(docBuilders, id).add(doc, tf);
          whole.set(key, (whole.get(key) ?? 0) + tf);
        }
        this.docs.push({
          expert,
          title: item.title,
          type: item.type ?? "paper",
          year: typeof item.year === "number" ? item.year : null,
          length,
          terms: Int32Array.from(terms),
          tfs: Uint16Array.from(tfs),
        });
        docs.push(doc);
        docLengthSum += length;
      }
      let profileLength = [...whole.values()].reduce((a, b) => a + b, 0);
      profileLength += countTerms((profile.disciplines ?? []).join("；"), whole);
      for (const [key, tf] of whole) builder(profileBuilders, this.intern(key)).add(expert, tf);
      profileLengthSum += profileLength;
      this.experts.push({ profile, docs, profileLength });
    }
    this.docPostings = Array.from(
      { length: this.termNames.length },
      (_, id) => docBuilders[id]?.build() ?? emptyPostings,
    );
    this.profilePostings = Array.from(
      { length: this.termNames.length },
      (_, id) => profileBuilders[id]?.build() ?? emptyPostings,
    );
    this.avgDocLength = this.docs.length > 0 ? docLengthSum / this.docs.length : 1;
    this.avgProfileLength = this.experts.length > 0 ? Math.max(1, profileLengthSum / this.experts.length) : 1;
  }
}

const emptyPostings: Postings = { ids: new Int32Array(0), tfs: new Float32Array(0) };
