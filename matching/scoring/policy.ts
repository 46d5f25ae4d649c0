import { regionKind, type RegionKind } from "./regions.js";

export interface PolicyEffect {
  track: string;
  /** Multiplier applied to the pair's score (1 = no effect). */
  factor: number;
  reason: string;
}

/**
 * Track policies: straits favours cross-strait pairs (Taiwan experts for Fujian or
 * unplaced needs), overseas favours experts abroad (and Hong Kong/Macau), assist favours
 * experts in Fujian. Other tracks have no regional preference.
 */
export function trackPolicy(
  track: string | null | undefined,
  needRegion: string | undefined,
  expertRegion: string | undefined,
  boost: number,
): PolicyEffect | null {
  return trackPolicyByKind(track, regionKind(needRegion), regionKind(expertRegion), boost);
}

/** trackPolicy() on regions already classified (the matcher classifies each expert once). */
export function trackPolicyByKind(
  track: string | null | undefined,
  need: RegionKind,
  expert: RegionKind,
  boost: number,
): PolicyEffect | null {
  if (!track) return null;
  const favoured = (kinds: RegionKind[]) => kinds.includes(expert);
  switch (track) {
    case "straits":
      if ((need === "fujian" || need === "unknown") && favoured(["taiwan"])) {
        return { track, factor: boost, reason: "cross-strait pair: Taiwan expert for a Fujian need" };
      }
      if (need === "taiwan" && favoured(["fujian"]))
        return { track, factor: boost, reason: "cross-strait pair: Fujian expert for a Taiwan need" };
      return null;
    case "overseas":
      return favoured(["overseas", "hongkong-macau"])
        ? { track, factor: boost, reason: "overseas expert on the overseas track" }
        : null;
    case "assist":
      return favoured(["fujian"]) ? { track, factor: boost, reason: "in-province expert on the assist track" } : null;
    default:
      return null;
  }
}
