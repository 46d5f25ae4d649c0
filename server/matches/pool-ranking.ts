import { createHash } from "node:crypto";
import { readInChunks } from "../db/in-chunks.js";
import type { Need } from "../knowledge/knowledge.types.js";
import type { NeedsRepository } from "../knowledge/needs.repository.js";
import { excludedExpertKeys } from "./curation-exclusions.js";
import type { MatchingEngineHost } from "./engine-host.js";
import type { MatchCurationRepository } from "./match-curation.repository.js";
import { needProfileOf } from "./matching-inputs.js";

/** Needs per message to the engine worker: big enough to spare messages, small enough not to hold up other queries long. */
const batchSize = 20;
/** Batches sent before the first answer returns, so that the worker never waits for the main thread. */
const batchesInFlight = 2;

export interface PoolMatch {
  needId: number;
  expertId: number;
  score: number;
}

/** What a ranking is made from besides the model: the needs (their text) and who is excluded from each. */
interface RankingInputs {
  needs: Need[];
  excluded: Map<number, Set<string>>;
}

/**
 * Ranks many needs among one pool of experts (a docking event's registered ones) as
 * MatchesService.expertsAmong ranks one, without its reads per need: the needs, their
 * exclusions and the declared conflicts are read once, and the needs go to the engine worker
 * in batches with the pool sent once per batch.
 *
 * A ranking carries the version of everything it was made from — the served model (build, data,
 * invitations' dynamics), each need's text (updatedAt), its exclusions and conflicts, and the
 * pool — and `version` reads that version alone, so that a caller may keep a ranking until its
 * version changes.
 */
export class PoolRanking {
  constructor(
    private readonly needs: NeedsRepository,
    private readonly curation: MatchCurationRepository,
    private readonly engine: MatchingEngineHost,
  ) {}

  /** The version a ranking of these needs among these experts would have now. */
  async version(needIds: readonly number[], expertIds: readonly number[]): Promise<string> {
    const inputs = await this.inputs(needIds);
    return versionOf(await this.engine.servedModel(), inputs, expertIds);
  }

  /**
   * Each need's best `top` experts of the pool, need by need in the order given; `version` is
   * null when the served model changed half-way (the ranking mixes two models: not to be kept).
   */
  async rank(
    needIds: readonly number[],
    expertIds: readonly number[],
    top: number,
    onProgress: (ranked: number) => void = () => {},
  ): Promise<{ version: string | null; candidates: PoolMatch[] }> {
    const inputs = await this.inputs(needIds);
    const onlyExperts = expertIds.map(String);
    const batches: Need[][] = [];
    // An empty pool ranks nobody: no batch is sent.
    for (let k = 0; expertIds.length > 0 && k < inputs.needs.length; k += batchSize)
      batches.push(inputs.needs.slice(k, k + batchSize));
    const answers: PoolMatch[][] = [];
    const models = new Set<string>();
    let next = 0;
    let ranked = 0;
    const send = async () => {
      while (next < batches.length) {
        const index = next++;
        const batch = batches[index]!;
        const { model, rankings } = await this.engine.rankExpertsAmong({
          needs: batch.map((need) => ({
            profile: needProfileOf(need, "id"),
            excludeExperts: [...inputs.excluded.get(need.id)!],
          })),
          onlyExperts,
          top,
        });
        models.add(model);
        answers[index] = batch.flatMap((need, i) =>
          rankings[i]!.matches.map((m) => ({ needId: need.id, expertId: Number(m.expertKey), score: m.score })),
        );
        ranked += batch.length;
        onProgress(ranked);
      }
    };
    await Promise.all(Array.from({ length: Math.min(batchesInFlight, batches.length) }, send));
    const model = batches.length === 0 ? await this.engine.servedModel() : models.size === 1 ? [...models][0]! : null;
    return {
      version: model === null ? null : versionOf(model, inputs, expertIds),
      candidates: answers.flat(),
    };
  }

  private async inputs(needIds: readonly number[]): Promise<RankingInputs> {
    const needs = await readInChunks(needIds, (chunk) => this.needs.findByIds(chunk));
    const exclusions = await this.curation.exclusionsOf(needIds);
    const conflicts = needs.some((need) => need.enterprise) ? await this.curation.allConflicts() : [];
    const excludedIds = new Map<number, number[]>();
    for (const { needId, expertId } of exclusions)
      excludedIds.set(needId, [...(excludedIds.get(needId) ?? []), expertId]);
    const excluded = new Map(
      needs.map((need) => [need.id, excludedExpertKeys(need, excludedIds.get(need.id) ?? [], conflicts)]),
    );
    return { needs, excluded };
  }
}

function versionOf(model: string, inputs: RankingInputs, expertIds: readonly number[]): string {
  const needs = inputs.needs.map((need) => [
    need.id,
    need.updatedAt.getTime(),
    [...inputs.excluded.get(need.id)!].sort(),
  ]);
  return createHash("sha256")
    .update(JSON.stringify([model, needs, [...expertIds].sort((a, b) => a - b)]))
    .digest("hex");
}
