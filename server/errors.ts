import { ZodError } from "zod";

/**
 * The one error model: domain code throws AppError subclasses with a stable code;
 * the HTTP error handler and socket acks translate them, nothing else does.
 */
export type ErrorCode =
  | "validation_failed"
  | "invalid_json"
  | "unauthenticated"
  | "invalid_credentials"
  | "csrf_failed"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "payload_too_large"
  | "unsupported_media_type"
  | "rate_limited"
  | "search_unavailable"
  | "matching_unavailable"
  | "internal";

export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: unknown) {
    super("validation_failed", message, details);
  }
}

export class UnauthenticatedError extends AppError {
  constructor(message = "Sign in to continue") {
    super("unauthenticated", message);
  }
}

export class InvalidCredentialsError extends AppError {
  constructor() {
    super("invalid_credentials", "Email or password is incorrect");
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You are not allowed to do this", details?: unknown) {
    super("forbidden", message, details);
  }
}

export class CsrfError extends AppError {
  constructor(message = "Missing or invalid CSRF token; reload the page and try again") {
    super("csrf_failed", message);
  }
}

export class NotFoundError extends AppError {
  constructor(resource: string, id?: string | number) {
    super("not_found", id === undefined ? `${resource} not found` : `${resource} ${id} not found`);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: unknown) {
    super("conflict", message, details);
  }
}

/** The matching model is not built yet (or its build failed): try again shortly. */
export class MatchingUnavailableError extends AppError {
  constructor(message: string, details?: unknown) {
    super("matching_unavailable", message, details);
  }
}

/** Too many attempts; `retryAfterSeconds` says when one more may succeed. */
export class RateLimitedError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super("rate_limited", message, { retryAfterSeconds });
  }
}

export const httpStatusByCode: Record<ErrorCode, number> = {
  validation_failed: 400,
  invalid_json: 400,
  unauthenticated: 401,
  invalid_credentials: 401,
  csrf_failed: 403,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  rate_limited: 429,
  search_unavailable: 503,
  matching_unavailable: 503,
  internal: 500,
};

// ---- error → answer mapping (HTTP responses and socket acks share it)
export interface ErrorBody {
  code: ErrorCode;
  message: string;
  details?: unknown;
}

/** Errors raised below the domain (body parser, uploads, database constraints) in the one model. */
function knownErrorBodyOf(error: unknown): ErrorBody | null {
  if (error instanceof AppError) return { code: error.code, message: error.message, details: error.details };
  if (error instanceof ZodError) {
    const issues = error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message }));
    return { code: "validation_failed", message: "Invalid input", details: { issues } };
  }
  const e = error as { type?: string; code?: string; status?: number; name?: string; meta?: unknown };
  if (e.type === "entity.parse.failed") return { code: "invalid_json", message: "The request body is not valid JSON" };
  if (e.type === "entity.too.large") return { code: "payload_too_large", message: "The request body is too large" };
  if (e.type === "encoding.unsupported" || e.type === "charset.unsupported") {
    return { code: "unsupported_media_type", message: "Unsupported request encoding" };
  }
  if (e.name === "MulterError") {
    return e.code === "LIMIT_FILE_SIZE"
      ? { code: "payload_too_large", message: "The uploaded file is too large" }
      : { code: "validation_failed", message: `Invalid upload: ${String((error as Error).message)}` };
  }
  if (e.code === "P2002") return { code: "conflict", message: "A record with the same unique value already exists" };
  if (e.code === "P2025") return { code: "not_found", message: "The record no longer exists" };
  if (e.code === "P2003") return { code: "conflict", message: "The record is referenced by or refers to missing data" };
  if (typeof e.status === "number" && e.status >= 400 && e.status < 500) {
    return { code: "validation_failed", message: (error as Error).message || "Bad request" };
  }
  return null;
}

/** The status and body for any error: known ones by their code, anything else as `internal`. */
export function errorBodyOf(error: unknown): { status: number; body: ErrorBody } {
  const known = knownErrorBodyOf(error);
  if (known) return { status: httpStatusByCode[known.code], body: known };
  return { status: 500, body: { code: "internal", message: "Something went wrong on our side" } };
}
