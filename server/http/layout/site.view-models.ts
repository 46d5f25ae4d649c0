import { isStaff, type Role } from "../../accounts/accounts.types.js";
import { translate, type Lang, type MessageKey } from "../i18n/translate.js";
import type { RequestAuth } from "../platform/request-context.js";

/** The site chrome every page shares: sections, the signed-in user's menu, language links. */

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;
const translator =
  (lang: Lang): Translate =>
  (key, values) =>
    translate(lang, key, values);

// ---- layout
export type Section =
  | "home"
  | "needs"
  | "experts"
  | "technologies"
  | "salons"
  | "events"
  | "import"
  | "dashboard"
  | "account"
  | "inbox"
  | "emailSettings";

export interface SiteModel {
  section: Section | null;
  user: { name: string; roleLabel: string; homeHref: string | null; homeLabel: string } | null;
  csrfToken: string | null;
  showImport: boolean;
  /** Experts have an inbox of invitations and suggested needs. */
  showInbox: boolean;
}

declare global {
  // eslint-disable-next-line @typescript-eslint/no-namespace
  namespace Express {
    interface Locals {
      /** The header of every page: set for all requests that reach the pages router. */
      site?: SiteModel;
    }
  }
}

const sectionPrefixes: [string, Section][] = [
  ["/needs", "needs"],
  ["/experts", "experts"],
  ["/technologies", "technologies"],
  ["/salons", "salons"],
  ["/events", "events"],
  ["/organizer", "import"],
  ["/dashboard", "dashboard"],
  ["/inbox", "inbox"],
  ["/account/email", "emailSettings"],
  ["/login", "account"],
  ["/register", "account"],
];

export function sectionOf(path: string): Section | null {
  if (path === "/") return "home";
  const found = sectionPrefixes.find(([prefix]) => path === prefix || path.startsWith(`${prefix}/`));
  return found ? found[1] : null;
}

export function roleLabel(lang: Lang, role: Role): string {
  return translate(lang, `role.${role}` satisfies MessageKey);
}

export function presentSite(auth: RequestAuth, lang: Lang, path: string): SiteModel {
  const t = translator(lang);
  const user = auth.user;
  let home: { href: string | null; label: string } = { href: null, label: "" };
  if (user?.role === "expert" && user.expertId !== null)
    home = { href: `/experts/${user.expertId}`, label: t("nav.myProfile") };
  else if (user?.role === "enterprise") home = { href: "/needs?mine=1", label: t("nav.myNeeds") };
  return {
    section: sectionOf(path),
    user: user
      ? { name: user.name, roleLabel: roleLabel(lang, user.role), homeHref: home.href, homeLabel: home.label }
      : null,
    csrfToken: auth.csrfToken,
    showImport: isStaff(auth.actor),
    showInbox: auth.actor?.expertId != null,
  };
}
