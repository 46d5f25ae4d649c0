import fs from "node:fs";
import path from "node:path";
import v8 from "node:v8";
import type { TrainedMatchingState } from "../../matching/index.js";

/**
 * When a persisted trained state is still good enough to reuse: the collection has not grown or
 * shrunk by more than `maxExpertChange` (a fraction of the experts it was trained on) and the
 * state is at most `maxAgeDays` old (edits that keep the count drift the collection slowly).
 */
export interface RetrainRule {
  maxExpertChange: number;
  maxAgeDays: number;
}

function isTrainedState(value: unknown): value is TrainedMatchingState {
  if (typeof value !== "object" || value === null) return false;
  const state = value as Record<string, unknown>;
  return (
    typeof state.format === "number" &&
    typeof state.trainedAt === "string" &&
    !Number.isNaN(Date.parse(state.trainedAt)) &&
    typeof state.expertCount === "number"
  );
}

/** The persisted state, or null when there is none or it cannot be read (then the build trains). */
export function readTrainedState(file: string): { state: TrainedMatchingState | null; problem: string | null } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return { state: null, problem: null };
    return { state: null, problem: `could not read ${file}: ${(error as Error).message}` };
  }
  try {
    const value: unknown = v8.deserialize(bytes);
    if (isTrainedState(value)) return { state: value, problem: null };
    return { state: null, problem: `${file} does not hold a trained matching state` };
  } catch (error) {
    return { state: null, problem: `could not decode ${file}: ${(error as Error).message}` };
  }
}

/** Writes the state atomically: a reader sees the previous file or the new one, never a part. */
export function writeTrainedState(file: string, state: TrainedMatchingState): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${Date.now()}.tmp`);
  try {
    fs.writeFileSync(temporary, v8.serialize(state));
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Why a build must train instead of reusing `state` for a collection of `expertCount` experts
 * at `now`, or null when the state may be reused.
 */
export function retrainReason(
  state: TrainedMatchingState | null,
  expertCount: number,
  now: Date,
  rule: RetrainRule,
): string | null {
  if (!state) return "no trained state";
  const change = Math.abs(expertCount - state.expertCount) / Math.max(1, state.expertCount);
  if (change > rule.maxExpertChange) {
    return `the collection changed from ${state.expertCount} to ${expertCount} experts (more than ${Math.round(rule.maxExpertChange * 100)} %)`;
  }
  const ageDays = (now.getTime() - Date.parse(state.trainedAt)) / 86_400_000;
  if (ageDays > rule.maxAgeDays) return `the state is ${Math.floor(ageDays)} days old (more than ${rule.maxAgeDays})`;
  return null;
}
