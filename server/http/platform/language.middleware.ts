import type { NextFunction, Request, Response } from "express";
import { readCookie } from "./cookies.js";
import { languages, type Lang } from "../i18n/translate.js";

export const languageCookieName = "sb_lang";
const oneYearMs = 365 * 24 * 60 * 60 * 1000;

export interface LanguageLink {
  lang: Lang;
  href: string;
  current: boolean;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** Links to the current page in each language, for the language switch. */
      languageLinks: LanguageLink[];
    }
  }
}

function asLang(value: unknown): Lang | null {
  return typeof value === "string" && (languages as readonly string[]).includes(value) ? (value as Lang) : null;
}

function fromAcceptLanguage(req: Request): Lang | null {
  if (!req.headers["accept-language"]) return null;
  const best = req.acceptsLanguages("zh-CN", "zh", "en");
  if (best === "zh-CN" || best === "zh") return "zh-CN";
  return best === "en" ? "en" : null;
}

/** The current path and query with `lang` set to one language (a relative, same-site link). */
function linkFor(req: Request, lang: Lang): string {
  const url = new URL(req.originalUrl, "http://localhost");
  url.searchParams.set("lang", lang);
  return `${url.pathname}${url.search}`;
}

/**
 * Chooses the page language: `?lang=` (remembered in a cookie), then that cookie, then
 * Accept-Language, else Simplified Chinese.
 */
export function language(req: Request, res: Response, next: NextFunction): void {
  const requested = asLang(req.query.lang);
  if (requested) {
    res.cookie(languageCookieName, requested, { httpOnly: true, sameSite: "lax", path: "/", maxAge: oneYearMs });
  }
  res.locals.lang = requested ?? asLang(readCookie(req, languageCookieName)) ?? fromAcceptLanguage(req) ?? "zh-CN";
  res.vary("Accept-Language");
  res.locals.languageLinks = languages.map((lang) => ({
    lang,
    href: linkFor(req, lang),
    current: lang === res.locals.lang,
  }));
  next();
}
