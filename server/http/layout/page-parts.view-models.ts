import type { Page } from "../../knowledge/knowledge.types.js";
import { translate, type Lang } from "../i18n/translate.js";

/** View-model parts every page uses: dates, excerpts, pagination, select options. */

const dateFormats: Record<Lang, Intl.DateTimeFormat> = {
  "zh-CN": new Intl.DateTimeFormat("zh-CN", {
    year: "numeric",
    month: "long",
    day: "numeric",
    timeZone: "Asia/Shanghai",
  }),
  en: new Intl.DateTimeFormat("en-GB", { year: "numeric", month: "short", day: "numeric", timeZone: "Asia/Shanghai" }),
};

/** `2025年3月8日` in Chinese, `8 Mar 2025` in English (dates as seen in China). */
export function formatDate(lang: Lang, date: Date): string {
  return dateFormats[lang].format(date);
}

const dateTimeFormats: Record<Lang, Intl.DateTimeFormat> = {
  "zh-CN": new Intl.DateTimeFormat("zh-CN", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" }),
  en: new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "Asia/Shanghai" }),
};

const clockFormat = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", timeZone: "Asia/Shanghai" });

/** `09:05`: the time of day in Beijing, whatever the server's own time zone. */
export function formatClock(date: Date): string {
  return clockFormat.format(date);
}

/** `2025年3月8日 14:05` / `8 Mar 2025, 14:05` (times as seen in China). */
export function formatDateTime(lang: Lang, date: Date): string {
  return dateTimeFormats[lang].format(date);
}

/** The first `length` characters (not UTF-16 units) with an ellipsis when cut. */
export function excerpt(text: string, length: number): string {
  const characters = Array.from(text.replace(/\s+/g, " ").trim());
  return characters.length > length ? `${characters.slice(0, length).join("")}…` : characters.join("");
}

// ---- pagination
export interface PaginationModel {
  summary: string;
  prev: string | null;
  next: string | null;
  pages: { number: number; href: string; current: boolean; gap: boolean }[];
  /** A page past the last one (an old link, a list that got shorter): what to say instead of "nothing found". */
  beyondLast: { title: string; hint: string; href: string; label: string } | null;
}

/** Links to the first and the last page and the current one's neighbours, with gaps between. */
export function pageLinks(
  current: number,
  pageCount: number,
  hrefOf: (page: number) => string,
): PaginationModel["pages"] {
  const wanted = new Set([1, pageCount, current - 1, current, current + 1].filter((n) => n >= 1 && n <= pageCount));
  const pages: PaginationModel["pages"] = [];
  let last = 0;
  for (const n of [...wanted].sort((a, b) => a - b)) {
    if (n - last > 1) pages.push({ number: 0, href: "", current: false, gap: true });
    pages.push({ number: n, href: hrefOf(n), current: n === current, gap: false });
    last = n;
  }
  return pages;
}

/** When `current` is past the last page of a non-empty list: that it is, and the way to the last page. */
export function beyondLastPage(
  lang: Lang,
  page: { current: number; pageCount: number; total: number },
  hrefOf: (page: number) => string,
): PaginationModel["beyondLast"] {
  if (page.total === 0 || page.current <= page.pageCount) return null;
  return {
    title: translate(lang, "pagination.beyond.title", { page: page.current }),
    hint: translate(lang, "pagination.beyond.hint", { count: page.pageCount }),
    href: hrefOf(page.pageCount),
    label: translate(lang, "pagination.beyond.toLast"),
  };
}

/** Page links that keep the list's filters; a window around the current page plus first and last. */
export function presentPagination(
  lang: Lang,
  basePath: string,
  filters: Record<string, string | number | boolean | undefined>,
  page: Page<unknown>,
): PaginationModel | null {
  const pageCount = Math.max(1, Math.ceil(page.total / page.pageSize));
  const hrefOf = (n: number) => {
    const params = new URLSearchParams();
    for (const [key, value] of Object.entries(filters)) {
      if (value === undefined || value === "" || value === false) continue;
      params.set(key, value === true ? "1" : String(value));
    }
    if (n > 1) params.set("page", String(n));
    const query = params.toString();
    return query ? `${basePath}?${query}` : basePath;
  };
  const summary = translate(lang, "pagination.summary", { count: page.total, page: page.page, pages: pageCount });
  if (pageCount <= 1 && page.page <= 1) return { summary, prev: null, next: null, pages: [], beyondLast: null };
  return {
    summary,
    prev: page.page > 1 ? hrefOf(Math.min(page.page - 1, pageCount)) : null,
    next: page.page < pageCount ? hrefOf(page.page + 1) : null,
    pages: pageLinks(page.page, pageCount, hrefOf),
    beyondLast: beyondLastPage(lang, { current: page.page, pageCount, total: page.total }, hrefOf),
  };
}

export interface SelectOption {
  value: string;
  label: string;
  selected: boolean;
}
