import type { Response, Router } from "express";
import { isStaff } from "../../accounts/accounts.types.js";
import { ForbiddenError, ValidationError } from "../../errors.js";
import type { EmailOutboxRepository } from "../../notifications/email-outbox.repository.js";
import type { EmailSettingsService } from "../../notifications/email-settings.service.js";
import type { EmailDeliveryWorker } from "../../notifications/email-delivery-worker.js";
import { toEmailPreference } from "../../notifications/email.types.js";
import { translate } from "../i18n/translate.js";
import { formText, parseForm, type FieldErrors } from "../platform/forms.js";
import { signedInActor } from "../platform/session.js";
import { emailSettingsForm, outboxQuery } from "./email.forms.js";
import { preferenceOptions, presentOutboxRow } from "./email.view-models.js";

const outboxPageSize = 200;

/** What the email pages use (nothing more of the container). */
export interface EmailPagesDeps {
  emailSettings: EmailSettingsService;
  emailOutbox: EmailOutboxRepository;
  emailWorker: EmailDeliveryWorker;
}

/**
 * The account's email settings, the unsubscribe link's page (no sign-in needed: the link is
 * signed) and the organizers' outbox, where emails wait with their links when SMTP is not set.
 */
export function registerEmailPages(router: Router, deps: EmailPagesDeps): void {
  /** The settings form: the stored choices, or the ones just posted where they were valid. */
  const renderSettings = async (
    res: Response,
    userId: number,
    options: { posted?: Record<string, unknown>; errors?: FieldErrors; saved?: boolean; status?: number } = {},
  ) => {
    const settings = (await deps.emailSettings.get(userId))!;
    const errors = options.errors ?? {};
    const kept = (field: "preference" | "language") =>
      !errors[field] && typeof options.posted?.[field] === "string" ? (options.posted[field] as string) : null;
    const preference = toEmailPreference(kept("preference") ?? settings.preference);
    const language = kept("language") ?? settings.language;
    const lang = res.locals.lang;
    res.status(options.status ?? 200).render("pages/account/email-settings", {
      title: translate(lang, "emailSettings.title"),
      address: settings.address,
      preferences: preferenceOptions(lang, preference),
      languages: [
        { value: "zh-CN", label: "简体中文", selected: language === "zh-CN" },
        { value: "en", label: "English", selected: language === "en" },
      ],
      errors,
      hasErrors: Object.keys(errors).length > 0,
      saved: options.saved ?? false,
    });
  };

  router.get("/account/email", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    await renderSettings(res, actor.userId, { saved: req.query.saved === "1" });
  });

  router.post("/account/email", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    const form = parseForm(emailSettingsForm, req.body, res.locals.lang);
    // A choice the form does not offer (an old page, a script): say so instead of silently keeping the old one.
    if (!form.ok) return renderSettings(res, actor.userId, { posted: req.body, errors: form.errors, status: 400 });
    await deps.emailSettings.update(actor.userId, form.data);
    res.redirect(303, "/account/email?saved=1");
  });

  /**
   * The unsubscribe page. A link that does not verify (cut short by a mail client, altered) is
   * answered 400 with what to do instead, not the bare error page's "try again later".
   */
  const renderUnsubscribe = (res: Response, token: string, address: string | null, done: boolean) => {
    res.setHeader("Cache-Control", "no-store");
    res.status(address === null ? 400 : 200).render("pages/account/unsubscribe", {
      title: translate(res.locals.lang, "unsubscribe.title"),
      token,
      address,
      invalid: address === null,
      done,
    });
  };
  const verifiedAddress = (token: string): string | null => {
    try {
      return deps.emailSettings.addressOf(token);
    } catch (error) {
      if (error instanceof ValidationError) return null;
      throw error;
    }
  };

  router.get("/unsubscribe", (req, res) => {
    const token = typeof req.query.token === "string" ? req.query.token.slice(0, 1000) : "";
    renderUnsubscribe(res, token, verifiedAddress(token), false);
  });

  // The form's button, and mail clients' one-click unsubscribe (RFC 8058: a POST to the link itself).
  router.post("/unsubscribe", async (req, res) => {
    const token = (formText(req.body, "token") || (typeof req.query.token === "string" ? req.query.token : "")).slice(
      0,
      1000,
    );
    if (verifiedAddress(token) === null) return renderUnsubscribe(res, token, null, false);
    renderUnsubscribe(res, token, await deps.emailSettings.unsubscribe(token), true);
  });

  router.get("/organizer/outbox", async (req, res) => {
    const actor = signedInActor(req, res);
    if (!actor) return;
    if (!isStaff(actor)) throw new ForbiddenError("Only organizers see the email outbox");
    const lang = res.locals.lang;
    const { status } = outboxQuery.parse(req.query);
    const [emails, counts] = await Promise.all([
      deps.emailOutbox.recent(outboxPageSize, status),
      deps.emailOutbox.countByStatus(),
    ]);
    res.render("pages/organizer/outbox", {
      title: translate(lang, "outbox.title"),
      delivering: deps.emailWorker.delivering,
      counts: (["pending", "digest", "sent", "failed", "bundled"] as const).map((value) => ({
        value,
        label: translate(lang, `outbox.status.${value}`),
        count: counts[value] ?? 0,
        current: value === status,
      })),
      emails: emails.map((email) => presentOutboxRow(lang, email)),
    });
  });
}
