import type { Expert, ExpertContact } from "../../knowledge/knowledge.types.js";
import type { ExpertResponse } from "./experts.schemas.js";

/** The public profile; `contact` only when the caller may see it (the expert, organizers). */
export function presentExpert(expert: Expert, contact: ExpertContact | null = null): ExpertResponse {
  return {
    ...expert,
    createdAt: expert.createdAt.toISOString(),
    updatedAt: expert.updatedAt.toISOString(),
    ...(contact && { contact }),
  };
}
