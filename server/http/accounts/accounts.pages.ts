import type { Response, Router } from "express";
import type { User } from "../../accounts/accounts.types.js";
import { ClaimOfferedError } from "../../accounts/profile-claims.service.js";
import { AppError, ConflictError, InvalidCredentialsError, RateLimitedError } from "../../errors.js";
import { translate, type MessageKey } from "../i18n/translate.js";
import { clearSessionCookie } from "../platform/cookies.js";
import { formText, parseForm, safeNextPath, type FieldErrors } from "../platform/forms.js";
import type { KeptForm, KeptInputForms } from "../platform/kept-input.js";
import { checkCredentials, startFreshSession } from "../platform/session.js";
import { loginForm, registerForm } from "./accounts.forms.js";
import { registerAccount } from "./accounts.registration.js";
import type { AccountsRouteDeps } from "./accounts.routes.js";

function whereToAfterRegistering(user: User): string {
  if (user.role === "expert" && user.expertId !== null) return `/experts/${user.expertId}/edit`;
  if (user.role === "enterprise") return "/needs/new";
  return "/";
}

interface LoginView {
  email: string;
  next: string;
  error: string | null;
  /** A form post that reached us signed out, carried through this page (kept-input.ts). */
  kept?: KeptForm | null;
}

/** The kept post a sign-in form carries, if any; its action must be a path of ours. */
function keptFormOf(body: unknown): KeptForm | null {
  const action = safeNextPath(formText(body, "keptAction"));
  return action ? { action, body: formText(body, "keptBody") } : null;
}

interface RegisterView {
  name: string;
  email: string;
  organizationName: string;
  roleEnterprise: boolean;
  roleExpert: boolean;
}

export function registerAccountPages(router: Router, deps: AccountsRouteDeps, keptInput: KeptInputForms): void {
  const renderLogin = (res: Response, values: LoginView, status = 200) => {
    res.status(status).render("pages/account/login", {
      title: translate(res.locals.lang, "login.title"),
      values,
      hasError: values.error !== null,
    });
  };
  keptInput.signInWith((_req, res, kept) => renderLogin(res, { email: "", next: "", error: null, kept }, 401));

  const renderRegister = (
    res: Response,
    values: RegisterView,
    errors: FieldErrors = {},
    status = 200,
    formError: string | null = null,
    notice: string | null = null,
  ) => {
    res.status(status).render("pages/account/register", {
      title: translate(res.locals.lang, "register.title"),
      values,
      errors,
      hasErrors: Object.keys(errors).length > 0,
      formError,
      notice,
    });
  };

  router.get("/login", (req, res) => {
    const next = safeNextPath(req.query.next) ?? "";
    if (res.locals.auth.user) return res.redirect(303, next || "/");
    renderLogin(res, { email: "", next, error: null });
  });

  router.post("/login", async (req, res) => {
    const lang = res.locals.lang;
    const next = safeNextPath(formText(req.body, "next")) ?? "";
    const kept = keptFormOf(req.body);
    const form = parseForm(loginForm, req.body, lang);
    const email = formText(req.body, "email");
    const again = (error: MessageKey, status: number) =>
      renderLogin(res, { email, next, kept, error: translate(lang, error) }, status);
    if (!form.ok) return again("login.error.missing", 400);
    let user: User;
    try {
      user = await checkCredentials(deps, req, form.data.email, form.data.password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) return again("login.error.credentials", 401);
      if (error instanceof AppError && error.code === "rate_limited") return again("login.error.throttled", 429);
      throw error;
    }
    res.locals.auth = await startFreshSession(deps, res, user);
    if (!kept) return res.redirect(303, next || "/");
    await keptInput.showAfterSignIn(req, res, kept, () => res.redirect(303, next || "/"));
  });

  router.get("/register", (req, res) => {
    if (res.locals.auth.user) return res.redirect(303, "/");
    const role = req.query.role === "expert" ? "expert" : "enterprise";
    renderRegister(res, {
      name: "",
      email: "",
      organizationName: "",
      roleEnterprise: role === "enterprise",
      roleExpert: role === "expert",
    });
  });

  router.post("/register", async (req, res) => {
    const lang = res.locals.lang;
    const role = formText(req.body, "role");
    const values: RegisterView = {
      name: formText(req.body, "name"),
      email: formText(req.body, "email"),
      organizationName: formText(req.body, "organizationName"),
      roleEnterprise: role === "enterprise",
      roleExpert: role === "expert",
    };
    const form = parseForm(registerForm, req.body, lang);
    if (!form.ok) return renderRegister(res, values, form.errors, 400);
    try {
      const user = await registerAccount(deps, req, { ...form.data, language: lang });
      await startFreshSession(deps, res, user);
      res.redirect(303, whereToAfterRegistering(user));
    } catch (error) {
      if (error instanceof ClaimOfferedError) {
        return renderRegister(res, values, {}, 409, null, translate(lang, "register.claimOffered"));
      }
      if (error instanceof ConflictError) {
        return renderRegister(res, values, { email: translate(lang, "register.error.emailTaken") }, 409);
      }
      if (error instanceof RateLimitedError) {
        return renderRegister(res, values, {}, 429, translate(lang, "register.error.throttled"));
      }
      throw error;
    }
  });

  router.post("/logout", async (_req, res) => {
    const { sessionId } = res.locals.auth;
    if (sessionId) await deps.accounts.endSession(sessionId);
    clearSessionCookie(res, deps.secureCookies);
    res.redirect(303, "/");
  });
}
