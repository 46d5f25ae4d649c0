export const selfRegisteredRoles = ["enterprise", "expert"] as const;
export const roles = ["enterprise", "expert", "organizer", "admin"] as const;
export type Role = (typeof roles)[number];

export interface Organization {
  id: number;
  name: string;
  kind: string;
  region: string;
  industry: string;
  description: string;
  /** Private contact details. */
  email: string | null;
  phone: string | null;
}

export interface User {
  id: number;
  email: string;
  name: string;
  role: Role;
  organization: Organization | null;
  /** The expert profile owned by this account, when the account is an expert's. */
  expertId: number | null;
  createdAt: Date;
}

/** A signed-in browser or client, as its user sees it in the list of sessions. */
export interface SessionInfo {
  /** The SHA-256 of the session id: names it without being able to sign anyone in. */
  key: string;
  createdAt: Date;
  expiresAt: Date;
  userAgent: string;
}

/** An API token without its secret. */
export interface ApiTokenInfo {
  id: number;
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date;
}

/** How long an API token works unless its creator asks for less. */
export const defaultTokenLifetimeDays = 90;
export const maxTokenLifetimeDays = 365;

/** Who is acting: what permission checks look at. */
export interface Actor {
  userId: number;
  role: Role;
  expertId: number | null;
}

export function actorOf(user: User): Actor {
  return { userId: user.id, role: user.role, expertId: user.expertId };
}

export function isStaff(actor: Pick<Actor, "role"> | { role: string } | null): boolean {
  return actor?.role === "organizer" || actor?.role === "admin";
}
