/**
 * Evidence aggregation for one expert: the best document counts fully, the next ones with a
 * geometric decay, and only the top k count at all — so one highly relevant paper outweighs
 * many weak ones, and a long list of loosely related titles cannot add up to a strong match.
 */
export function aggregateEvidence(scores: readonly number[], best: number, decay: number, topK: number): number {
  const sorted = [...scores].filter((s) => s > 0).sort((a, b) => b - a);
  let total = 0;
  let factor = best;
  for (let i = 0; i < Math.min(topK, sorted.length); i++) {
    total += factor * sorted[i]!;
    factor *= decay;
  }
  return total;
}
