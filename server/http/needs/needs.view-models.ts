import { isStaff, type Actor, type Role } from "../../accounts/accounts.types.js";
import { canPostNeed } from "../../knowledge/knowledge-policy.js";
import type {
  Expert,
  NeedStatus,
  Page,
  Publication,
  Society,
  Technology,
  Track,
} from "../../knowledge/knowledge.types.js";
import { publicationTypes, transferModes } from "../../knowledge/knowledge.types.js";
import { needTransitions, type NeedView } from "../../knowledge/needs.service.js";
import type { FieldErrors } from "../platform/forms.js";
import { translate, type Lang, type MessageKey } from "../i18n/translate.js";
import type { RequestAuth } from "../platform/request-context.js";

/**
 * Page presenters: domain objects → the typed view models the Handlebars pages render.
 * They decide labels (translated here, so keys are checked by the compiler), what a
 * confidential need shows to whom, and how dates read. Templates only place the values.
 */

type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;
const translator =
  (lang: Lang): Translate =>
  (key, values) =>
    translate(lang, key, values);

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

/** The first `length` characters (not UTF-16 units) with an ellipsis when cut. */
export function excerpt(text: string, length: number): string {
  const characters = Array.from(text.replace(/\s+/g, " ").trim());
  return characters.length > length ? `${characters.slice(0, length).join("")}…` : characters.join("");
}

function initialOf(name: string): string {
  return Array.from(name.trim())[0]?.toUpperCase() ?? "?";
}

// ---- layout
export type Section = "home" | "needs" | "experts" | "technologies" | "salons" | "import" | "account" | "inbox";

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
  ["/organizer", "import"],
  ["/inbox", "inbox"],
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

// ---- pagination
export interface PaginationModel {
  summary: string;
  prev: string | null;
  next: string | null;
  pages: { number: number; href: string; current: boolean; gap: boolean }[];
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
  const summary = translate(lang, "pagination.summary", { total: page.total, page: page.page, pages: pageCount });
  if (pageCount <= 1 && page.page <= 1) return { summary, prev: null, next: null, pages: [] };
  const wanted = new Set(
    [1, pageCount, page.page - 1, page.page, page.page + 1].filter((n) => n >= 1 && n <= pageCount),
  );
  const pages: PaginationModel["pages"] = [];
  let last = 0;
  for (const n of [...wanted].sort((a, b) => a - b)) {
    if (n - last > 1) pages.push({ number: 0, href: "", current: false, gap: true });
    pages.push({ number: n, href: hrefOf(n), current: n === page.page, gap: false });
    last = n;
  }
  return {
    summary,
    prev: page.page > 1 ? hrefOf(Math.min(page.page - 1, pageCount)) : null,
    next: page.page < pageCount ? hrefOf(page.page + 1) : null,
    pages,
  };
}

// ---- needs
export interface StatusBadge {
  code: NeedStatus;
  label: string;
}

function statusBadge(lang: Lang, status: NeedStatus): StatusBadge {
  return { code: status, label: translate(lang, `need.status.${status}` satisfies MessageKey) };
}

export interface RedactedNeedCard {
  redacted: true;
  href: string;
  title: string;
  discipline: string;
  region: string;
}

export interface FullNeedCard {
  redacted: false;
  href: string;
  title: string;
  enterprise: string;
  discipline: string;
  region: string;
  industry: string;
  status: StatusBadge;
  track: string | null;
  confidential: boolean;
  excerpt: string;
  keywords: string[];
  updated: string;
}

export type NeedCard = RedactedNeedCard | FullNeedCard;

export function presentNeedCard(lang: Lang, { need, detailsVisible }: NeedView): NeedCard {
  const href = `/needs/${need.id}`;
  if (!detailsVisible) {
    return { redacted: true, href, title: need.title, discipline: need.discipline, region: need.region };
  }
  return {
    redacted: false,
    href,
    title: need.title,
    enterprise: need.enterprise,
    discipline: need.discipline,
    region: need.region,
    industry: need.industry,
    status: statusBadge(lang, need.status),
    track: need.track?.name ?? null,
    confidential: need.confidential,
    excerpt: excerpt(need.description || need.difficulty, 110),
    keywords: need.keywords.slice(0, 6),
    updated: formatDate(lang, need.updatedAt),
  };
}

export interface NeedDetailModel {
  title: string;
  id: number;
  discipline: string;
  region: string;
  redacted: boolean;
  details: {
    enterprise: string;
    description: string;
    difficulty: string;
    target: string;
    industry: string;
    keywords: string[];
    track: { name: string; description: string } | null;
    confidential: boolean;
    status: StatusBadge;
    created: string;
    updated: string;
  } | null;
  manage: {
    editHref: string;
    statusAction: string;
    transitions: { status: NeedStatus; label: string; primary: boolean }[];
    access: {
      action: string;
      experts: { id: number; name: string; href: string; revokeAction: string }[];
      value: string;
      error: string | null;
    } | null;
  } | null;
}

function transitionLabel(lang: Lang, from: NeedStatus, to: NeedStatus): string {
  if (to === "open") return translate(lang, from === "draft" ? "need.action.publish" : "need.action.reopen");
  if (to === "draft") return translate(lang, "need.status.draft"); // no transition leads back to draft
  return translate(lang, `need.action.${to}` satisfies MessageKey);
}

export function presentNeedDetail(
  lang: Lang,
  view: NeedView,
  options: {
    tracks: Track[];
    approvedExperts: { id: number; name: string }[];
    accessForm?: { value: string; error: string | null };
  },
): NeedDetailModel {
  const { need } = view;
  const base = { title: need.title, id: need.id, discipline: need.discipline, region: need.region };
  if (!view.detailsVisible) return { ...base, redacted: true, details: null, manage: null };
  const track = need.track ? options.tracks.find((t) => t.id === need.track!.id) : undefined;
  return {
    ...base,
    redacted: false,
    details: {
      enterprise: need.enterprise,
      description: need.description,
      difficulty: need.difficulty,
      target: need.target,
      industry: need.industry,
      keywords: need.keywords,
      track: need.track ? { name: need.track.name, description: track?.description ?? "" } : null,
      confidential: need.confidential,
      status: statusBadge(lang, need.status),
      created: formatDate(lang, need.createdAt),
      updated: formatDate(lang, need.updatedAt),
    },
    manage: view.editable
      ? {
          editHref: `/needs/${need.id}/edit`,
          statusAction: `/needs/${need.id}/status`,
          transitions: needTransitions[need.status].map((to) => ({
            status: to,
            label: transitionLabel(lang, need.status, to),
            primary: to !== "closed",
          })),
          access: need.confidential
            ? {
                action: `/needs/${need.id}/access`,
                experts: options.approvedExperts.map((expert) => ({
                  ...expert,
                  href: `/experts/${expert.id}`,
                  revokeAction: `/needs/${need.id}/access/${expert.id}/revoke`,
                })),
                value: options.accessForm?.value ?? "",
                error: options.accessForm?.error ?? null,
              }
            : null,
        }
      : null,
  };
}

export interface SelectOption {
  value: string;
  label: string;
  selected: boolean;
}

function trackOptions(tracks: Track[], selected: string): SelectOption[] {
  return tracks.map((track) => ({ value: track.code, label: track.name, selected: track.code === selected }));
}

export interface NeedFormValues {
  title: string;
  enterprise: string;
  description: string;
  difficulty: string;
  target: string;
  discipline: string;
  industry: string;
  keywords: string;
  region: string;
  track: string;
  confidential: boolean;
}

export const emptyNeedForm: NeedFormValues = {
  title: "",
  enterprise: "",
  description: "",
  difficulty: "",
  target: "",
  discipline: "",
  industry: "",
  keywords: "",
  region: "",
  track: "",
  confidential: false,
};

export function needFormValues(view: NeedView): NeedFormValues {
  const { need } = view;
  return {
    title: need.title,
    enterprise: need.enterprise,
    description: need.description,
    difficulty: need.difficulty,
    target: need.target,
    discipline: need.discipline,
    industry: need.industry,
    keywords: need.keywords.join("、"),
    region: need.region,
    track: need.track?.code ?? "",
    confidential: need.confidential,
  };
}

export interface NeedFormModel {
  title: string;
  isNew: boolean;
  action: string;
  cancelHref: string;
  showEnterprise: boolean;
  values: NeedFormValues;
  tracks: SelectOption[];
  errors: FieldErrors;
  hasErrors: boolean;
}

export function presentNeedForm(
  lang: Lang,
  options: { need?: NeedView; values: NeedFormValues; tracks: Track[]; errors?: FieldErrors; actor: Actor | null },
): NeedFormModel {
  const errors = options.errors ?? {};
  const id = options.need?.need.id;
  return {
    title: translate(lang, id === undefined ? "needForm.newTitle" : "needForm.editTitle"),
    isNew: id === undefined,
    action: id === undefined ? "/needs" : `/needs/${id}`,
    cancelHref: id === undefined ? "/needs" : `/needs/${id}`,
    showEnterprise: isStaff(options.actor),
    values: options.values,
    tracks: trackOptions(options.tracks, options.values.track),
    errors,
    hasErrors: Object.keys(errors).length > 0,
  };
}

export interface NeedFiltersModel {
  q: string;
  discipline: string;
  region: string;
  mine: boolean;
  statuses: SelectOption[];
  tracks: SelectOption[];
}

export function presentNeedFilters(
  lang: Lang,
  filters: { q?: string; status?: NeedStatus; track?: string; discipline?: string; region?: string; mine: boolean },
  tracks: Track[],
): NeedFiltersModel {
  return {
    q: filters.q ?? "",
    discipline: filters.discipline ?? "",
    region: filters.region ?? "",
    mine: filters.mine,
    statuses: (["open", "in_progress", "solved", "closed", "draft"] as const).map((status) => ({
      value: status,
      label: translate(lang, `need.status.${status}` satisfies MessageKey),
      selected: filters.status === status,
    })),
    tracks: trackOptions(tracks, filters.track ?? ""),
  };
}

// ---- experts
export interface ExpertCard {
  href: string;
  name: string;
  initial: string;
  title: string;
  organization: string;
  region: string;
  disciplines: string[];
  keywords: string[];
  societies: string[];
}

export function presentExpertCard(expert: Expert): ExpertCard {
  return {
    href: `/experts/${expert.id}`,
    name: expert.name,
    initial: initialOf(expert.name),
    title: expert.title,
    organization: expert.organization,
    region: expert.region,
    disciplines: expert.disciplines,
    keywords: expert.keywords.slice(0, 6),
    societies: expert.societies.map((s) => s.name),
  };
}

export interface PublicationGroup {
  type: Publication["type"];
  label: string;
  count: number;
  items: { title: string; year: string; abstract: string; keywords: string[] }[];
}

/** Publications grouped by type (papers, projects, patents, outputs), newest first. */
export function groupPublications(lang: Lang, publications: Publication[]): PublicationGroup[] {
  return publicationTypes
    .map((type) => {
      const items = publications
        .filter((p) => p.type === type)
        .sort((a, b) => (b.year ?? 0) - (a.year ?? 0))
        .map((p) => ({
          title: p.title,
          year: p.year === null ? "" : String(p.year),
          abstract: excerpt(p.abstract, 160),
          keywords: p.keywords,
        }));
      return {
        type,
        label: translate(lang, `publication.type.${type}` satisfies MessageKey),
        count: items.length,
        items,
      };
    })
    .filter((group) => group.count > 0);
}

export interface ExpertProfileModel {
  title: string;
  card: ExpertCard;
  bio: string;
  languages: string[];
  capacity: string;
  publicationGroups: PublicationGroup[];
  technologies: TechnologyCard[];
  editHref: string | null;
  addTechnologyHref: string | null;
  updated: string;
}

export function presentExpertProfile(
  lang: Lang,
  expert: Expert,
  options: { technologies: Technology[]; editable: boolean; isSelf: boolean },
): ExpertProfileModel {
  return {
    title: expert.name,
    card: presentExpertCard(expert),
    bio: expert.bio,
    languages: expert.languages,
    capacity: translate(lang, "expert.capacityValue", { count: expert.capacity }),
    publicationGroups: groupPublications(lang, expert.publications),
    technologies: options.technologies.map((technology) => presentTechnologyCard(lang, technology)),
    editHref: options.editable ? `/experts/${expert.id}/edit` : null,
    addTechnologyHref: options.isSelf ? "/technologies/new" : null,
    updated: formatDate(lang, expert.updatedAt),
  };
}

export interface ExpertFormValues {
  name: string;
  organization: string;
  title: string;
  region: string;
  disciplines: string;
  keywords: string;
  bio: string;
  languages: string;
  capacity: string;
  societyIds: string[];
}

export function expertFormValues(expert: Expert): ExpertFormValues {
  return {
    name: expert.name,
    organization: expert.organization,
    title: expert.title,
    region: expert.region,
    disciplines: expert.disciplines.join("、"),
    keywords: expert.keywords.join("、"),
    bio: expert.bio,
    languages: expert.languages.join("、"),
    capacity: String(expert.capacity),
    societyIds: expert.societies.map((s) => String(s.id)),
  };
}

export interface ExpertFormModel {
  title: string;
  action: string;
  cancelHref: string;
  values: ExpertFormValues;
  societies: { id: number; name: string; discipline: string; checked: boolean }[];
  errors: FieldErrors;
  hasErrors: boolean;
}

export function presentExpertForm(
  lang: Lang,
  options: { expertId: number; values: ExpertFormValues; societies: Society[]; errors?: FieldErrors },
): ExpertFormModel {
  const errors = options.errors ?? {};
  const checked = new Set(options.values.societyIds);
  return {
    title: translate(lang, "expertForm.title"),
    action: `/experts/${options.expertId}`,
    cancelHref: `/experts/${options.expertId}`,
    values: options.values,
    societies: options.societies.map((s) => ({
      id: s.id,
      name: s.name,
      discipline: s.discipline,
      checked: checked.has(String(s.id)),
    })),
    errors,
    hasErrors: Object.keys(errors).length > 0,
  };
}

export function societyOptions(societies: Society[], selected: number | undefined): SelectOption[] {
  return societies.map((s) => ({ value: String(s.id), label: s.name, selected: s.id === selected }));
}

// ---- technologies
const trlLevels = [1, 2, 3, 4, 5, 6, 7, 8, 9] as const;
export interface MaturityModel {
  level: number;
  /** "技术成熟度 TRL 6/9" */
  label: string;
  /** "TRL 6 · 系统样机演示" */
  levelLabel: string;
  segments: { filled: boolean }[];
}

function isTrlLevel(level: number): level is (typeof trlLevels)[number] {
  return (trlLevels as readonly number[]).includes(level);
}

function maturityOf(lang: Lang, level: number | null): MaturityModel | null {
  if (level === null) return null;
  return {
    level,
    label: translate(lang, "technology.trl", { level }),
    levelLabel: isTrlLevel(level)
      ? translate(lang, `technology.trlLevel.${level}` satisfies MessageKey)
      : `TRL ${level}`,
    segments: Array.from({ length: 9 }, (_, i) => ({ filled: i < level })),
  };
}

function transferModeLabel(lang: Lang, mode: string): string {
  return (transferModes as readonly string[]).includes(mode)
    ? translate(lang, `technology.mode.${mode as (typeof transferModes)[number]}` satisfies MessageKey)
    : mode;
}

export interface TechnologyCard {
  href: string;
  title: string;
  discipline: string;
  owner: { name: string; href: string } | null;
  maturity: MaturityModel | null;
  excerpt: string;
  keywords: string[];
  transferModes: string[];
}

export function presentTechnologyCard(lang: Lang, technology: Technology): TechnologyCard {
  return {
    href: `/technologies/${technology.id}`,
    title: technology.title,
    discipline: technology.discipline,
    owner: technology.owner ? { name: technology.owner.name, href: `/experts/${technology.owner.id}` } : null,
    maturity: maturityOf(lang, technology.maturity),
    excerpt: excerpt(technology.abstract, 110),
    keywords: technology.keywords.slice(0, 6),
    transferModes: technology.transferModes.map((mode) => transferModeLabel(lang, mode)),
  };
}

export interface TechnologyDetailModel {
  title: string;
  card: TechnologyCard;
  abstract: string;
  keywords: string[];
  created: string;
  updated: string;
}

export function presentTechnologyDetail(lang: Lang, technology: Technology): TechnologyDetailModel {
  return {
    title: technology.title,
    card: presentTechnologyCard(lang, technology),
    abstract: technology.abstract,
    keywords: technology.keywords,
    created: formatDate(lang, technology.createdAt),
    updated: formatDate(lang, technology.updatedAt),
  };
}

export interface TechnologyFormValues {
  title: string;
  abstract: string;
  keywords: string;
  discipline: string;
  maturity: string;
  transferModes: string[];
  ownerId: string;
}

export const emptyTechnologyForm: TechnologyFormValues = {
  title: "",
  abstract: "",
  keywords: "",
  discipline: "",
  maturity: "",
  transferModes: [],
  ownerId: "",
};

export interface TechnologyFormModel {
  title: string;
  action: string;
  values: TechnologyFormValues;
  maturityOptions: SelectOption[];
  transferModes: { value: string; label: string; checked: boolean }[];
  showOwner: boolean;
  errors: FieldErrors;
  hasErrors: boolean;
}

export function presentTechnologyForm(
  lang: Lang,
  options: { values: TechnologyFormValues; errors?: FieldErrors; actor: Actor | null },
): TechnologyFormModel {
  const errors = options.errors ?? {};
  return {
    title: translate(lang, "technologyForm.title"),
    action: "/technologies",
    values: options.values,
    maturityOptions: trlLevels.map((level) => ({
      value: String(level),
      label: translate(lang, `technology.trlLevel.${level}` satisfies MessageKey),
      selected: options.values.maturity === String(level),
    })),
    transferModes: transferModes.map((mode) => ({
      value: mode,
      label: transferModeLabel(lang, mode),
      checked: options.values.transferModes.includes(mode),
    })),
    showOwner: isStaff(options.actor),
    errors,
    hasErrors: Object.keys(errors).length > 0,
  };
}

export function maturityOptions(lang: Lang, selected: number | undefined): SelectOption[] {
  return trlLevels.map((level) => ({
    value: String(level),
    label: translate(lang, "technology.trlAtLeast", { level }),
    selected: selected === level,
  }));
}

// ---- home
export interface HomeModel {
  title: string;
  counts: { openNeeds: number; experts: number; technologies: number; societies: number };
  latestNeeds: NeedCard[];
  tracks: { code: string; name: string; description: string; href: string }[];
  signedIn: boolean;
  canPostNeed: boolean;
  expertProfileHref: string | null;
}

export function presentHome(
  lang: Lang,
  data: { counts: HomeModel["counts"]; latestNeeds: NeedView[]; tracks: Track[]; auth: RequestAuth },
): HomeModel {
  const { auth } = data;
  return {
    title: translate(lang, "home.title"),
    counts: data.counts,
    latestNeeds: data.latestNeeds.map((view) => presentNeedCard(lang, view)),
    tracks: data.tracks.map((track) => ({
      code: track.code,
      name: track.name,
      description: track.description,
      href: `/needs?track=${encodeURIComponent(track.code)}`,
    })),
    signedIn: auth.user !== null,
    canPostNeed: canPostNeed(auth.actor),
    expertProfileHref: auth.user?.expertId != null ? `/experts/${auth.user.expertId}` : null,
  };
}
