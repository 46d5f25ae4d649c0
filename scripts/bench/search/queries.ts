/**
 * The search benchmark's queries: 1–3 CSL keywords (some with a common word), in the five
 * scenarios the search layer serves (plain, filtered, faceted, both, and the search page).
 */
import type { Filter, SearchRequest } from "../../../matching/index.js";
import type { SearchIndexName } from "../../../server/indexing/search-outbox.js";
import { Rng } from "../../demo-data/prng.js";
import { englishAdjectives, englishNouns, regions, tracks, type Script, type Vocabulary } from "./documents.js";

export type Scenario = "plain" | "filtered" | "faceted" | "filteredFaceted" | "page";
export const scenarios: readonly Scenario[] = ["plain", "filtered", "faceted", "filteredFaceted", "page"];
export const scenarioLabels: Record<Scenario, string> = {
  plain: "plain",
  filtered: "filter",
  faceted: "facets",
  filteredFaceted: "filter+facets",
  page: "facets+highlights (search page)",
};

/** A filter condition, kept simple enough to write both as a Filter and as hand-written SQL. */
export type Condition =
  { field: string; kind: "in"; values: string[] } | { field: string; kind: "range"; gte: number; lte: number };

export interface QuerySpec {
  index: SearchIndexName;
  text: string;
  words: 1 | 2 | 3;
  script: Script;
  conditions: Condition[];
}

/** The facets and highlights the search page asks for (server/search/search.service.ts). */
const facetFields: Record<SearchIndexName, string[]> = {
  experts: ["region", "discipline"],
  needs: ["region", "discipline", "track", "status"],
  technologies: ["discipline", "maturity", "region"],
};
export const highlightFields: Record<SearchIndexName, string[]> = {
  experts: ["name", "keywords", "publications", "bio"],
  needs: ["title", "description"],
  technologies: ["title", "abstract"],
};
/** Words that many documents contain: users type them too, and they are the expensive queries. */
// prettier-ignore
export const commonWords = ["系统", "模型", "优化", "控制", "检测", "材料", "算法", "设计", "分析", "数据", "网络", "智能", "技术", "方法", "影响"];
export const indexNames: readonly SearchIndexName[] = ["experts", "technologies", "needs"];

/** Query words: CSL keywords of two to six Han characters, per paper and per discipline. */
function queryKeywords(vocabulary: Vocabulary): {
  byPaper: string[][];
  byDiscipline: Map<string, string[]>;
  all: string[];
} {
  const usable = (k: string) => /^\p{Script=Han}{2,6}$/u.test(k);
  const byPaper = vocabulary.papers.map((paper) => [...new Set(paper.keywords.filter(usable))]);
  const byDiscipline = new Map<string, string[]>();
  vocabulary.papers.forEach((paper, i) =>
    byDiscipline.set(paper.discipline, [...(byDiscipline.get(paper.discipline) ?? []), ...byPaper[i]!]),
  );
  return { byPaper, byDiscipline, all: byPaper.flat() };
}

function conditionsFor(index: SearchIndexName, random: Rng, vocabulary: Vocabulary, discipline: string): Condition[] {
  const cities = () => random.distinctPicks(regions.slice(0, 10), random.int(1, 3));
  const options: (() => Condition)[] = [
    () => ({ field: "region", kind: "in", values: cities() }),
    () => ({
      field: "discipline",
      kind: "in",
      values: random.chance(0.7) ? [discipline] : [random.pick(vocabulary.disciplines)],
    }),
  ];
  if (index === "needs") {
    options.push(() => ({ field: "track", kind: "in", values: random.distinctPicks(tracks, random.int(1, 2)) }));
    options.push(() => ({ field: "status", kind: "in", values: ["open", "in_progress"] }));
  }
  if (index === "technologies") {
    options.push(() => {
      const gte = random.int(1, 7);
      return { field: "maturity", kind: "range", gte, lte: random.int(gte, 9) };
    });
  }
  const count = random.chance(0.3) ? 2 : 1;
  const chosen = new Map<string, Condition>();
  while (chosen.size < count) {
    const condition = random.pick(options)();
    chosen.set(condition.field, condition);
  }
  return [...chosen.values()];
}

/**
 * Query texts: 1, 2 or 3 words in turn, over the three indexes in turn. 80 % Simplified, 10 %
 * Traditional (the same words converted), 10 % English. Chinese words of a multi-word query
 * mostly come from one paper (words that occur together, as a user's would); one query in five
 * mixes words of one discipline that may never meet (those fall back to "any word"), and 6 % of
 * the words are common ones (系统, 技术…) that match a large part of an index.
 */
export function generateQueries(vocabulary: Vocabulary, count: number, seed: number): QuerySpec[] {
  const random = new Rng(seed);
  const keywords = queryKeywords(vocabulary);
  const specs: QuerySpec[] = [];
  for (let i = 0; i < count; i++) {
    const index = indexNames[i % indexNames.length]!;
    const words = ((Math.floor(i / indexNames.length) % 3) + 1) as 1 | 2 | 3;
    const roll = random.next();
    const script: Script = roll < 0.1 ? "english" : roll < 0.2 ? "traditional" : "simplified";
    let paper = random.int(0, vocabulary.papers.length - 1);
    for (let tries = 0; keywords.byPaper[paper]!.length < words && tries < 50; tries++)
      paper = random.int(0, vocabulary.papers.length - 1);
    const discipline = vocabulary.papers[paper]!.discipline;
    let terms: string[];
    if (script === "english") {
      terms = Array.from({ length: words }, (_, k) =>
        k === 0 && words > 1 ? random.pick(englishAdjectives) : random.pick(englishNouns),
      );
    } else {
      const together = words === 1 || random.chance(0.8);
      const pool = together ? keywords.byPaper[paper]! : (keywords.byDiscipline.get(discipline) ?? keywords.all);
      terms = random
        .distinctPicks(pool.length > 0 ? pool : keywords.all, words)
        .map((term) => (random.chance(0.06) ? random.pick(commonWords) : term));
      if (script === "traditional") terms = terms.map(vocabulary.toTraditional);
    }
    specs.push({
      index,
      text: terms.join(" "),
      words,
      script,
      conditions: conditionsFor(index, random, vocabulary, discipline),
    });
  }
  return specs;
}

function filterOf(conditions: readonly Condition[]): Filter | undefined {
  const filters: Filter[] = conditions.map((c) =>
    c.kind === "in"
      ? { op: "in", field: c.field, values: c.values }
      : { op: "range", field: c.field, gte: c.gte, lte: c.lte },
  );
  if (filters.length === 0) return undefined;
  return filters.length === 1 ? filters[0]! : { op: "and", filters };
}

export const pageSize = 20;

export function requestOf(spec: QuerySpec, scenario: Scenario): SearchRequest {
  const filtered = scenario === "filtered" || scenario === "filteredFaceted";
  const faceted = scenario === "faceted" || scenario === "filteredFaceted" || scenario === "page";
  const filter = filtered ? filterOf(spec.conditions) : undefined;
  return {
    query: spec.text,
    page: 1,
    pageSize,
    ...(filter && { filter }),
    ...(faceted && { facets: facetFields[spec.index] }),
    ...(scenario === "page" && { highlight: highlightFields[spec.index] }),
  };
}
