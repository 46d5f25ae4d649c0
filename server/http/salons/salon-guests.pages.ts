import type { Request, Response, Router } from "express";
import QRCode from "qrcode";
import { AppError, type ErrorCode } from "../../errors.js";
import { guestNameCharacters, type SalonGuestsService } from "../../salons/salon-guests.service.js";
import type { SalonsService } from "../../salons/salons.service.js";
import { abuseLimits } from "../../shared/abuse.limits.js";
import type { RateLimiter } from "../../shared/rate-limiter.js";
import { guestCookieName } from "../../shared/session-cookie.js";
import { translate } from "../i18n/translate.js";
import { formText, pageId } from "../platform/forms.js";
import { guestJoinHref } from "./salons.view-models.js";

/** What the guest pages use. */
export interface SalonGuestPagesDeps {
  salons: SalonsService;
  salonGuests: SalonGuestsService;
  /** Per-address limits (null when ABUSE_LIMITS=off); guests draw on their own key. */
  registrations: RateLimiter | null;
  secureCookies: boolean;
}

/** How long a guest's cookie lasts: a salon is an afternoon, not a fortnight. */
const guestCookieMaxAgeMs = 24 * 60 * 60 * 1000;

/** The status of a code /join refuses: a malformed one, a salon that ended or is not public, none. */
const joinRefusalStatus: Partial<Record<ErrorCode, number>> = {
  validation_failed: 400,
  conflict: 409,
  forbidden: 403,
  unauthenticated: 403,
};

const minutesHref = (salonId: number) => `/salons/${salonId}/minutes`;

/** The message a refusal shows on the page, in the page's language. */
function refusalMessage(res: Response, error: unknown): string | null {
  if (!(error instanceof AppError)) return null;
  const lang = res.locals.lang;
  if (error.code === "not_found") return translate(lang, "salonGuest.error.unknownCode");
  if (error.code === "validation_failed") return translate(lang, "salonGuest.error.badCode");
  if (error.code === "forbidden" || error.code === "unauthenticated")
    return translate(lang, "salonGuest.error.private");
  if (error.code === "conflict") return translate(lang, "salonGuest.error.closed");
  if (error.code === "rate_limited") return translate(lang, "salonGuest.error.rateLimited");
  return null;
}

/**
 * Joining a public salon without an account: `/join` takes the code (typed, or from the QR
 * code's link), the guest page takes a display name and sets the salon's guest cookie, and
 * the live room then treats the visitor as that guest. Each salon's QR code is an SVG the
 * app draws itself.
 */
export function registerSalonGuestPages(router: Router, deps: SalonGuestPagesDeps): void {
  const { salons, salonGuests } = deps;

  router.get("/join", async (req: Request, res: Response) => {
    const code = typeof req.query.code === "string" ? req.query.code : "";
    if (code) {
      try {
        const salonId = await salonGuests.salonForCode(code);
        return res.redirect(303, guestJoinHref(salonId));
      } catch (error) {
        const message = refusalMessage(res, error);
        if (!message) throw error;
        const ended = (error as AppError).code === "conflict" ? (error as AppError).details : undefined;
        const salonId = (ended as { salonId?: number } | undefined)?.salonId;
        res.status(joinRefusalStatus[(error as AppError).code] ?? 404);
        return res.render("pages/salons/join", {
          title: translate(res.locals.lang, "salonGuest.join.title"),
          code,
          error: message,
          minutesHref: salonId === undefined ? null : minutesHref(salonId),
        });
      }
    }
    res.render("pages/salons/join", { title: translate(res.locals.lang, "salonGuest.join.title"), code: "" });
  });

  const renderNameForm = async (
    req: Request,
    res: Response,
    status = 200,
    fields: { name?: string; error?: string } = {},
  ) => {
    const salonId = pageId(req);
    // The salon's page as an anonymous visitor would see it: refuses what is not public.
    const detail = await salons.get(null, salonId);
    // An ended salon takes no more guests: say so before a name is typed, and offer its minutes.
    const ended = detail.salon.status === "closed";
    res.status(status).render("pages/salons/guest", {
      title: translate(res.locals.lang, "salonGuest.name.title"),
      salonTitle: detail.salon.title,
      action: guestJoinHref(salonId),
      roomHref: `/salons/${salonId}/live`,
      name: fields.name ?? "",
      error: fields.error ?? (ended ? translate(res.locals.lang, "salonGuest.error.closed") : null),
      minutesHref: ended ? minutesHref(salonId) : null,
      maxLength: guestNameCharacters,
    });
  };

  router.get("/salons/:id/guest", async (req, res) => {
    if (res.locals.auth.user) return res.redirect(303, `/salons/${pageId(req)}/live`);
    await renderNameForm(req, res);
  });

  router.post("/salons/:id/guest", async (req, res) => {
    const salonId = pageId(req);
    if (res.locals.auth.user) return res.redirect(303, `/salons/${salonId}/live`);
    const name = formText(req.body, "name");
    try {
      deps.registrations?.consume(`salon-guest:${req.ip ?? ""}`, abuseLimits.salonGuests);
      const { credential } = await salonGuests.admit(salonId, name, req.ip ?? "");
      res.cookie(guestCookieName(salonId), credential, {
        httpOnly: true,
        sameSite: "lax",
        secure: deps.secureCookies,
        path: "/",
        maxAge: guestCookieMaxAgeMs,
      });
      res.redirect(303, `/salons/${salonId}/live`);
    } catch (error) {
      const code = error instanceof AppError ? error.code : null;
      const status = code === "validation_failed" ? 400 : code === "rate_limited" ? 429 : code === "conflict" ? 409 : 0;
      if (!status) throw error; // a salon guests may not enter: the error page says why
      const lang = res.locals.lang;
      const message =
        status !== 400
          ? refusalMessage(res, error)!
          : name.trim()
            ? translate(lang, "salonGuest.error.nameTooLong", { max: guestNameCharacters })
            : translate(lang, "salonGuest.error.nameMissing");
      await renderNameForm(req, res, status, { name, error: message });
    }
  });

  router.get("/salons/:id/join-code.svg", async (req, res) => {
    const salonId = pageId(req);
    await salons.get(null, salonId); // public salons only
    const code = await salonGuests.joinCodeFor(salonId);
    const url = `${req.protocol}://${req.get("host") ?? "localhost"}/join?code=${code}`;
    const svg = await QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 2 });
    res.type("image/svg+xml").set("Cache-Control", "public, max-age=3600").send(svg);
  });
}
