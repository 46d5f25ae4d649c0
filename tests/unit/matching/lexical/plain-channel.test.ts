import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { ExpertProfile, NeedProfile } from "../../../../matching/index.js";
import { topK } from "../../../../matching/engine/top-k.js";
import { PlainBm25Channel } from "../../../../matching/lexical/plain-channel.js";

const shared = path.resolve(import.meta.dirname, "../../../../../shared");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "plain-channel-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/** A slice of a development collection, written where the reference floor script can read it. */
function slice(collection: string, experts: number, needs: number) {
  const read = (file: string, count: number) =>
    fs
      .readFileSync(path.join(shared, "data", collection, file), "utf8")
      .split("\n")
      .filter(Boolean)
      .slice(0, count);
  const expertLines = read("experts.jsonl", experts);
  const needLines = read("needs.jsonl", needs);
  fs.writeFileSync(path.join(dir, `${collection}-experts.jsonl`), `${expertLines.join("\n")}\n`);
  fs.writeFileSync(path.join(dir, `${collection}-needs.jsonl`), `${needLines.join("\n")}\n`);
  return {
    experts: expertLines.map((line): ExpertProfile => {
      const e = JSON.parse(line);
      return {
        key: e.externalId,
        name: e.name,
        disciplines: e.disciplines,
        keywords: e.keywords,
        bio: e.bio,
        evidence: e.publications,
      };
    }),
    needs: needLines.map((line): NeedProfile => {
      const n = JSON.parse(line);
      return {
        key: n.externalId,
        title: n.title,
        description: n.description,
        discipline: n.discipline,
        keywords: n.keywords,
      };
    }),
  };
}

describe("plain BM25 channel", () => {
  it.each(["chinaxiv-dev", "acl-dev"])("ranks and scores like the reference floor on %s", (collection) => {
    const { experts, needs } = slice(collection, 1500, 40);
    const out = path.join(dir, `${collection}-floor.jsonl`);
    execFileSync("python3", [
      path.join(shared, "bench", "bm25_baseline.py"),
      path.join(dir, `${collection}-experts.jsonl`),
      path.join(dir, `${collection}-needs.jsonl`),
      out,
      "10",
    ]);
    const floor = fs
      .readFileSync(out, "utf8")
      .split("\n")
      .filter(Boolean)
      .map((line) => JSON.parse(line));
    const channel = PlainBm25Channel.build(experts);
    needs.forEach((need, i) => {
      const { profile, touched } = channel.score(channel.queryBag(need));
      const ours = topK(touched, profile, 10);
      const theirs = floor[i].matches as { expertExternalId: string; score: number }[];
      // Scores agree to within 1 %: the channel accumulates in 32 bits, and NFKC turns the odd
      // full-width character of OCR'd text into the ASCII word the script does not see.
      ours.forEach((e, k) => expect(Math.abs(profile[e]! - theirs[k]!.score) / theirs[k]!.score).toBeLessThan(1e-2));
      // Same experts, except where two have the same score (either order is the floor's).
      const distinct = theirs.filter((m, k) => theirs.every((o, j) => j === k || Math.abs(o.score - m.score) > 1e-4));
      for (const m of distinct) expect(ours.map((e) => experts[e]!.key)).toContain(m.expertExternalId);
    });
  });
});
