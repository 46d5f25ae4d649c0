/**
 * Real Fujian universities, research institutes and a hospital, with the
 * schools / laboratories (units) in which each CSL discipline plausibly sits
 * (records/fujian-institutions.jsonl, one institution a line). `city` is the
 * expert's `region`. The experts placed here are fictional.
 */
import path from "node:path";
import { z } from "zod";
import { EXPERT_DISCIPLINE_NAMES } from "./disciplines.js";
import { RECORDS_DIR, readRecordFile } from "./records.js";

export const INSTITUTION_KINDS = [
  "university", // 大学 / 学院: 教授, 副教授, 讲师 …
  "institute", // 研究所 / 科学院: 研究员, 副研究员
  "engineering", // 设计院, 检验院, 电科院: 高级工程师
  "hospital", // 附属医院: 主任医师
] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];

export const FUJIAN_CITIES = ["福州", "厦门", "泉州", "漳州", "莆田", "三明", "南平", "龙岩", "宁德"] as const;
export type FujianCity = (typeof FUJIAN_CITIES)[number];

const discipline = z.string().refine((name) => EXPERT_DISCIPLINE_NAMES.has(name), {
  error: (issue) => `not a discipline of the demo's experts: ${String(issue.input)}`,
});

const institutionUnitSchema = z.object({
  /** School, department or laboratory; "" when the bio names only the institution. */
  name: z.string(),
  disciplines: z.array(discipline).min(1),
  /**
   * Optional topic words per discipline: the unit hosts an expert of that
   * discipline only when the expert's papers mention one of them (a tea
   * institute takes 园艺学 experts who work on tea, not on landscaping).
   */
  topics: z.record(discipline, z.array(z.string().min(1)).min(1)).optional(),
});
export type InstitutionUnit = z.output<typeof institutionUnitSchema>;

const institutionSchema = z.object({
  name: z.string().min(1),
  city: z.enum(FUJIAN_CITIES),
  kind: z.enum(INSTITUTION_KINDS),
  /** Relative size: how many experts it contributes compared with the others. */
  weight: z.number().positive(),
  units: z.array(institutionUnitSchema).min(1),
});
export type Institution = z.output<typeof institutionSchema>;

export const FUJIAN_INSTITUTIONS: readonly Institution[] = readRecordFile(
  path.join(RECORDS_DIR, "fujian-institutions.jsonl"),
  institutionSchema,
);
/** One place an expert of a discipline can work. */
export interface Placement {
  institution: Institution;
  unit: InstitutionUnit;
  weight: number;
}

/**
 * Every (institution, unit) that hosts the discipline, weighted by institution
 * size. `text` is the expert's paper titles and keywords, matched against
 * unit topics.
 */
export function placementsFor(discipline: string, text: string): Placement[] {
  const out: Placement[] = [];
  for (const institution of FUJIAN_INSTITUTIONS) {
    for (const unit of institution.units) {
      const topics = unit.topics?.[discipline];
      if (topics && !topics.some((t) => text.includes(t))) continue;
      if (unit.disciplines.includes(discipline)) {
        // A unit listing several disciplines is less likely to hold any one of
        // them; a unit whose topic the papers match is more likely.
        const weight = (institution.weight * (topics ? 2 : 1)) / Math.sqrt(unit.disciplines.length);
        out.push({ institution, unit, weight });
      }
    }
  }
  return out;
}
