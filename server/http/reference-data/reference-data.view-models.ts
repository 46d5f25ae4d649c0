import { societyLimits, trackLimits } from "../../knowledge/reference-data.limits.js";
import type { Society, Track } from "../../knowledge/knowledge.types.js";
import { translate, type Lang, type MessageKey } from "../i18n/translate.js";
import type { FieldErrors } from "../platform/forms.js";

/** What the society form shows: its text fields as typed or stored. */
export interface SocietyFormValues {
  name: string;
  nameEn: string;
  discipline: string;
  description: string;
  descriptionEn: string;
}

export interface TrackFormValues {
  code: string;
  name: string;
  nameEn: string;
  description: string;
  descriptionEn: string;
}

export const emptySocietyForm: SocietyFormValues = {
  name: "",
  nameEn: "",
  discipline: "",
  description: "",
  descriptionEn: "",
};

export const emptyTrackForm: TrackFormValues = { code: "", name: "", nameEn: "", description: "", descriptionEn: "" };

export function societyFormValues(society: Society): SocietyFormValues {
  const { name, nameEn, discipline, description, descriptionEn } = society;
  return { name, nameEn, discipline, description, descriptionEn };
}

export function trackFormValues(track: Track): TrackFormValues {
  const { code, name, nameEn, description, descriptionEn } = track;
  return { code, name, nameEn, description, descriptionEn };
}

/** The organizer's list of learned societies: both names, the discipline and the members. */
export function presentSocietyList(lang: Lang, societies: Society[], error: string | null = null) {
  return {
    title: translate(lang, "referenceData.societies.title"),
    error,
    societies: societies.map((society) => ({
      name: society.name,
      nameEn: society.nameEn,
      discipline: society.discipline,
      memberCount: society.memberCount,
      membersHref: `/experts?societyId=${society.id}`,
      editHref: `/organizer/societies/${society.id}/edit`,
      deleteAction: `/organizer/societies/${society.id}/delete`,
      deleteQuestion: translate(lang, "referenceData.societies.deleteQuestion", {
        name: society.name,
        count: society.memberCount,
      }),
    })),
  };
}

/** The organizer's list of programme tracks; `error` says why the last change was refused. */
export function presentTrackList(lang: Lang, tracks: Track[], error: string | null = null) {
  return {
    title: translate(lang, "referenceData.tracks.title"),
    error,
    tracks: tracks.map((track) => ({
      code: track.code,
      name: track.name,
      nameEn: track.nameEn,
      needsHref: `/needs?track=${encodeURIComponent(track.code)}`,
      editHref: `/organizer/tracks/${track.id}/edit`,
      deleteAction: `/organizer/tracks/${track.id}/delete`,
      deleteQuestion: translate(lang, "referenceData.tracks.deleteQuestion", { name: track.name }),
    })),
  };
}

/**
 * The add or edit form of a society or a track (`kind`, the path under /organizer): titled and
 * posted by whether `editing` is a stored record.
 */
function presentReferenceForm<Values, Limits>(
  lang: Lang,
  kind: "societies" | "tracks",
  form: { editing?: { id: number }; values: Values; limits: Limits; errors?: FieldErrors },
) {
  const errors = form.errors ?? {};
  return {
    title: translate(lang, `referenceData.${kind}.${form.editing ? "edit" : "add"}` satisfies MessageKey),
    action: form.editing ? `/organizer/${kind}/${form.editing.id}` : `/organizer/${kind}`,
    values: form.values,
    limits: form.limits,
    errors,
    hasErrors: Object.keys(errors).length > 0,
  };
}

export function presentSocietyForm(
  lang: Lang,
  form: { society?: Society; values: SocietyFormValues; errors?: FieldErrors },
) {
  return presentReferenceForm(lang, "societies", { ...form, editing: form.society, limits: societyLimits });
}

export function presentTrackForm(lang: Lang, form: { track?: Track; values: TrackFormValues; errors?: FieldErrors }) {
  return presentReferenceForm(lang, "tracks", { ...form, editing: form.track, limits: trackLimits });
}
