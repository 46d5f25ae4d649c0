import { canPostNeed } from "../../knowledge/knowledge-policy.js";
import type { Track } from "../../knowledge/knowledge.types.js";
import type { NeedView } from "../../knowledge/needs.service.js";
import { inPageLanguage, storedName } from "../i18n/stored-names.js";
import { translate, type Lang } from "../i18n/translate.js";
import { presentNeedCard, type NeedCard } from "../needs/needs.view-models.js";
import type { RequestAuth } from "../platform/request-context.js";

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
      name: storedName(lang, track),
      description: inPageLanguage(lang, track.description, track.descriptionEn),
      href: `/needs?track=${encodeURIComponent(track.code)}`,
    })),
    signedIn: auth.user !== null,
    canPostNeed: canPostNeed(auth.actor),
    expertProfileHref: auth.user?.expertId != null ? `/experts/${auth.user.expertId}` : null,
  };
}
