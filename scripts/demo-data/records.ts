/**
 * The hand-written demo records, kept as data in scripts/demo-data/records/*.jsonl (one record a
 * line) rather than as TypeScript: needs, the Taiwan and overseas experts and their technologies.
 * Each line is checked by the importer's schema for its kind (the rules the seed applies again
 * when it loads prisma/seed/), narrowed by the demo's own code lists (tracks, statuses, transfer
 * modes); a bad line stops the generator with its file and line number.
 */
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import {
  expertLineSchema,
  needLineSchema,
  technologyLineSchema,
} from "../../server/knowledge/import/import-records.schemas.js";
import { type LineError, MalformedInputError, parseJsonLine } from "../cli/line-files.js";
import {
  type ExpertRecord,
  NEED_STATUSES,
  type NeedRecord,
  TRACK_CODES,
  TRANSFER_MODES,
  type TechnologyRecord,
} from "./types.js";

export const RECORDS_DIR = path.join(import.meta.dirname, "records");

/**
 * Every line of a records file checked by `schema`; throws MalformedInputError listing each bad
 * line. Synchronous: the generator reads a few small files once.
 */
export function readRecordFile<S extends z.ZodType>(file: string, schema: S): z.output<S>[] {
  const name = path.relative(process.cwd(), file);
  const errors: LineError[] = [];
  const records: z.output<S>[] = [];
  fs.readFileSync(file, "utf8")
    .split("\n")
    .forEach((text, index) => {
      if (text.trim() === "") return;
      const value = parseJsonLine(text, { file: name, line: index + 1 }, schema, errors);
      if (value !== undefined) records.push(value);
    });
  if (errors.length > 0) throw new MalformedInputError(errors);
  return records;
}

/**
 * The line as written once the schema accepted it: the importer's schema normalises (defaults,
 * trimming) for storage, while the generator writes its own normalised output (build-demo-data.ts).
 */
function checkedBy<T>(schema: z.ZodType) {
  return z.unknown().check((context) => {
    const parsed = schema.safeParse(context.value);
    if (!parsed.success) context.issues.push(...(parsed.error.issues as typeof context.issues));
  }) as unknown as z.ZodType<T>;
}

const needRecordSchema = checkedBy<NeedRecord>(
  needLineSchema.extend({ track: z.enum(TRACK_CODES), status: z.enum(NEED_STATUSES), confidential: z.boolean() }),
);
const expertRecordSchema = checkedBy<ExpertRecord>(expertLineSchema);
const technologyRecordSchema = checkedBy<TechnologyRecord>(
  technologyLineSchema.extend({ transferModes: z.array(z.enum(TRANSFER_MODES)).min(1) }),
);

const records = <T>(name: string, schema: z.ZodType<T>) => readRecordFile(path.join(RECORDS_DIR, name), schema);

/**
 * Enterprise technical problems (需求) from Fujian industries. Enterprise names are deliberately
 * anonymised ("某") so that no real company is implied. Tracks: assist = 创新驱动助力工程,
 * 618 = 6·18 项目成果交易会, straits = 海峡论坛/两岸对接, overseas = 海智计划, jinqiao = 金桥工程.
 * Three needs from Taiwan-invested enterprises are in Traditional Chinese, two from
 * foreign-invested enterprises in English.
 */
export const loadNeeds = () => records("needs.jsonl", needRecordSchema);
/**
 * Experts for the 海峡 (straits) docking track: Traditional Chinese profiles with Taiwan
 * vocabulary, fictional names; `disciplines` stay in the CSL (Simplified) taxonomy so that they
 * line up with the other records.
 */
export const loadTaiwanExperts = () => records("taiwan-experts.jsonl", expertRecordSchema);
/**
 * Experts of the 海智计划 (overseas talent) programme: English profiles, fictional names, `region`
 * the country in Chinese, `disciplines` in the CSL taxonomy like every other record.
 */
export const loadOverseasExperts = () => records("overseas-experts.jsonl", expertRecordSchema);
/** Technologies owned by the Taiwan and overseas experts. */
export const loadHandwrittenTechnologies = () => records("handwritten-technologies.jsonl", technologyRecordSchema);
