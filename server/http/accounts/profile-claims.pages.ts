import type { Response, Router } from "express";
import type { ClaimTokenState } from "../../accounts/profile-claims.service.js";
import { AppError } from "../../errors.js";
import { translate, type MessageKey } from "../i18n/translate.js";
import { formText, parseForm, type FieldErrors } from "../platform/forms.js";
import { startFreshSession } from "../platform/session.js";
import { claimForm } from "./accounts.forms.js";
import type { AccountsRouteDeps } from "./accounts.routes.js";

const stateMessages: Record<Exclude<ClaimTokenState, "valid">, MessageKey> = {
  expired: "claim.expired",
  used: "claim.used",
  unknown: "claim.unknown",
};

/**
 * `/claim?token=…`, the page a claim link opens: the expert chooses a password and is
 * signed in to the profile that was imported for them, landing in their inbox.
 */
export function registerProfileClaimPages(router: Router, deps: AccountsRouteDeps): void {
  /** `errors` go under their fields (password, passwordAgain), the way the other account forms show them. */
  const render = async (res: Response, token: string, errors: FieldErrors = {}, status = 200) => {
    const { state, expertName, email } = await deps.claims.inspect(token);
    res.status(state === "valid" ? status : 410).render("pages/account/claim", {
      title: translate(res.locals.lang, "claim.title"),
      valid: state === "valid",
      problem: state === "valid" ? null : translate(res.locals.lang, stateMessages[state]),
      token,
      expertName,
      email,
      errors,
      hasErrors: Object.keys(errors).length > 0,
    });
  };

  router.get("/claim", async (req, res) => {
    // The token stays out of other sites' Referer (Referrer-Policy: same-origin) and out of caches.
    res.setHeader("Cache-Control", "no-store");
    await render(res, typeof req.query.token === "string" ? req.query.token.slice(0, 200) : "");
  });

  router.post("/claim", async (req, res) => {
    const lang = res.locals.lang;
    const token = formText(req.body, "token").slice(0, 200);
    const form = parseForm(claimForm, req.body, lang);
    if (!form.ok) {
      // The only rule on passwordAgain is that it repeats the password; say so in words.
      const { password, passwordAgain } = form.errors;
      const errors: FieldErrors = password
        ? { password }
        : { ...(passwordAgain !== undefined && { passwordAgain: translate(lang, "claim.passwordMismatch") }) };
      return render(res, token, errors, 400);
    }
    try {
      // The account's emails will be written in the language the expert claimed the profile in.
      const user = await deps.claims.claim(form.data.token, form.data.password, lang);
      await startFreshSession(deps, res, user);
      res.locals.setFlash("flash.profileClaimed");
      res.redirect(303, "/inbox");
    } catch (error) {
      if (error instanceof AppError && ["conflict", "validation_failed", "not_found"].includes(error.code)) {
        return render(res, token, {}, 410);
      }
      throw error;
    }
  });
}
