import { Router, type ErrorRequestHandler, type Request, type RequestHandler, type Response } from "express";
import { CsrfError } from "../../errors.js";

/** Renders a page form again from what was submitted (`req.body`), for the same signed-in user, with this status. */
export type ShowFormAgain = (req: Request, res: Response, status: number) => Promise<void>;

/**
 * A form posted with a CSRF token the session no longer accepts (most often: the person signed
 * out and in again in another tab, so the page carried the old session's token) is refused,
 * and nothing is written. The refusal used to be an error page, and everything typed was lost.
 * A form registered here is shown again instead: filled with what was submitted, with a notice
 * of why it was not saved (the layout shows `keptInputNotice`) and the session's current token,
 * so one more click saves it. The answer stays 403: the post was refused.
 *
 * Only the submitted body is shown, to the signed-in user who sent it, through the form's own
 * view, which never fills password fields, and whose `_csrf` field comes from the session.
 *
 * The check runs before any router, so the refusal reaches only app-level error handlers:
 * `handler` is one (mounted after the pages), and it dispatches the refused request through a
 * router of the registered forms, which matches paths and params as the pages do; a request no
 * form matches goes on to the error page.
 */
export class KeptInputForms {
  private readonly forms = Router();

  /** `prepare` sets up what every page needs (the site chrome), which the refused request skipped. */
  constructor(prepare: RequestHandler) {
    this.forms.use(prepare);
  }

  /** The form posted to `path` (Express syntax) is shown again by `showAgain` when its CSRF check refuses it. */
  add(path: string, showAgain: ShowFormAgain): void {
    this.forms.post(path, (req, res, next) => {
      res.locals.keptInputNotice = "form.kept.csrf";
      showAgain(req, res, 403).catch(next);
    });
  }

  readonly handler: ErrorRequestHandler = (error, req, res, next) => {
    if (!(error instanceof CsrfError) || !res.locals.auth.user) return next(error);
    this.forms(req, res, (failure?: unknown) => next(failure ?? error));
  };
}
