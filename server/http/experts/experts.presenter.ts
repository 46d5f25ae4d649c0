import type { Expert } from "../../knowledge/knowledge.types.js";
import type { ExpertResponse } from "./experts.schemas.js";

export function presentExpert(expert: Expert): ExpertResponse {
  return { ...expert, createdAt: expert.createdAt.toISOString(), updatedAt: expert.updatedAt.toISOString() };
}
