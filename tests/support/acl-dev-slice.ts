import fs from "node:fs";
import path from "node:path";
import type { ExpertProfile } from "../../matching/index.js";
import { repoRoot } from "./paths.js";

const acl = path.resolve(repoRoot, "..", "shared", "data", "acl-dev");

/** The first `count` lines of one of acl-dev's files, parsed. */
export function aclDevLines(file: "experts.jsonl" | "needs.jsonl", count: number): Record<string, unknown>[] {
  return fs
    .readFileSync(path.join(acl, file), "utf8")
    .split("\n")
    .filter(Boolean)
    .slice(0, count)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

/** The first `count` experts of the real acl-dev benchmark as the engine's profiles (papers as evidence). */
export function aclDevExperts(count: number): ExpertProfile[] {
  return aclDevLines("experts.jsonl", count).map((e) => ({
    key: String(e.externalId),
    name: String(e.name),
    evidence: (e.publications as { title: string; abstract?: string; year?: number }[]).map((p) => ({
      title: p.title,
      abstract: p.abstract,
      year: p.year ?? null,
    })),
  }));
}
