import { Router, type Request, type RequestHandler, type Response } from "express";
import type { z } from "zod";
import type { Actor, Role } from "../../accounts/accounts.types.js";
import { ForbiddenError, UnauthenticatedError, ValidationError } from "../../errors.js";

type Method = "get" | "post" | "put" | "patch" | "delete";

/** One API operation: how it is validated, who may call it, and how it is documented. */
export interface RouteDefinition<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> {
  method: Method;
  /** Express-style path, e.g. `/api/needs/:id`. */
  path: string;
  summary: string;
  tag: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Documents the success body (presenters are type-checked against it). */
  response?: z.ZodType;
  status?: number;
  /** Other media types the success answer may come in (e.g. `text/markdown`), each with its schema. */
  media?: Record<string, z.ZodType>;
  /** The server limits attempts: too many are answered 429 with `retryAfterSeconds`. */
  rateLimited?: boolean;
  /**
   * The body is multipart/form-data: `parse` (e.g. multer) runs once the caller is known to be
   * allowed, so nobody else's upload is ever read; `body` then validates the text fields and the
   * handler finds the file on `req.file`.
   */
  multipart?: { parse: RequestHandler; fileField: string };
  /** Roles allowed; signed-in routes without roles accept every role. */
  roles?: readonly Role[];
  signedIn: boolean;
}

type Infer<T> = T extends z.ZodType ? z.output<T> : undefined;

interface Context<P, Q, B, A> {
  params: Infer<P>;
  query: Infer<Q>;
  body: Infer<B>;
  actor: A;
  req: Request;
  res: Response;
}

export type Handler<P, Q, B, A> = (ctx: Context<P, Q, B, A>) => Promise<unknown> | unknown;

/**
 * An operation declared apart from its handler, in a feature's table of operations that
 * `ApiRoutes.operations` wires to the handlers of the same names. It needs a sign-in unless it
 * says `signedIn: false`.
 */
export type RouteSpec = Omit<RouteDefinition, "signedIn"> & { signedIn?: boolean };

type SchemaOf<S, K extends "params" | "query" | "body"> = S extends { [key in K]: infer T } ? T : z.ZodType;

/**
 * What the handler of the operation `S` receives: its parsed params, query and body, and the
 * actor (`Actor | null` when `S` is public). A part `S` does not declare is `unknown`.
 */
export type RouteContext<S extends RouteSpec> = Context<
  SchemaOf<S, "params">,
  SchemaOf<S, "query">,
  SchemaOf<S, "body">,
  S extends { signedIn: false } ? Actor | null : Actor
>;

/** One handler for each operation of a table, under the operation's name. */
export type OperationHandlers<O extends Record<string, RouteSpec>> = {
  [K in keyof O]: (ctx: RouteContext<O[K]>) => Promise<unknown> | unknown;
};

type AnyHandler = Handler<z.ZodType, z.ZodType, z.ZodType, Actor | null>;

function parsePart<T extends z.ZodType>(schema: T | undefined, value: unknown, where: string): unknown {
  if (!schema) return undefined;
  const result = schema.safeParse(value ?? {});
  if (!result.success) {
    throw new ValidationError(`Invalid ${where}`, {
      in: where,
      issues: result.error.issues.map((issue) => ({ path: issue.path.join("."), message: issue.message })),
    });
  }
  return result.data;
}

function runMiddleware(middleware: RequestHandler, req: Request, res: Response): Promise<void> {
  return new Promise((resolve, reject) => {
    void middleware(req, res, (error?: unknown) => (error ? reject(error as Error) : resolve()));
  });
}

/**
 * Registers API routes on an Express router: parses params, query and body with their zod
 * schemas, checks who may call, answers JSON, and records each route for the OpenAPI document.
 */
export class ApiRoutes {
  readonly router = Router();
  readonly definitions: RouteDefinition[] = [];

  public<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined>(
    definition: Omit<RouteDefinition, "params" | "query" | "body" | "signedIn" | "roles"> & {
      params?: P;
      query?: Q;
      body?: B;
    },
    handler: Handler<P, Q, B, Actor | null>,
  ): void {
    this.add({ ...definition, signedIn: false } as RouteDefinition, handler as AnyHandler);
  }

  signedIn<P extends z.ZodType | undefined, Q extends z.ZodType | undefined, B extends z.ZodType | undefined>(
    definition: Omit<RouteDefinition, "params" | "query" | "body" | "signedIn"> & { params?: P; query?: Q; body?: B },
    handler: Handler<P, Q, B, Actor>,
  ): void {
    this.add({ ...definition, signedIn: true } as RouteDefinition, handler as AnyHandler);
  }

  /**
   * Registers every operation of a table with the handler of the same name, in the table's
   * order (which is also the order Express tries them in and the OpenAPI document lists them).
   */
  operations<O extends Record<string, RouteSpec>>(table: O, handlers: OperationHandlers<O>): void {
    for (const [name, spec] of Object.entries(table)) {
      this.add({ ...spec, signedIn: spec.signedIn ?? true }, handlers[name] as AnyHandler);
    }
  }

  private add(definition: RouteDefinition, handler: AnyHandler): void {
    this.definitions.push(definition);
    this.router[definition.method](definition.path, async (req, res) => {
      const actor = res.locals.auth.actor;
      if (definition.signedIn && !actor) throw new UnauthenticatedError();
      if (definition.roles && actor && !definition.roles.includes(actor.role)) {
        throw new ForbiddenError(`This action needs one of the roles: ${definition.roles.join(", ")}`);
      }
      if (definition.multipart) await runMiddleware(definition.multipart.parse, req, res);
      const params = parsePart(definition.params, req.params, "path parameters");
      const query = parsePart(definition.query, req.query, "query");
      const body = parsePart(definition.body, req.body, "body");
      const result = await handler({ params, query, body, actor, req, res });
      if (res.headersSent) return;
      if (result === undefined) res.status(204).end();
      else res.status(definition.status ?? 200).json(result);
    });
  }
}
