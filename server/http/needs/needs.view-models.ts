import { isStaff, type Actor } from "../../accounts/accounts.types.js";
import type { NeedStatus, Track } from "../../knowledge/knowledge.types.js";
import { needTransitions, type NeedView } from "../../knowledge/needs.service.js";
import { joinList, translate, type Lang, type MessageKey } from "../i18n/translate.js";
import { inPageLanguage, storedName } from "../i18n/stored-names.js";
import { excerpt, formatDate, type SelectOption } from "../layout/page-parts.view-models.js";
import type { FieldErrors } from "../platform/forms.js";

/**
 * Page presenters: domain objects → the typed view models the Handlebars pages render.
 * They decide labels (translated here, so keys are checked by the compiler), what a
 * confidential need shows to whom, and how dates read. Templates only place the values.
 */

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
    track: need.track ? storedName(lang, need.track) : null,
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
      track: need.track
        ? {
            name: storedName(lang, need.track),
            description: track ? inPageLanguage(lang, track.description, track.descriptionEn) : "",
          }
        : null,
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

function trackOptions(lang: Lang, tracks: Track[], selected: string): SelectOption[] {
  return tracks.map((track) => ({
    value: track.code,
    label: storedName(lang, track),
    selected: track.code === selected,
  }));
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

/** A stored need as the edit form shows it, keywords joined with the page's list separator. */
export function needFormValues(lang: Lang, view: NeedView): NeedFormValues {
  const { need } = view;
  return {
    title: need.title,
    enterprise: need.enterprise,
    description: need.description,
    difficulty: need.difficulty,
    target: need.target,
    discipline: need.discipline,
    industry: need.industry,
    keywords: joinList(lang, need.keywords),
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
    tracks: trackOptions(lang, options.tracks, options.values.track),
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
    tracks: trackOptions(lang, tracks, filters.track ?? ""),
  };
}
