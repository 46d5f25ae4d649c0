import type { Technology } from "../../knowledge/knowledge.types.js";
import type { TechnologyResponse } from "./technologies.schemas.js";

export function presentTechnology(technology: Technology): TechnologyResponse {
  return {
    ...technology,
    createdAt: technology.createdAt.toISOString(),
    updatedAt: technology.updatedAt.toISOString(),
  };
}
