/**
 * Professional titles and short Chinese bios for the generated Fujian experts.
 */
import type { Rng } from "./prng.js";
import type { InstitutionKind } from "./fujian-institutions.js";

interface WeightedTitle {
  title: string;
  weight: number;
}

const TITLES_BY_KIND: Record<InstitutionKind, readonly WeightedTitle[]> = {
  university: [
    { title: "教授", weight: 30 },
    { title: "副教授", weight: 38 },
    { title: "讲师", weight: 14 },
    { title: "研究员", weight: 9 },
    { title: "副研究员", weight: 9 },
  ],
  institute: [
    { title: "研究员", weight: 42 },
    { title: "副研究员", weight: 43 },
    { title: "高级工程师", weight: 15 },
  ],
  engineering: [
    { title: "高级工程师", weight: 65 },
    { title: "正高级工程师", weight: 35 },
  ],
  hospital: [
    { title: "主任医师", weight: 45 },
    { title: "副主任医师", weight: 55 },
  ],
};

export function pickTitle(rng: Rng, kind: InstitutionKind): string {
  return rng.weighted(TITLES_BY_KIND[kind], (t) => t.weight).title;
}

/** Senior titles are preferred as owners of technologies. */
export function seniority(title: string): number {
  if (["教授", "研究员", "正高级工程师", "主任医师"].includes(title)) return 3;
  if (["副教授", "副研究员", "高级工程师", "副主任医师"].includes(title)) return 2;
  return 1;
}

export interface BioInput {
  /** False for basic sciences, whose bios do not offer consulting to enterprises. */
  applied: boolean;
  organization: string;
  unit: string;
  title: string;
  kind: InstitutionKind;
  discipline: string;
  /** The expert's top keywords, most important first (at least one). */
  keywords: readonly string[];
}

/** Joins Chinese list items: A、B和C. */
export function joinZh(items: readonly string[], last = "和"): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join("、")}${last}${items[items.length - 1]}`;
}

/** "福建农林大学园艺学院" or just "中国科学院城市环境研究所" when the unit is unnamed. */
function place(input: BioInput): string {
  return `${input.organization}${input.unit}`;
}

/** Discipline name as readable prose: "化学/化学工程与技术" → "化学化工". */
export function disciplineProse(discipline: string): string {
  const special: Record<string, string> = {
    "化学/化学工程与技术": "化学化工",
    "地质学/地质资源与地质工程": "地质资源与地质工程",
    "生物学/生物科学与工程": "生物科学与工程",
    "林学/林业工程": "林学与林业工程",
    "畜牧学/兽医学": "畜牧兽医",
    "中医学/中药学": "中医药",
    "基础医学/临床医学": "临床医学",
  };
  return special[discipline] ?? discipline;
}

export function composeBio(rng: Rng, input: BioInput): string {
  const [a, b, c] = input.keywords;
  const top2 = joinZh(input.keywords.slice(0, 2));
  const top3 = joinZh(input.keywords.slice(0, 3));
  const field = disciplineProse(input.discipline);
  const supervisor =
    input.kind === "university" && (input.title === "教授" || input.title === "研究员")
      ? rng.pick(["博士生导师", "硕士生导师"])
      : input.kind === "university" && (input.title === "副教授" || input.title === "副研究员")
        ? "硕士生导师"
        : "";
  const head = supervisor ? `${place(input)}${input.title}，${supervisor}` : `${place(input)}${input.title}`;

  const templates: Array<() => string> = [
    () => `${head}，主要从事${top3}等方面的研究。`,
    () => `${head}。研究方向为${top2}，近年来重点关注${c ?? a}。`,
    () =>
      `${head}，长期从事${field}领域的${input.kind === "university" ? "科研与教学" : "科研"}工作，在${top3}方面有较多积累。`,
    () =>
      input.applied
        ? `${head}，研究领域为${field}，重点方向包括${top2}。可为企业提供${a}相关的技术咨询与合作研发。`
        : `${head}，研究领域为${field}，重点方向包括${top2}。`,
    () => `${head}。主要研究${a}${b ? `，兼及${joinZh(input.keywords.slice(1, 3))}` : ""}，参与多项省部级科研项目。`,
  ];
  if (input.kind === "engineering") {
    templates.push(() => `${head}，长期从事${field}相关的工程技术工作，擅长${top3}。`);
  }
  if (input.kind === "hospital") {
    templates.length = 0;
    templates.push(
      () => `${head}，从事临床与科研工作多年，主要研究方向为${top3}。`,
      () => `${head}。擅长${top2}，近年来开展${c ?? a}相关的临床研究。`,
    );
  }
  return rng.pick(templates)();
}
