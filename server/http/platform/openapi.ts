import { z } from "zod";
import type { RouteDefinition } from "./api-routes.js";
import { errorResponse } from "./common.schemas.js";

type JsonSchema = Record<string, unknown>;

function jsonSchema(schema: z.ZodType, io: "input" | "output"): JsonSchema {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: "any" }) as JsonSchema;
  return rest;
}

/** Turns a params or query object schema into OpenAPI parameters, one per property. */
function parametersOf(schema: z.ZodType | undefined, location: "path" | "query"): JsonSchema[] {
  if (!schema) return [];
  const object = jsonSchema(schema, "input") as { properties?: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(object.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === "path" || (object.required ?? []).includes(name),
    schema: property,
    ...(property.type === "array" && { style: "form", explode: true }),
  }));
}

const errorStatuses: Record<string, string> = {
  "400": "Invalid input (code validation_failed or invalid_json)",
  "401": "Not signed in (code unauthenticated)",
  "403": "Not allowed (code forbidden or csrf_failed)",
  "404": "Not found (code not_found)",
  "409": "Conflict (code conflict)",
};
const bodyErrorStatuses: Record<string, string> = {
  "413": "The request body is too large (code payload_too_large)",
  "415": "The request body's encoding or charset is not supported (code unsupported_media_type)",
};
const rateLimitedStatus = { "429": "Too many attempts (code rate_limited; details.retryAfterSeconds)" };

/** The error answers an operation can give: the common ones, those of a body, and 429 where attempts are limited. */
function errorStatusesOf(route: RouteDefinition): Record<string, string> {
  return {
    ...errorStatuses,
    ...(route.body && bodyErrorStatuses),
    ...(route.rateLimited && rateLimitedStatus),
  };
}

/** The success answer's content: JSON when the route documents a response, and any other media types. */
function successContentOf(route: RouteDefinition): Record<string, JsonSchema> | undefined {
  const content: Record<string, JsonSchema> = {};
  if (route.response) content["application/json"] = { schema: jsonSchema(route.response, "output") };
  for (const [mediaType, schema] of Object.entries(route.media ?? {})) {
    content[mediaType] = { schema: jsonSchema(schema, "output") };
  }
  return Object.keys(content).length > 0 ? content : undefined;
}

/** JSON, or for uploads multipart/form-data: the text fields of `body` and the file. */
function requestBodyOf(route: RouteDefinition, body: z.ZodType): JsonSchema {
  const schema = jsonSchema(body, "input");
  if (!route.multipart) return { required: true, content: { "application/json": { schema } } };
  const { fileField } = route.multipart;
  const fields = schema as { properties?: Record<string, JsonSchema>; required?: string[] };
  const multipart = {
    ...fields,
    properties: { ...fields.properties, [fileField]: { type: "string", contentMediaType: "application/octet-stream" } },
    required: [...(fields.required ?? []), fileField],
  };
  return { required: true, content: { "multipart/form-data": { schema: multipart } } };
}

/** The OpenAPI 3.1 document, generated from the same zod schemas that validate requests. */
export function buildOpenApiDocument(definitions: readonly RouteDefinition[], version: string): JsonSchema {
  const paths: Record<string, Record<string, JsonSchema>> = {};
  const errorBody = { "application/json": { schema: jsonSchema(errorResponse, "output") } };
  for (const route of definitions) {
    const path = route.path.replace(/:(\w+)/g, "{$1}");
    const content = successContentOf(route);
    const responses: Record<string, JsonSchema> = {
      [String(route.status ?? (content ? 200 : 204))]: { description: "Success", ...(content && { content }) },
    };
    for (const [status, description] of Object.entries(errorStatusesOf(route))) {
      responses[status] = { description, content: errorBody };
    }
    paths[path] ??= {};
    paths[path][route.method] = {
      summary: route.summary,
      tags: [route.tag],
      ...(route.signedIn && { security: [{ session: [] }, { bearer: [] }] }),
      ...(route.roles && { description: `Roles: ${route.roles.join(", ")}` }),
      parameters: [...parametersOf(route.params, "path"), ...parametersOf(route.query, "query")],
      ...(route.body && { requestBody: requestBodyOf(route, route.body) }),
      responses,
    };
  }
  return {
    openapi: "3.1.0",
    info: {
      title: "SciBridge API",
      version,
      description:
        "Knowledge collaboration and expert matching. Cookie-authenticated writes need the X-CSRF-Token header (GET /api/me returns it); bearer tokens need none.",
    },
    components: {
      securitySchemes: {
        session: { type: "apiKey", in: "cookie", name: "sb_session" },
        bearer: { type: "http", scheme: "bearer" },
      },
    },
    paths,
  };
}
