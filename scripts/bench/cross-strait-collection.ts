/**
 * A cross-strait copy of a Chinese development collection: about a third of the experts and a
 * third of the needs (chosen by a hash of their ids, independently) rewritten in Taiwan
 * Traditional Chinese with OpenCC's phrase conversion (cn → twp: 软件 → 軟體, 信息 → 資訊), the
 * rest left in Simplified, and the same judgements. At a cross-strait fair the two scripts meet
 * in one collection in every combination; the development collections are each in one script,
 * so this copy is how the benchmark sees whether matching survives the mix. The plain floor
 * script reads the copy as it is, without conversion.
 */
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import * as OpenCC from "opencc-js";

const toTaiwan = OpenCC.Converter({ from: "cn", to: "twp" });

/** Share of experts and of needs rewritten in Traditional. */
const traditionalShare = 1 / 3;

const chosen = (id: string, salt: string) =>
  createHash("sha1").update(`${salt}:${id}`).digest().readUInt32BE(0) / 2 ** 32 < traditionalShare;

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every string inside a JSON value converted; ids, years and other non-text fields kept. */
function convertedText(value: Json, key = ""): Json {
  if (typeof value === "string") return key === "externalId" || key === "type" ? value : toTaiwan(value);
  if (Array.isArray(value)) return value.map((item) => convertedText(item, key));
  if (value && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, convertedText(v, k)]));
  }
  return value;
}

function convertLines(source: string, target: string, salt: string): { lines: number; converted: number } {
  let lines = 0;
  let converted = 0;
  const out: string[] = [];
  for (const line of fs.readFileSync(source, "utf8").split("\n")) {
    if (!line.trim()) continue;
    lines += 1;
    const row = JSON.parse(line) as { externalId: string } & Record<string, Json>;
    if (chosen(row.externalId, salt)) {
      converted += 1;
      out.push(JSON.stringify(convertedText(row)));
    } else {
      out.push(line);
    }
  }
  fs.writeFileSync(target, `${out.join("\n")}\n`);
  return { lines, converted };
}

/** Writes the cross-strait copy of the collection in `sourceDir` to `targetDir`. */
export function writeCrossStraitCollection(
  sourceDir: string,
  targetDir: string,
): { experts: number; traditionalExperts: number; needs: number; traditionalNeeds: number } {
  fs.mkdirSync(targetDir, { recursive: true });
  const experts = convertLines(path.join(sourceDir, "experts.jsonl"), path.join(targetDir, "experts.jsonl"), "expert");
  const needs = convertLines(path.join(sourceDir, "needs.jsonl"), path.join(targetDir, "needs.jsonl"), "need");
  fs.copyFileSync(path.join(sourceDir, "qrels.tsv"), path.join(targetDir, "qrels.tsv"));
  return {
    experts: experts.lines,
    traditionalExperts: experts.converted,
    needs: needs.lines,
    traditionalNeeds: needs.converted,
  };
}
