import { describe, expect, it } from "vitest";
import type { Actor } from "../../../../server/accounts/accounts.types.js";
import {
  canEditExpert,
  canEditNeed,
  canEditTechnology,
  canSeeNeed,
  canSeeNeedDetails,
} from "../../../../server/knowledge/knowledge-policy.js";
import { needTransitions } from "../../../../server/knowledge/needs.service.js";
import { needStatuses } from "../../../../server/knowledge/knowledge.types.js";

const owner: Actor = { userId: 1, role: "enterprise", expertId: null };
const stranger: Actor = { userId: 2, role: "enterprise", expertId: null };
const organizer: Actor = { userId: 3, role: "organizer", expertId: null };
const approvedExpert: Actor = { userId: 4, role: "expert", expertId: 40 };
const otherExpert: Actor = { userId: 5, role: "expert", expertId: 50 };

const confidential = { ownerId: 1, confidential: true, approvedExpertIds: [40], status: "open" as const };

describe("need permissions", () => {
  it("lets only the owner and organizers edit", () => {
    expect(canEditNeed(owner, confidential)).toBe(true);
    expect(canEditNeed(organizer, confidential)).toBe(true);
    expect(canEditNeed(stranger, confidential)).toBe(false);
    expect(canEditNeed(null, confidential)).toBe(false);
    expect(canEditNeed(stranger, { ownerId: null })).toBe(false);
  });

  it("shows a confidential need in full to owner, organizers and approved experts only", () => {
    expect(canSeeNeedDetails(owner, confidential)).toBe(true);
    expect(canSeeNeedDetails(organizer, confidential)).toBe(true);
    expect(canSeeNeedDetails(approvedExpert, confidential)).toBe(true);
    expect(canSeeNeedDetails(otherExpert, confidential)).toBe(false);
    expect(canSeeNeedDetails(stranger, confidential)).toBe(false);
    expect(canSeeNeedDetails(null, confidential)).toBe(false);
    expect(canSeeNeedDetails(null, { ...confidential, confidential: false })).toBe(true);
  });

  it("hides drafts from everyone but owner and organizers", () => {
    const draft = { ...confidential, status: "draft" as const };
    expect(canSeeNeed(owner, draft)).toBe(true);
    expect(canSeeNeed(organizer, draft)).toBe(true);
    expect(canSeeNeed(approvedExpert, draft)).toBe(false);
    expect(canSeeNeed(null, draft)).toBe(false);
  });
});

describe("expert and technology permissions", () => {
  it("lets experts edit only their own profile", () => {
    expect(canEditExpert(approvedExpert, 40)).toBe(true);
    expect(canEditExpert(approvedExpert, 50)).toBe(false);
    expect(canEditExpert(organizer, 50)).toBe(true);
    expect(canEditExpert(owner, 40)).toBe(false);
  });

  it("lets experts edit only technologies they own", () => {
    expect(canEditTechnology(approvedExpert, { owner: { id: 40, name: "x" } })).toBe(true);
    expect(canEditTechnology(otherExpert, { owner: { id: 40, name: "x" } })).toBe(false);
    expect(canEditTechnology(otherExpert, { owner: null })).toBe(false);
    expect(canEditTechnology(organizer, { owner: null })).toBe(true);
  });
});

describe("need status workflow", () => {
  it("defines transitions for every status, never to itself", () => {
    for (const status of needStatuses) {
      expect(needTransitions[status]).toBeDefined();
      expect(needTransitions[status]).not.toContain(status);
    }
  });

  it("reaches solved only through in progress", () => {
    const into = needStatuses.filter((s) => needTransitions[s].includes("solved"));
    expect(into).toEqual(["in_progress"]);
  });
});
