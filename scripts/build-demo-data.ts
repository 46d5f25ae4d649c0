/**
 * Builds the committed demo data set in prisma/seed/ from the CSL papers in
 * ../shared/data/csl/csl-2000.jsonl, the hand-written records in
 * scripts/demo-data/records/*.jsonl and the generator modules beside them. Deterministic: a fixed-seed PRNG makes every choice, so
 * running it twice gives byte-identical files.
 *
 *     npx tsx scripts/build-demo-data.ts            # write prisma/seed/*
 *     npx tsx scripts/build-demo-data.ts --check    # fail if the committed files are stale
 *
 * A developer tool run by hand: the service never reads ../shared at run time.
 */
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { z } from "zod";
import { parseCommandFlags, runCommand } from "./cli/cli-flags.js";
import { EXPERT_DISCIPLINES, EXPERT_DISCIPLINE_NAMES, neighboursOf } from "./demo-data/disciplines.js";
import { placementsFor } from "./demo-data/fujian-institutions.js";
import { GIVEN_CHARS_FEMALE, GIVEN_CHARS_MALE, GIVEN_CHARS_NEUTRAL, SURNAMES } from "./demo-data/names.js";
import { type Rng, rngFor } from "./demo-data/prng.js";
import { loadHandwrittenTechnologies, loadNeeds, loadOverseasExperts, loadTaiwanExperts } from "./demo-data/records.js";
import { composeBio, disciplineProse, pickTitle, seniority } from "./demo-data/profiles.js";
import { SOCIETIES, type SocietyDefinition } from "./demo-data/societies.js";
import { cleanKeywords, cleanText, cleanTitle, technologyTitle } from "./demo-data/text.js";
import {
  type CslPaper,
  type ExpertRecord,
  type NeedRecord,
  type PublicationRecord,
  type SocietyRecord,
  TRANSFER_MODES,
  type TechnologyRecord,
  type TransferMode,
} from "./demo-data/types.js";

export const SEED = 20240618;

const repoRoot = path.resolve(import.meta.dirname, "..");
export const CSL_FILE = path.resolve(repoRoot, "..", "shared", "data", "csl", "csl-2000.jsonl");
export const OUTPUT_DIR = path.join(repoRoot, "prisma", "seed");

/** Share of each discipline's usable papers set aside as technologies. */
const TECHNOLOGY_SHARE = 0.075;
/** Share of each discipline's remaining papers left unused (spare for neighbour papers). */
const SPARE_SHARE = 0.06;
/** Chance that an expert also has one paper from a neighbouring discipline. */
const NEIGHBOUR_CHANCE = 0.12;
const YEAR_MIN = 2012;
const YEAR_MAX = 2024;

/** Papers per expert, weighted towards 3–5. */
const PAPERS_PER_EXPERT = [
  { size: 2, weight: 10 },
  { size: 3, weight: 24 },
  { size: 4, weight: 25 },
  { size: 5, weight: 18 },
  { size: 6, weight: 12 },
  { size: 7, weight: 6 },
  { size: 8, weight: 5 },
] as const;

const CAPACITY_WEIGHTS = [
  { capacity: 1, weight: 10 },
  { capacity: 2, weight: 25 },
  { capacity: 3, weight: 35 },
  { capacity: 4, weight: 20 },
  { capacity: 5, weight: 10 },
] as const;

/** Natural-science disciplines: their results are further from the market. */
const BASIC_SCIENCE = new Set([
  "数学",
  "物理学",
  "天文学",
  "地理学",
  "大气科学",
  "海洋科学",
  "地质学/地质资源与地质工程",
  "地球物理学",
  "生物学/生物科学与工程",
]);

export interface DemoData {
  experts: ExpertRecord[];
  needs: NeedRecord[];
  technologies: TechnologyRecord[];
  societies: SocietyRecord[];
}

// ---------------------------------------------------------------- input

export function parseCsl(text: string): CslPaper[] {
  return text
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line, i) => {
      const row = JSON.parse(line) as Partial<CslPaper>;
      if (typeof row.id !== "string" || typeof row.title !== "string" || typeof row.discipline !== "string") {
        throw new Error(`csl line ${i + 1}: missing id, title or discipline`);
      }
      return {
        id: row.id,
        title: row.title,
        abstract: typeof row.abstract === "string" ? row.abstract : "",
        keywords: Array.isArray(row.keywords) ? row.keywords.filter((k): k is string => typeof k === "string") : [],
        discipline: row.discipline,
        category: typeof row.category === "string" ? row.category : "",
      };
    });
}

interface Paper {
  id: string;
  title: string;
  abstract: string;
  keywords: string[];
  discipline: string;
}

function cleanPaper(p: CslPaper): Paper {
  return {
    id: p.id,
    title: cleanTitle(p.title),
    abstract: cleanText(p.abstract),
    keywords: cleanKeywords(p.keywords),
    discipline: p.discipline,
  };
}

// ---------------------------------------------------------------- experts

interface Draft {
  discipline: string;
  papers: Paper[];
  neighbourDiscipline?: string;
}

function drawSize(rng: Rng): number {
  return rng.weighted(PAPERS_PER_EXPERT, (s) => s.weight).size;
}

const bigramCache = new Map<string, Set<string>>();

/** Character bigrams of a paper's title and keywords (punctuation dropped). */
function bigrams(p: Paper): Set<string> {
  const cached = bigramCache.get(p.id);
  if (cached) return cached;
  const grams = new Set<string>();
  for (const part of [p.title, ...p.keywords]) {
    const chars = [...part.replace(/[\s\p{P}]/gu, "")];
    for (let i = 0; i + 1 < chars.length; i++) grams.add(`${chars[i]}${chars[i + 1]}`);
  }
  bigramCache.set(p.id, grams);
  return grams;
}

function jaccard(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  const union = a.size + b.size - shared;
  return union === 0 ? 0 : shared / union;
}

/** Splits the papers of each discipline into technology papers, expert drafts and spares. */
function partitionPapers(papers: Paper[]): {
  drafts: Draft[];
  technologyPapers: Paper[];
  spares: Map<string, Paper[]>;
} {
  const drafts: Draft[] = [];
  const technologyPapers: Paper[] = [];
  const spares = new Map<string, Paper[]>();

  for (const { name: discipline } of EXPERT_DISCIPLINES) {
    const rng = rngFor(SEED, `pool:${discipline}`);
    const pool = rng.shuffle(papers.filter((p) => p.discipline === discipline));
    if (pool.length === 0) continue;

    const candidates = pool.filter((p) => p.abstract.length >= 90 && technologyTitle(p.title) !== null);
    const techCount = pool.length >= 8 ? Math.min(candidates.length, Math.round(pool.length * TECHNOLOGY_SHARE)) : 0;
    const techIds = new Set(candidates.slice(0, techCount).map((p) => p.id));
    technologyPapers.push(...pool.filter((p) => techIds.has(p.id)));

    let rest = pool.filter((p) => !techIds.has(p.id));
    const spareCount = Math.floor(rest.length * SPARE_SHARE);
    // Greedy topical grouping: each expert starts from the next paper and takes
    // the most similar remaining ones, so a profile reads as one research line.
    while (rest.length - spareCount >= 2) {
      const left = rest.length - spareCount;
      let size = Math.min(drawSize(rng), left);
      if (left - size === 1) size = size < 8 ? size + 1 : size - 1; // never strand a single paper
      const [seed, ...others] = rest as [Paper, ...Paper[]];
      const seedGrams = bigrams(seed);
      const ranked = others
        .map((p, i) => ({ p, i, score: jaccard(seedGrams, bigrams(p)) }))
        .sort((a, b) => b.score - a.score || a.i - b.i)
        .map((x) => x.p);
      const group = [seed, ...ranked.slice(0, size - 1)];
      drafts.push({ discipline, papers: group });
      const taken = new Set(group.map((p) => p.id));
      rest = rest.filter((p) => !taken.has(p.id));
    }
    spares.set(discipline, rest);
  }
  return { drafts, technologyPapers, spares };
}

/** Gives some experts one extra paper from a neighbouring discipline's spares. */
function addNeighbourPapers(drafts: Draft[], spares: Map<string, Paper[]>): void {
  const rng = rngFor(SEED, "neighbours");
  for (const draft of drafts) {
    if (!rng.chance(NEIGHBOUR_CHANCE) || draft.papers.length >= 8) continue;
    const options = neighboursOf(draft.discipline).filter((d) => (spares.get(d)?.length ?? 0) > 0);
    if (options.length === 0) continue;
    const neighbour = rng.pick(options);
    const paper = spares.get(neighbour)?.shift();
    if (!paper) continue;
    draft.papers.push(paper);
    draft.neighbourDiscipline = neighbour;
  }
}

/**
 * Keywords ranked by how many of the expert's papers carry them, then by how
 * common they are in the whole corpus (general terms such as 斜拉桥 before
 * one-off names such as 乌鞘岭隧道), then by position within a paper and paper order.
 */
export function topKeywords(
  keywordLists: readonly (readonly string[])[],
  limit: number,
  corpusFrequency: ReadonlyMap<string, number> = new Map(),
): string[] {
  const stats = new Map<string, { count: number; bestPosition: number; firstSeen: number }>();
  let order = 0;
  for (const list of keywordLists) {
    list.slice(0, 6).forEach((k, position) => {
      const s = stats.get(k);
      if (s) {
        s.count++;
        s.bestPosition = Math.min(s.bestPosition, position);
      } else {
        stats.set(k, { count: 1, bestPosition: position, firstSeen: order++ });
      }
    });
  }
  return [...stats.entries()]
    .sort(
      ([ka, a], [kb, b]) =>
        b.count - a.count ||
        (corpusFrequency.get(kb) ?? 0) - (corpusFrequency.get(ka) ?? 0) ||
        a.bestPosition - b.bestPosition ||
        a.firstSeen - b.firstSeen,
    )
    .slice(0, limit)
    .map(([k]) => k);
}

function makeName(rng: Rng, used: Set<string>): string {
  for (;;) {
    const surname = rng.weighted(SURNAMES, (s) => s.weight).surname;
    const pool = rng.chance(0.4)
      ? [...GIVEN_CHARS_FEMALE, ...GIVEN_CHARS_NEUTRAL]
      : [...GIVEN_CHARS_MALE, ...GIVEN_CHARS_NEUTRAL];
    const first = rng.pick(pool);
    const given = rng.chance(0.25) ? first : first + rng.pick(pool.filter((c) => c !== first));
    const name = surname + given;
    if (!used.has(name)) {
      used.add(name);
      return name;
    }
  }
}

function matchesTopics(society: SocietyDefinition, text: string): boolean {
  return society.topics?.some((t) => text.includes(t)) ?? false;
}

function pickSocieties(rng: Rng, primary: string, secondary: string | undefined, text: string): string[] {
  const eligible = (s: SocietyDefinition, discipline: string): boolean =>
    s.disciplines.includes(discipline) && (!s.topics || matchesTopics(s, text));
  const forPrimary = SOCIETIES.filter((s) => eligible(s, primary));
  if (forPrimary.length === 0) throw new Error(`no society for discipline ${primary}`);
  const topical = forPrimary.filter((s) => matchesTopics(s, text));
  const first = topical[0] ?? rng.weighted(forPrimary, (s) => 1 / (s.disciplines.indexOf(primary) + 1) ** 2);
  const chosen = [first.name];
  if (rng.chance(0.35)) {
    const others = SOCIETIES.filter(
      (s) => s.name !== first.name && (eligible(s, primary) || (secondary !== undefined && eligible(s, secondary))),
    );
    if (others.length > 0) chosen.push(rng.pick(others).name);
  }
  return chosen;
}

/** In how many papers each keyword occurs. */
function keywordFrequency(papers: readonly Paper[]): Map<string, number> {
  const freq = new Map<string, number>();
  for (const p of papers) for (const k of new Set(p.keywords)) freq.set(k, (freq.get(k) ?? 0) + 1);
  return freq;
}

const PLACE_PREFIX =
  /^(北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|台湾|内蒙古|广西|西藏|宁夏|新疆|香港|澳门|中国|我国)/;

/** Keywords that read well in a bio sentence: short, no digits, no place names. */
function bioKeywords(keywords: readonly string[], discipline: string): string[] {
  const good = keywords.filter(
    (k) =>
      k.length <= 10 &&
      !/[\d.()（）]/.test(k) &&
      !PLACE_PREFIX.test(k) &&
      !/(省|市|县|盆地|地区|隧道|大桥|水库)$/.test(k),
  );
  return good.length > 0 ? good : [disciplineProse(discipline)];
}

function buildFujianExperts(drafts: Draft[], corpusFrequency: ReadonlyMap<string, number>): ExpertRecord[] {
  const rng = rngFor(SEED, "experts");
  const usedNames = new Set<string>();
  const assigned = new Map<string, number>();
  const built = drafts.map((draft) => {
    const primary = draft.discipline;
    const text = draft.papers.map((p) => `${p.title} ${p.keywords.join(" ")}`).join(" ");
    // Institutions that already have many experts become less likely, which
    // spreads the experts over the smaller universities and cities.
    const placement = rng.weighted(placementsFor(primary, text), (p) => {
      const base = p.institution.weight;
      return p.weight / (1 + (assigned.get(p.institution.name) ?? 0) / (2 * base));
    });
    const { institution, unit } = placement;
    assigned.set(institution.name, (assigned.get(institution.name) ?? 0) + 1);
    const title = pickTitle(rng, institution.kind);
    const publications: PublicationRecord[] = draft.papers
      .map((p) => ({
        title: p.title,
        abstract: p.abstract,
        year: rng.int(YEAR_MIN, YEAR_MAX),
        type: "paper" as const,
        keywords: p.keywords.slice(0, 8),
      }))
      .sort((a, b) => b.year - a.year || (a.title < b.title ? -1 : a.title > b.title ? 1 : 0));
    // Rank keywords in the order the papers were drawn, not by year.
    const keywords = topKeywords(
      draft.papers.map((p) => p.keywords),
      8,
      corpusFrequency,
    );
    const disciplines = draft.neighbourDiscipline ? [primary, draft.neighbourDiscipline] : [primary];
    const bio = composeBio(rng, {
      applied: !BASIC_SCIENCE.has(primary),
      organization: institution.name,
      unit: unit.name,
      title,
      kind: institution.kind,
      discipline: primary,
      keywords: bioKeywords(keywords, primary),
    });
    const record: ExpertRecord = {
      externalId: "",
      name: makeName(rng, usedNames),
      organization: institution.name,
      title,
      region: institution.city,
      disciplines,
      keywords,
      bio,
      languages: rng.chance(0.25) ? ["zh", "en"] : ["zh"],
      societies: pickSocieties(rng, primary, draft.neighbourDiscipline, text),
      publications,
      capacity: rng.weighted(CAPACITY_WEIGHTS, (c) => c.weight).capacity,
    };
    return record;
  });
  // Interleave disciplines so the id order does not follow the discipline list.
  return rngFor(SEED, "expert-order")
    .shuffle(built)
    .map((e, i) => ({ ...e, externalId: `DEMO-E${String(i + 1).padStart(4, "0")}` }));
}

// ---------------------------------------------------------------- technologies

function maturityRange(title: string, discipline: string): [number, number] {
  let range: [number, number] = [4, 7];
  if (/(品种|养殖技术|栽培技术|培育技术|育苗技术)$/.test(title) || /[\d]{3,}$/.test(title)) range = [6, 9];
  else if (/(系统|装置|设备|机|器|仪|中的应用)$/.test(title)) range = [5, 8];
  else if (/(方法|算法|模型|判据|法)$/.test(title)) range = [3, 6];
  if (BASIC_SCIENCE.has(discipline)) range = [Math.max(2, range[0] - 1), Math.max(3, range[1] - 2)];
  return range;
}

function pickTransferModes(rng: Rng, maturity: number): TransferMode[] {
  const pool: TransferMode[] =
    maturity >= 7
      ? ["license", "transfer", "equity", "cooperation"]
      : maturity >= 4
        ? ["cooperation", "license", "service"]
        : ["cooperation", "service"];
  const chosen = new Set(rng.sample(pool, rng.int(1, Math.min(3, pool.length))));
  return TRANSFER_MODES.filter((m) => chosen.has(m));
}

function buildTechnologies(papers: Paper[], experts: ExpertRecord[]): TechnologyRecord[] {
  const rng = rngFor(SEED, "technologies");
  const out: Omit<TechnologyRecord, "externalId">[] = [];
  for (const paper of papers) {
    const title = technologyTitle(paper.title);
    const owners = experts.filter((e) => e.disciplines[0] === paper.discipline);
    if (!title || owners.length === 0) continue;
    const owner = rng.weighted(owners, (e) => seniority(e.title) ** 2);
    const [lo, hi] = maturityRange(title, paper.discipline);
    const maturity = rng.int(lo, hi);
    out.push({
      title,
      abstract: paper.abstract,
      keywords: paper.keywords.slice(0, 6),
      discipline: paper.discipline,
      ownerExternalId: owner.externalId,
      maturity,
      transferModes: pickTransferModes(rng, maturity),
    });
  }
  return rngFor(SEED, "technology-order")
    .shuffle(out)
    .map((t, i) => ({ externalId: `DEMO-T${String(i + 1).padStart(4, "0")}`, ...t }));
}

// ---------------------------------------------------------------- output

function byExternalId<T extends { externalId: string }>(a: T, b: T): number {
  return a.externalId < b.externalId ? -1 : a.externalId > b.externalId ? 1 : 0;
}

/** Trims every string and refuses empty ones or HTML-like characters. */
function tidy<T>(value: T, where: string): T {
  if (typeof value === "string") {
    const s = value.trim();
    if (s === "") throw new Error(`${where}: empty string`);
    if (/[<>]/.test(s)) throw new Error(`${where}: HTML-like character in ${JSON.stringify(s)}`);
    return s as T;
  }
  if (Array.isArray(value)) return value.map((v, i) => tidy(v, `${where}[${i}]`)) as T;
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, tidy(v, `${where}.${k}`)])) as T;
  }
  return value;
}

function expertOut(e: ExpertRecord): ExpertRecord {
  return tidy(
    {
      externalId: e.externalId,
      name: e.name,
      organization: e.organization,
      title: e.title,
      region: e.region,
      disciplines: e.disciplines,
      keywords: e.keywords,
      bio: e.bio,
      languages: e.languages,
      societies: e.societies,
      publications: e.publications.map((p) => ({
        title: p.title,
        ...(p.abstract ? { abstract: p.abstract } : {}),
        ...(p.year !== undefined ? { year: p.year } : {}),
        ...(p.type ? { type: p.type } : {}),
        ...(p.keywords && p.keywords.length > 0 ? { keywords: p.keywords } : {}),
      })),
      capacity: e.capacity,
    },
    e.externalId,
  );
}

function needOut(n: NeedRecord): NeedRecord {
  return tidy(
    {
      externalId: n.externalId,
      title: n.title,
      description: n.description,
      difficulty: n.difficulty,
      target: n.target,
      discipline: n.discipline,
      industry: n.industry,
      keywords: n.keywords,
      region: n.region,
      enterprise: n.enterprise,
      track: n.track,
      confidential: n.confidential,
      status: n.status,
    },
    n.externalId,
  );
}

function technologyOut(t: TechnologyRecord): TechnologyRecord {
  return tidy(
    {
      externalId: t.externalId,
      title: t.title,
      abstract: t.abstract,
      keywords: t.keywords,
      discipline: t.discipline,
      ownerExternalId: t.ownerExternalId,
      maturity: t.maturity,
      transferModes: TRANSFER_MODES.filter((m) => t.transferModes.includes(m)),
    },
    t.externalId,
  );
}

export function buildDemoData(csl: CslPaper[]): DemoData {
  const papers = csl.filter((p) => EXPERT_DISCIPLINE_NAMES.has(p.discipline)).map(cleanPaper);
  const { drafts, technologyPapers, spares } = partitionPapers(papers);
  addNeighbourPapers(drafts, spares);
  const fujianExperts = buildFujianExperts(drafts, keywordFrequency(papers));
  const experts = [...fujianExperts, ...loadTaiwanExperts(), ...loadOverseasExperts()];
  const technologies = [...buildTechnologies(technologyPapers, fujianExperts), ...loadHandwrittenTechnologies()];

  const expertIds = new Set(experts.map((e) => e.externalId));
  if (expertIds.size !== experts.length) throw new Error("duplicate expert externalId");
  for (const t of technologies) {
    if (!expertIds.has(t.ownerExternalId)) throw new Error(`${t.externalId}: unknown owner ${t.ownerExternalId}`);
  }
  const societyNames = new Set(SOCIETIES.map((s) => s.name));
  for (const e of experts) {
    for (const s of e.societies) if (!societyNames.has(s)) throw new Error(`${e.externalId}: unknown society ${s}`);
  }

  return {
    experts: experts.map(expertOut).sort(byExternalId),
    needs: loadNeeds().map(needOut).sort(byExternalId),
    technologies: technologies.map(technologyOut).sort(byExternalId),
    societies: SOCIETIES.map((s) =>
      tidy({ name: s.name, nameEn: s.nameEn, discipline: s.disciplines[0] ?? "", description: s.description }, s.name),
    ),
  };
}

export function toJsonl(records: readonly object[]): string {
  return records.map((r) => JSON.stringify(r)).join("\n") + "\n";
}

function attribution(data: DemoData): string {
  const fromCsl = data.experts.filter((e) => /^DEMO-E\d/.test(e.externalId));
  const cslPublications = fromCsl.reduce((n, e) => n + e.publications.length, 0);
  const cslTechnologies = data.technologies.filter((t) => /^DEMO-T\d/.test(t.externalId)).length;
  return `# Demo data: sources and attribution

The files in this folder are generated by \`scripts/build-demo-data.ts\` (run
\`npx tsx scripts/build-demo-data.ts\`); do not edit them by hand. The generator
is deterministic (fixed-seed PRNG, seed ${SEED}), so re-running it reproduces
these files byte for byte.

| file | records |
| --- | --- |
| experts.jsonl | ${data.experts.length} |
| technologies.jsonl | ${data.technologies.length} |
| needs.jsonl | ${data.needs.length} |
| societies.jsonl | ${data.societies.length} |

## CSL (Apache License 2.0)

Paper titles, abstracts, keywords and discipline names come from **CSL: A
Large-scale Chinese Scientific Literature Dataset** (Yudong Li, Yuqing Zhang,
Zhe Zhao, Linlin Shen, Weijie Liu, Weiquan Mao and Hui Zhang, COLING 2022),
distributed under the Apache License 2.0
(https://www.apache.org/licenses/LICENSE-2.0). We used the 2,000-paper
benchmark slice in \`../shared/data/csl/csl-2000.jsonl\`.

What was taken from CSL:

- \`experts.jsonl\`, experts \`DEMO-E0001\`… (${fromCsl.length} experts): each
  \`publications[]\` entry (${cslPublications} in all) has the \`title\`,
  \`abstract\` and \`keywords\` of one CSL paper; \`disciplines\` are the papers' CSL
  disciplines; \`keywords\` are the most frequent keywords of the expert's papers.
- \`technologies.jsonl\`, technologies \`DEMO-T0001\`… (${cslTechnologies}
  technologies): \`abstract\`, \`keywords\` and \`discipline\` come from one CSL paper
  each; \`title\` is derived from the paper title (research phrasing such as
  "……的研究" removed and the result named as a method, process or system).

Changes made to the CSL text: whitespace was normalised; angle brackets used as
title marks became 《》 and other \`<\`, \`>\` and \`&\` became full-width
characters; straight double quotes became Chinese quotes; footnote markers were
dropped from titles; generic keywords (e.g. 应用, 研究) were removed and
keyword lists were capped. Humanities and social-science papers were not used.

## Generated or hand-written (not from CSL)

- **All people are fictional.** Names of the Fujian experts are random
  combinations of common surnames and given-name characters; the Taiwan and
  overseas experts were written by hand. Any resemblance to a real person is
  coincidental. The institutions (universities, institutes, a hospital) are real
  and are used only to make the demo believable: the people, titles, bios and
  the assignment of papers to them are invented.
- Publication years (${YEAR_MIN}–${YEAR_MAX}), titles, bios, societies, languages,
  capacities, maturity levels and transfer modes are generated.
- The Taiwan experts (\`DEMO-ETW…\`), the overseas experts (\`DEMO-EOS…\`) and
  their technologies (\`DEMO-TTW…\`, \`DEMO-TOS…\`), all needs (\`DEMO-N…\`) and
  all societies were written for this project. Enterprise names in the needs
  are anonymised ("某") and do not refer to real companies.
`;
}

/** File name → content for everything written to prisma/seed/. */
export function renderFiles(data: DemoData): Record<string, string> {
  return {
    "experts.jsonl": toJsonl(data.experts),
    "needs.jsonl": toJsonl(data.needs),
    "technologies.jsonl": toJsonl(data.technologies),
    "societies.jsonl": toJsonl(data.societies),
    "ATTRIBUTION.md": attribution(data),
  };
}

async function main({ check }: { check: boolean }): Promise<number> {
  const data = buildDemoData(parseCsl(fs.readFileSync(CSL_FILE, "utf8")));
  const files = renderFiles(data);
  if (check) {
    const stale = Object.entries(files).filter(
      ([name, content]) =>
        !fs.existsSync(path.join(OUTPUT_DIR, name)) || fs.readFileSync(path.join(OUTPUT_DIR, name), "utf8") !== content,
    );
    if (stale.length > 0) {
      console.error(`stale demo data: ${stale.map(([n]) => n).join(", ")}; run npx tsx scripts/build-demo-data.ts`);
      return 1;
    }
    console.log("demo data is up to date");
    return 0;
  }
  fs.mkdirSync(OUTPUT_DIR, { recursive: true });
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(OUTPUT_DIR, name), content);

  const kinds = {
    fujian: data.experts.filter((e) => /^DEMO-E\d/.test(e.externalId)).length,
    taiwan: data.experts.filter((e) => e.externalId.startsWith("DEMO-ETW")).length,
    overseas: data.experts.filter((e) => e.externalId.startsWith("DEMO-EOS")).length,
  };
  const tracks: Record<string, number> = {};
  for (const n of data.needs) tracks[n.track] = (tracks[n.track] ?? 0) + 1;
  console.log(
    `wrote ${path.relative(process.cwd(), OUTPUT_DIR)}: experts ${data.experts.length} ` +
      `(Fujian ${kinds.fujian}, Taiwan ${kinds.taiwan}, overseas ${kinds.overseas}), ` +
      `technologies ${data.technologies.length}, needs ${data.needs.length} ${JSON.stringify(tracks)} ` +
      `(confidential ${data.needs.filter((n) => n.confidential).length}), societies ${data.societies.length}`,
  );
  return 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runCommand({
    name: "build-demo-data",
    usage: `usage: npx tsx scripts/build-demo-data.ts [--check]

  --check     fail (exit 1) if the files in prisma/seed/ differ from what the generator writes
  -h, --help  show this help`,
    parse: (argv) =>
      parseCommandFlags(argv, { check: { type: "boolean" } }, z.object({ check: z.boolean().default(false) })),
    run: main,
  });
}
