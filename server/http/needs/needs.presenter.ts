import type { NeedView } from "../../knowledge/needs.service.js";
import type { NeedResponse } from "./needs.schemas.js";

export function presentNeed({ need, detailsVisible, editable }: NeedView): NeedResponse {
  if (!detailsVisible) {
    const { id, externalId, title, discipline, region, status } = need;
    return { id, externalId, title, discipline, region, status, confidential: true, redacted: true };
  }
  const { approvedExpertIds, ...fields } = need;
  return {
    ...fields,
    redacted: false,
    editable,
    // Who was approved is the owner's business, not the approved experts'.
    ...(editable && { approvedExpertIds }),
    createdAt: need.createdAt.toISOString(),
    updatedAt: need.updatedAt.toISOString(),
  };
}
