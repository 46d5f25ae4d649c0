import type { Express } from "express";
import request from "supertest";
import type { JsonSchema } from "./json-schema-arbitrary.js";

export type { JsonSchema } from "./json-schema-arbitrary.js";

/** One operation of `/api/openapi.json`, as the tests read it. */
export interface DocumentedOperation {
  /** Carries "Roles: organizer, admin" for the operations limited to some roles. */
  description?: string;
  /** Present on the operations that need a signed-in caller. */
  security?: unknown[];
  parameters: { name: string; in: "path" | "query"; required: boolean; schema: JsonSchema }[];
  /** JSON, or multipart/form-data for uploads (text fields and a file field). */
  requestBody?: { content: Partial<Record<"application/json" | "multipart/form-data", { schema: JsonSchema }>> };
  responses: Record<string, { description: string; content?: Record<string, { schema: JsonSchema }> }>;
}

/** Path template → method → operation. */
export type DocumentedPaths = Record<string, Record<string, DocumentedOperation>>;

/** The operations the app documents, read from its own `/api/openapi.json`. */
export async function documentedPaths(app: Express): Promise<DocumentedPaths> {
  const response = await request(app).get("/api/openapi.json");
  if (response.status !== 200) throw new Error(`GET /api/openapi.json answered ${response.status}`);
  return (response.body as { paths: DocumentedPaths }).paths;
}
