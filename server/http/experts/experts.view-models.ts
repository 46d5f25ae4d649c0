import {
  publicationTypes,
  type Expert,
  type ExpertContact,
  type Publication,
  type Society,
  type Technology,
} from "../../knowledge/knowledge.types.js";
import { expertFields } from "../../knowledge/experts.fields.js";
import { expertLimits, publicationLimits } from "../../knowledge/experts.limits.js";
import { storedName } from "../i18n/stored-names.js";
import { joinList, translate, type Lang, type MessageKey } from "../i18n/translate.js";
import { excerpt, formatDate, type SelectOption } from "../layout/page-parts.view-models.js";
import type { FieldErrors } from "../platform/forms.js";
import { presentTechnologyCard, type TechnologyCard } from "../technologies/technologies.view-models.js";
import { blankPublicationRows, type PublicationRowText } from "./experts.forms.js";
import { languageFormNames, languageNames } from "./working-languages.js";

// ---- experts
function initialOf(name: string): string {
  return Array.from(name.trim())[0]?.toUpperCase() ?? "?";
}

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

export function presentExpertCard(lang: Lang, expert: Expert): ExpertCard {
  return {
    href: `/experts/${expert.id}`,
    name: expert.name,
    initial: initialOf(expert.name),
    title: expert.title,
    organization: expert.organization,
    region: expert.region,
    disciplines: expert.disciplines,
    keywords: expert.keywords.slice(0, 6),
    societies: expert.societies.map((s) => storedName(lang, s)),
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
  /** Names in the page's language (简体中文, English), not the stored codes. */
  languages: string[];
  /** How the page separates list items: 、 in Chinese, a comma in English. */
  listSeparator: string;
  capacity: string;
  publicationGroups: PublicationGroup[];
  technologies: TechnologyCard[];
  editHref: string | null;
  addTechnologyHref: string | null;
  updated: string;
  /** Private: only for the expert themself and organizers (null for everyone else). */
  contact: ExpertContact | null;
  /** Organizers may email an unclaimed profile a link to claim it. */
  claimAction: string | null;
  claimLinkSent: boolean;
}

export function presentExpertProfile(
  lang: Lang,
  expert: Expert,
  options: {
    technologies: Technology[];
    editable: boolean;
    isSelf: boolean;
    contact: ExpertContact | null;
    canSendClaimLink: boolean;
    claimLinkSent: boolean;
  },
): ExpertProfileModel {
  return {
    title: expert.name,
    card: presentExpertCard(lang, expert),
    bio: expert.bio,
    languages: languageNames(lang, expert.languages),
    listSeparator: translate(lang, "common.listSeparator"),
    capacity: translate(lang, "expert.capacityValue", { count: expert.capacity }),
    publicationGroups: groupPublications(lang, expert.publications),
    technologies: options.technologies.map((technology) => presentTechnologyCard(lang, technology)),
    editHref: options.editable ? `/experts/${expert.id}/edit` : null,
    addTechnologyHref: options.isSelf ? "/technologies/new" : null,
    updated: formatDate(lang, expert.updatedAt),
    contact: options.contact,
    claimAction:
      options.canSendClaimLink && expert.userId === null && options.contact?.email
        ? `/experts/${expert.id}/claim-link`
        : null,
    claimLinkSent: options.claimLinkSent,
  };
}

/** The form's single-value inputs (lists typed as text, joined the page's way): every field but the repeated ones. */
type ExpertTextInput = Exclude<keyof typeof expertFields, "societyIds" | "publications">;
export const expertTextInputs = Object.keys(expertFields).filter(
  (field): field is ExpertTextInput => field !== "societyIds" && field !== "publications",
);

export type ExpertFormValues = Record<ExpertTextInput, string> & {
  societyIds: string[];
  publications: PublicationRowText[];
};

/** A stored profile as the edit form shows it, lists joined with the page's list separator (、 or ", "). */
export function expertFormValues(lang: Lang, expert: Expert, contact: ExpertContact | null): ExpertFormValues {
  return {
    name: expert.name,
    organization: expert.organization,
    title: expert.title,
    region: expert.region,
    disciplines: joinList(lang, expert.disciplines),
    keywords: joinList(lang, expert.keywords),
    bio: expert.bio,
    languages: joinList(lang, languageFormNames(lang, expert.languages)),
    capacity: String(expert.capacity),
    societyIds: expert.societies.map((s) => String(s.id)),
    email: contact?.email ?? "",
    phone: contact?.phone ?? "",
    publications: expert.publications.map((p) => ({
      type: p.type,
      year: p.year === null ? "" : String(p.year),
      title: p.title,
      keywords: joinList(lang, p.keywords),
      abstract: p.abstract,
    })),
  };
}

export interface PublicationRowModel extends PublicationRowText {
  /** Distinguishes the row's input ids. */
  index: number;
  label: string;
  types: SelectOption[];
  errors: Partial<PublicationRowText>;
}

/** The rows given, then blank ones for adding (as many as the limit leaves room for). */
function publicationRowModels(lang: Lang, rows: PublicationRowText[], errors: FieldErrors): PublicationRowModel[] {
  const blank: PublicationRowText = { type: "paper", year: "", title: "", keywords: "", abstract: "" };
  const room = Math.max(0, Math.min(blankPublicationRows, expertLimits.publications - rows.length));
  return [...rows, ...Array.from({ length: room }, () => blank)].map((row, index) => ({
    ...row,
    index,
    label: translate(lang, "expertForm.publicationRow", { row: index + 1 }),
    types: publicationTypes.map((type) => ({
      value: type,
      label: translate(lang, `publication.type.${type}` satisfies MessageKey),
      selected: type === row.type,
    })),
    errors: Object.fromEntries(
      Object.keys(blank).flatMap((part) => {
        const message = errors[`publications.${index}.${part}`];
        return message === undefined ? [] : [[part, message]];
      }),
    ),
  }));
}

export interface ExpertFormModel {
  title: string;
  action: string;
  cancelHref: string;
  /** The stored name, for the breadcrumbs (the name input may hold something else, even nothing, after a refusal). */
  expertName: string;
  values: ExpertFormValues;
  publicationRows: PublicationRowModel[];
  /** Shown when no blank row is left for a new publication. */
  publicationsFull: string | null;
  /** maxlength of each input: the same limits the server applies. */
  limits: { expert: typeof expertLimits; publication: typeof publicationLimits };
  societies: { id: number; name: string; discipline: string; checked: boolean }[];
  /** The account's address, which engagements show while the contact email is blank (null for an unclaimed profile). */
  accountEmail: string | null;
  errors: FieldErrors;
  hasErrors: boolean;
}

export function presentExpertForm(
  lang: Lang,
  options: {
    expert: Pick<Expert, "id" | "name">;
    values: ExpertFormValues;
    societies: Society[];
    accountEmail: string | null;
    errors?: FieldErrors;
  },
): ExpertFormModel {
  const errors = options.errors ?? {};
  const checked = new Set(options.values.societyIds);
  const full = options.values.publications.length >= expertLimits.publications;
  return {
    title: translate(lang, "expertForm.title"),
    action: `/experts/${options.expert.id}`,
    cancelHref: `/experts/${options.expert.id}`,
    expertName: options.expert.name,
    values: options.values,
    publicationRows: publicationRowModels(lang, options.values.publications, errors),
    publicationsFull: full ? translate(lang, "expertForm.publicationsFull", { max: expertLimits.publications }) : null,
    limits: { expert: expertLimits, publication: publicationLimits },
    societies: options.societies.map((s) => ({
      id: s.id,
      name: storedName(lang, s),
      discipline: s.discipline,
      checked: checked.has(String(s.id)),
    })),
    accountEmail: options.accountEmail,
    errors,
    hasErrors: Object.keys(errors).length > 0,
  };
}

export function societyOptions(lang: Lang, societies: Society[], selected: number | undefined): SelectOption[] {
  return societies.map((s) => ({ value: String(s.id), label: storedName(lang, s), selected: s.id === selected }));
}
