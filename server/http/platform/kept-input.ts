import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from "express";
import { CsrfError } from "../../errors.js";
import { requestSource } from "./request-source.js";

/** Renders a page form again from what was submitted (`req.body`), for the same signed-in user, with this status. */
export type ShowFormAgain = (req: Request, res: Response, status: number) => Promise<void>;

/** A form post kept through the sign-in page: where it went and what it carried (urlencoded). */
export interface KeptForm {
  action: string;
  body: string;
}

/** Shows the sign-in page for a signed-out form post, carrying the post along (accounts.pages.ts). */
export type AskToSignIn = (req: Request, res: Response, kept: KeptForm) => void;

/**
 * Never carried through the sign-in page or shown again: secrets, the refused token, and a name
 * that would set the rebuilt body's prototype (body parsers drop it too).
 */
const notKept = (field: string) => field === "_csrf" || field === "__proto__" || /password/i.test(field);

/** A parsed urlencoded body (express.urlencoded, not extended: flat keys, repeated keys as lists) as text. */
export function keptBodyOf(body: unknown): string {
  const params = new URLSearchParams();
  for (const [field, value] of Object.entries((body ?? {}) as Record<string, unknown>)) {
    if (notKept(field)) continue;
    for (const item of Array.isArray(value) ? value : [value]) if (typeof item === "string") params.append(field, item);
  }
  return params.toString();
}

/** The kept text back in the shape express.urlencoded gives a handler. */
export function parseKeptBody(text: string): Record<string, string | string[]> {
  const body: Record<string, string | string[]> = {};
  for (const [field, value] of new URLSearchParams(text)) {
    if (notKept(field)) continue;
    // Own fields only: a field named like an Object method (toString) is still a new field.
    const before = Object.hasOwn(body, field) ? body[field] : undefined;
    body[field] = before === undefined ? value : Array.isArray(before) ? [...before, value] : [before, value];
  }
  return body;
}

/**
 * Forms that keep what was typed when the post cannot be saved for a reason that is not the
 * input's fault. Two reasons:
 *
 * - **The CSRF check refused it** (most often: the person signed out and in again in another
 *   tab, so the page carried the old session's token). Nothing is written; the answer stays 403,
 *   but instead of an error page it is the form again, filled with what was submitted, with a
 *   notice of why it was not saved (the layout shows `keptInputNotice`) and the session's
 *   current token, so one more click saves it. The check runs before any router, so the refusal
 *   reaches only app-level error handlers: `handler` is one (mounted after the pages), and it
 *   dispatches the refused request through a router of the registered forms, which matches paths
 *   and params as the pages do; a request no form matches goes on to the error page.
 * - **The session had expired** (the post arrives signed out). `signedOutPosts`, mounted before
 *   the pages, answers such a post to a registered form with the sign-in page (401), which
 *   carries the post along in hidden fields; signing in there shows the form again, filled, for
 *   review (`showAfterSignIn`). Nothing is stored on the server, and nothing is saved without
 *   the person's next click.
 *
 * Either way the form is shown through its own "show again" view, which never fills password
 * fields, and whose `_csrf` field comes from the session; password fields and the refused token
 * are never carried.
 */
export class KeptInputForms {
  private readonly forms = Router();
  readonly signedOutPosts = Router();
  private askToSignIn: AskToSignIn | null = null;

  /** `prepare` sets up what every page needs (the site chrome), which the refused request skipped. */
  constructor(prepare: RequestHandler) {
    this.forms.use(prepare);
  }

  /** The sign-in page that carries a signed-out post (registered by the account pages). */
  signInWith(askToSignIn: AskToSignIn): void {
    this.askToSignIn = askToSignIn;
  }

  /** The form posted to `path` (Express syntax) is shown again by `showAgain` when its post cannot be saved. */
  add(path: string, showAgain: ShowFormAgain): void {
    this.forms.post(path, (req, res, next) => {
      // The refused post stays refused (403); the form shown for review after signing in is an answer (200).
      showAgain(req, res, res.locals.keptInputNotice === "form.kept.session" ? 200 : 403).catch(next);
    });
    this.signedOutPosts.post(path, (req, res, next) => {
      if (res.locals.auth.user || !this.askToSignIn || requestSource(req) !== "ownPage") return next();
      this.askToSignIn(req, res, { action: req.originalUrl, body: keptBodyOf(req.body) });
    });
  }

  readonly handler: ErrorRequestHandler = (error, req, res, next) => {
    if (!(error instanceof CsrfError) || !res.locals.auth.user) return next(error);
    res.locals.keptInputNotice = "form.kept.csrf";
    this.forms(req, res, (failure?: unknown) => {
      res.locals.keptInputNotice = undefined;
      next(failure ?? error);
    });
  };

  /**
   * Right after signing in from the page a signed-out post led to: that form again, filled with
   * what was posted, for the now signed-in user (`res.locals.auth`). `otherwise` runs when the
   * kept action is no registered form (the caller redirects as after any sign-in).
   */
  showAfterSignIn(req: Request, res: Response, kept: KeptForm, otherwise: () => void): Promise<void> {
    return new Promise((resolve, reject) => {
      res.locals.keptInputNotice = "form.kept.session";
      req.method = "POST";
      req.url = kept.action;
      req.body = parseKeptBody(kept.body);
      this.forms(req, res, (failure?: unknown) => {
        if (failure) return reject(failure as Error);
        res.locals.keptInputNotice = undefined;
        otherwise();
        resolve();
      });
      // Answered (or the client went away): the sign-in handler is done.
      res.once("finish", () => resolve());
      res.once("close", () => resolve());
    });
  }
}
