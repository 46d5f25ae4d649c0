import { isStaff, type Actor } from "../../accounts/accounts.types.js";
import { transferModes, type Technology } from "../../knowledge/knowledge.types.js";
import { technologyLimits } from "../../knowledge/technologies.limits.js";
import { joinList, translate, type Lang, type MessageKey } from "../i18n/translate.js";
import { excerpt, formatDate, type SelectOption } from "../layout/page-parts.view-models.js";
import type { FieldErrors } from "../platform/forms.js";

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
  /** For its owner and organizers. */
  editHref: string | null;
}

export function presentTechnologyDetail(
  lang: Lang,
  technology: Technology,
  options: { editable: boolean },
): TechnologyDetailModel {
  return {
    title: technology.title,
    card: presentTechnologyCard(lang, technology),
    abstract: technology.abstract,
    keywords: technology.keywords,
    created: formatDate(lang, technology.createdAt),
    updated: formatDate(lang, technology.updatedAt),
    editHref: options.editable ? `/technologies/${technology.id}/edit` : null,
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

/** A stored technology as the edit form shows it (keywords joined the page's way, the owner by number). */
export function technologyFormValues(lang: Lang, technology: Technology): TechnologyFormValues {
  return {
    title: technology.title,
    abstract: technology.abstract,
    keywords: joinList(lang, technology.keywords),
    discipline: technology.discipline,
    maturity: technology.maturity === null ? "" : String(technology.maturity),
    transferModes: [...technology.transferModes],
    ownerId: technology.owner ? String(technology.owner.id) : "",
  };
}

export interface TechnologyFormModel {
  title: string;
  action: string;
  cancelHref: string;
  submitLabel: string;
  /** The technology being edited, for the breadcrumbs (null on the new-technology form). */
  editing: { title: string; href: string } | null;
  /** maxlength of each input: the same limits the server applies. */
  limits: typeof technologyLimits;
  values: TechnologyFormValues;
  maturityOptions: SelectOption[];
  transferModes: { value: string; label: string; checked: boolean }[];
  showOwner: boolean;
  errors: FieldErrors;
  hasErrors: boolean;
}

export function presentTechnologyForm(
  lang: Lang,
  options: { technology?: Technology; values: TechnologyFormValues; errors?: FieldErrors; actor: Actor | null },
): TechnologyFormModel {
  const errors = options.errors ?? {};
  const stored = options.technology;
  const href = stored ? `/technologies/${stored.id}` : null;
  return {
    title: translate(lang, stored ? "technologyForm.editTitle" : "technologyForm.title"),
    action: href ?? "/technologies",
    cancelHref: href ?? "/technologies",
    submitLabel: translate(lang, stored ? "common.saveChanges" : "technologyForm.submit"),
    editing: stored && href ? { title: stored.title, href } : null,
    limits: technologyLimits,
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
