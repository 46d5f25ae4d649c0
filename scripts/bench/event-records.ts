/**
 * The platform's records for bench:event, taken from real text rather than generated from a
 * small vocabulary: ../shared/data/nssfc-dev's 1,000 needs (social-science project titles and
 * disciplines) and 3,000 of its experts — the owner of every need (qrels.tsv) and a seeded
 * sample of the others with a usable profile (a province, an institution and a titled project).
 * A generated vocabulary of a handful of fields made every need's best candidates the same few
 * hundred experts, which no real event looks like and which made the assignment infeasible; real
 * titles spread each need's candidates over the pool as a real registration does.
 *
 * Writes the slices as JSON Lines (the import formats of FORMATS.md) for the product's importer.
 */
import fs from "node:fs";
import path from "node:path";
import { Rng } from "../demo-data/prng.js";

export interface EventRecordFiles {
  experts: string;
  needs: string;
  needIds: string[];
  expertIds: string[];
}

interface ExpertLine {
  externalId: string;
  region?: string;
  organization?: string;
  publications?: { title?: string }[];
}

const chineseText = /[\u4e00-\u9fff]{4}/;

/** A profile an organizer would accept on a registration list: where, who employs them, and what they did. */
function usable(expert: ExpertLine): boolean {
  const region = expert.region ?? "";
  return (
    region !== "" &&
    region !== "0" &&
    (expert.organization ?? "") !== "" &&
    (expert.publications ?? []).some((p) => chineseText.test(p.title ?? ""))
  );
}

function readLines(file: string): string[] {
  return fs
    .readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "");
}

/**
 * Writes `needs.jsonl` (every need of the collection, at most `needCount`) and `experts.jsonl`
 * (the needs' owners, then sampled others up to `expertCount`) into `directory`.
 */
export function writeEventRecords(
  dataDir: string,
  directory: string,
  counts: { needs: number; experts: number },
  seed: number,
): EventRecordFiles {
  const needLines = readLines(path.join(dataDir, "needs.jsonl")).slice(0, counts.needs);
  const needIds = needLines.map((line) => (JSON.parse(line) as { externalId: string }).externalId);
  const chosenNeeds = new Set(needIds);
  const owners = new Set(
    readLines(path.join(dataDir, "qrels.tsv"))
      .slice(1)
      .map((line) => line.split("\t"))
      .filter(([need]) => chosenNeeds.has(need!))
      .map(([, expert]) => expert!),
  );
  const ownerLines: string[] = [];
  const others: string[] = [];
  for (const line of readLines(path.join(dataDir, "experts.jsonl"))) {
    const expert = JSON.parse(line) as ExpertLine;
    if (owners.has(expert.externalId)) ownerLines.push(line);
    else if (usable(expert)) others.push(line);
  }
  const rng = new Rng(seed);
  const expertLines = [...ownerLines, ...rng.sample(others, Math.max(0, counts.experts - ownerLines.length))].slice(
    0,
    counts.experts,
  );
  const files = { experts: path.join(directory, "experts.jsonl"), needs: path.join(directory, "needs.jsonl") };
  fs.writeFileSync(files.experts, `${expertLines.join("\n")}\n`);
  fs.writeFileSync(files.needs, `${needLines.join("\n")}\n`);
  const expertIds = expertLines.map((line) => (JSON.parse(line) as ExpertLine).externalId);
  return { ...files, needIds, expertIds };
}
