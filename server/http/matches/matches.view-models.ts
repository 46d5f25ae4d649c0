import type { FeedbackEffect, MatchExplanation } from "../../../matching/index.js";
import type { Expert } from "../../knowledge/knowledge.types.js";
import type { NeedView } from "../../knowledge/needs.service.js";
import type { Engagement, PartyContact } from "../../matches/engagements.service.js";
import type { Invitation } from "../../matches/invitations.repository.js";
import type { MatchingModelStatus } from "../../matches/engine-host.js";
import type {
  ExpertMatchItem,
  NeedExpertMatches,
  NeedMatches,
  Suggestions,
  TechnologyMatchItem,
} from "../../matches/matches.service.js";
import { translate, type Lang, type MessageKey } from "../i18n/translate.js";
import { excerpt, formatDate, formatDateTime } from "../layout/page-parts.view-models.js";
import { presentNeedCard, type NeedCard } from "../needs/needs.view-models.js";

/** Page view models for matching: rankings on a need's page and an expert's inbox. */

export interface ExplanationModel {
  terms: string[];
  evidence: { title: string; meta: string }[];
  notes: string[];
}

const policyKeys: Record<string, MessageKey> = {
  straits: "match.why.policy.straits",
  overseas: "match.why.policy.overseas",
  assist: "match.why.policy.assist",
};

const feedbackNotes: Record<FeedbackEffect["basis"], MessageKey> = {
  declined: "match.why.declinedBefore",
  this_need: "match.why.engagedThisNeed",
  similar_need: "match.why.similarSuccess",
};

const evidenceTypeKeys: Record<string, MessageKey> = {
  paper: "match.why.type.paper",
  project: "match.why.type.project",
  patent: "match.why.type.patent",
  output: "match.why.type.output",
  technology: "match.why.type.technology",
};

/** The explanation in words: the matched terms, the best evidence, and every factor that moved the score. */
export function presentExplanation(lang: Lang, explanation: MatchExplanation | null): ExplanationModel | null {
  if (!explanation) return null;
  const t = (key: MessageKey, values?: Record<string, string | number>) => translate(lang, key, values);
  const notes: string[] = [];
  const { discipline, policy, capacity, feedback } = explanation;
  if (discipline.agreement > 0 && discipline.expert) {
    // Agreement 1 is the same discipline; a fraction is a name sharing a specific word (应用经济, 理论经济).
    const key = discipline.agreement >= 1 ? "match.why.discipline" : "match.why.relatedDiscipline";
    notes.push(t(key, { discipline: discipline.expert }));
  }
  if (policy && policy.factor !== 1) {
    const key = policyKeys[policy.track];
    notes.push(key ? t(key) : policy.reason);
  }
  if (capacity && capacity.factor < 1) {
    notes.push(t("match.why.capacityFull", { active: capacity.active, capacity: capacity.capacity }));
  }
  if (feedback) notes.push(t(feedbackNotes[feedback.basis]));
  return {
    terms: readableTerms(explanation.matchedTerms).slice(0, 12),
    evidence: explanation.evidence.map((e) => ({
      title: e.title,
      meta: [t(evidenceTypeKeys[e.type] ?? "match.why.type.output"), e.year ?? ""].filter(Boolean).join(" · "),
    })),
    notes,
  };
}

/** Matched terms without the character pairs already shown inside a longer matched word (有限 in 有限元). */
function readableTerms(terms: readonly string[]): string[] {
  const long = terms.filter((term) => Array.from(term).length > 2);
  return terms.filter((term) => Array.from(term).length > 2 || !long.some((word) => word.includes(term)));
}

const percent = (score: number | null) => (score === null ? null : `${Math.round(score * 100)}`);

/**
 * While a new model is being built, rankings come from the one before it: experts and records
 * added or changed since are not in them yet. Null when the served model is current.
 */
export function modelUpdatingNotice(lang: Lang, status: MatchingModelStatus): string | null {
  // The first model serves while it ranks the open needs (building, rankedAt still null): it is current.
  if (!status.building || status.version === null || status.rankedAt === null) return null;
  const eta = status.build?.etaSeconds;
  return eta !== null && eta !== undefined
    ? translate(lang, "match.updating.eta", { minutes: Math.max(1, Math.ceil(eta / 60)) })
    : translate(lang, "match.updating");
}

/**
 * Below this a match is shown as weak. A need's best expert scores the share of the need's
 * informative words their records hold (others relative to it), so under a third means the
 * match rests on a minor part of the need (docs/decisions.md §45).
 */
export const weakMatchBelow = 0.35;

const isWeak = (score: number | null) => score !== null && score < weakMatchBelow;

export interface ExpertMatchRow {
  rank: number;
  score: string | null;
  weak: boolean;
  pinned: boolean;
  id: number;
  name: string;
  href: string;
  subtitle: string;
  region: string;
  why: ExplanationModel | null;
  /** Set when the viewer may invite this expert. */
  invite: { action: string } | null;
  /** Set when the expert is already invited: the state of that invitation. */
  invitation: { status: string; label: string } | null;
  /** Organizers' controls. */
  curate: { action: string; pinned: boolean } | null;
}

export interface TechnologyMatchRow {
  rank: number;
  score: string | null;
  weak: boolean;
  title: string;
  href: string;
  meta: string;
  why: ExplanationModel | null;
}

export interface EngagementRow {
  name: string;
  href: string;
  organization: string;
  status: string;
  statusLabel: string;
  reason: string;
  date: string;
  /** The engagement's page (contacts and messages), for the need's enterprise and organizers once accepted. */
  engagementHref: string | null;
}

export interface NeedMatchesModel {
  experts: ExpertMatchRow[];
  expertsEmpty: string | null;
  technologies: TechnologyMatchRow[];
  technologiesEmpty: string | null;
  excluded: { name: string; href: string; note: string; clearAction: string }[] | null;
  moreHref: string | null;
}

/**
 * The experts invited to a need and their answers. Listed whatever the need's status (a solved
 * need still names who solved it); accepted ones link to the engagement, where the contacts and
 * messages are, when the viewer is one of its sides: the need's editors (its enterprise and
 * organizers) or the engaged expert.
 */
export function presentNeedEngagements(
  lang: Lang,
  invitations: { invitation: Invitation; expert: Expert }[],
  viewer: { editable: boolean; expertId: number | null },
): EngagementRow[] {
  return invitations.map(({ invitation, expert }) => ({
    name: expert.name,
    href: `/experts/${expert.id}`,
    organization: expert.organization,
    status: invitation.status,
    statusLabel: invitationLabel(lang, invitation.status),
    reason: invitation.reason,
    date: formatDate(lang, invitation.respondedAt ?? invitation.createdAt),
    engagementHref:
      invitation.status === "accepted" && (viewer.editable || viewer.expertId === invitation.expertId)
        ? `/engagements/${invitation.id}`
        : null,
  }));
}

function invitationLabel(lang: Lang, status: Invitation["status"]): string {
  return translate(lang, `invitation.status.${status}` satisfies MessageKey);
}

function emptyReason(lang: Lang, reason: NeedMatches<unknown>["reason"]): string | null {
  if (reason === "no_analysable_text") return translate(lang, "match.empty.noText");
  return reason === "no_candidates" ? translate(lang, "match.empty.noCandidates") : null;
}

function expertSubtitle(expert: Expert): string {
  return [expert.title, expert.organization].filter(Boolean).join(" · ");
}

export function presentNeedMatches(
  lang: Lang,
  input: {
    needId: number;
    experts: NeedExpertMatches;
    technologies: NeedMatches<TechnologyMatchItem>;
    invitations: { invitation: Invitation; expert: Expert }[];
    canInvite: boolean;
    canCurate: boolean;
    moreHref: string | null;
  },
): NeedMatchesModel {
  const { needId } = input;
  const invitationOf = new Map(input.invitations.map(({ invitation }) => [invitation.expertId, invitation]));
  const row = (item: ExpertMatchItem): ExpertMatchRow => {
    const invitation = invitationOf.get(item.expert.id);
    return {
      rank: item.rank,
      score: percent(item.score),
      weak: isWeak(item.score),
      pinned: item.pinned,
      id: item.expert.id,
      name: item.expert.name,
      href: `/experts/${item.expert.id}`,
      subtitle: expertSubtitle(item.expert),
      region: item.expert.region,
      why: presentExplanation(lang, item.explanation),
      invite: input.canInvite && !invitation ? { action: `/needs/${needId}/invitations` } : null,
      invitation: invitation ? { status: invitation.status, label: invitationLabel(lang, invitation.status) } : null,
      curate: input.canCurate ? { action: `/needs/${needId}/matches/${item.expert.id}`, pinned: item.pinned } : null,
    };
  };
  return {
    experts: input.experts.items.map(row),
    expertsEmpty: emptyReason(lang, input.experts.reason),
    technologies: input.technologies.items.map((item) => ({
      rank: item.rank,
      score: percent(item.score),
      weak: isWeak(item.score),
      title: item.technology.title,
      href: `/technologies/${item.technology.id}`,
      meta: [
        item.technology.owner?.name,
        item.technology.maturity ? `TRL ${item.technology.maturity}` : "",
        item.technology.discipline,
      ]
        .filter(Boolean)
        .join(" · "),
      why: presentExplanation(lang, item.explanation),
    })),
    technologiesEmpty: emptyReason(lang, input.technologies.reason),
    excluded:
      input.experts.excluded?.map(({ expert, note }) => ({
        name: expert.name,
        href: `/experts/${expert.id}`,
        note,
        clearAction: `/needs/${needId}/matches/${expert.id}`,
      })) ?? null,
    moreHref: input.moreHref,
  };
}

export interface InboxInvitationRow {
  id: number;
  need: NeedCard;
  message: string;
  status: string;
  statusLabel: string;
  reason: string;
  date: string;
  acceptAction: string | null;
  declineAction: string | null;
  /** Accepted: the page with both sides' contacts and the thread. */
  engagementHref: string | null;
}

export interface InboxModel {
  pending: InboxInvitationRow[];
  answered: InboxInvitationRow[];
  suggestions: {
    rank: number;
    score: string;
    weak: boolean;
    need: NeedCard;
    why: ExplanationModel | null;
    publicOnly: boolean;
  }[];
  /** Set while suggestions are being prepared (the first model) or some needs are still being ranked. */
  suggestionsNote: string | null;
  suggestionsPreparing: boolean;
}

export function presentInbox(
  lang: Lang,
  input: { invitations: { invitation: Invitation; need: NeedView }[]; suggestions: Suggestions },
): InboxModel {
  const rows = input.invitations.map(({ invitation, need }): InboxInvitationRow => {
    const pending = invitation.status === "pending";
    return {
      id: invitation.id,
      need: presentNeedCard(lang, need),
      message: excerpt(invitation.message, 400),
      status: invitation.status,
      statusLabel: invitationLabel(lang, invitation.status),
      reason: invitation.reason,
      date: formatDate(lang, invitation.respondedAt ?? invitation.createdAt),
      acceptAction: pending ? `/invitations/${invitation.id}/accept` : null,
      declineAction: pending ? `/invitations/${invitation.id}/decline` : null,
      engagementHref: invitation.status === "accepted" ? `/engagements/${invitation.id}` : null,
    };
  });
  return {
    pending: rows.filter((row) => row.status === "pending"),
    answered: rows.filter((row) => row.status !== "pending"),
    suggestionsPreparing: input.suggestions.status === "preparing",
    suggestionsNote:
      input.suggestions.status === "ready" ? null : translate(lang, `inbox.suggestions.${input.suggestions.status}`),
    suggestions: input.suggestions.items.map((s) => ({
      rank: s.rank,
      score: percent(s.score)!,
      weak: isWeak(s.score),
      need: presentNeedCard(lang, { need: s.need, detailsVisible: s.detailsVisible, editable: false }),
      why: presentExplanation(lang, s.explanation),
      publicOnly: s.publicFieldsOnly,
    })),
  };
}

// ---- engagements
export interface EngagementMessageModel {
  id: number;
  authorName: string;
  body: string;
  time: string;
  mine: boolean;
}

export interface EngagementPageModel {
  invitationId: number;
  need: { title: string; href: string };
  sides: { label: string; contact: PartyContact; mailto: string | null }[];
  messages: EngagementMessageModel[];
  postAction: string;
}

export function presentEngagementPage(lang: Lang, engagement: Engagement, viewerId: number): EngagementPageModel {
  const side = (label: MessageKey, contact: PartyContact) => ({
    label: translate(lang, label),
    contact,
    mailto: contact.email ? `mailto:${contact.email}` : null,
  });
  return {
    invitationId: engagement.invitation.id,
    need: { title: engagement.need.title, href: `/needs/${engagement.need.id}` },
    sides: [side("engagement.expert", engagement.expert), side("engagement.enterprise", engagement.enterprise)],
    messages: engagement.messages.map((message) => ({
      id: message.id,
      authorName: message.authorName,
      body: message.body,
      time: formatDateTime(lang, message.createdAt),
      mine: message.authorId === viewerId,
    })),
    postAction: `/engagements/${engagement.invitation.id}/messages`,
  };
}
