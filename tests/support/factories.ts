import request from "supertest";
import type { Express } from "express";
import type { Role } from "../../server/accounts/accounts.types.js";
import { Readable } from "node:stream";
import type { Container } from "../../server/container.js";
import type { Db } from "../../server/db/prisma.js";
import { importStream } from "../../server/knowledge/import/import.service.js";

let sequence = 0;
export function uniqueEmail(prefix = "user"): string {
  sequence += 1;
  return `${prefix}-${process.pid}-${sequence}@example.cn`;
}

export interface SignedInAgent {
  agent: request.Agent;
  csrfToken: string;
  userId: number;
  expertId: number | null;
  email: string;
  password: string;
}

/** Registers (or, for staff roles, creates) a user and returns a cookie-carrying agent. */
export async function signUp(
  app: Express,
  container: Container,
  overrides: { role?: Role; name?: string; email?: string; password?: string; organizationName?: string } = {},
): Promise<SignedInAgent> {
  const role = overrides.role ?? "enterprise";
  const email = overrides.email ?? uniqueEmail(role);
  const password = overrides.password ?? "correct horse battery";
  const name = overrides.name ?? `测试${role}`;
  if (role === "organizer" || role === "admin") {
    await container.accounts.createStaff({ email, password, name, role });
  }
  const agent = request.agent(app);
  const response =
    role === "organizer" || role === "admin"
      ? await agent.post("/api/auth/login").send({ email, password })
      : await agent
          .post("/api/auth/register")
          .send({ email, password, name, role, organizationName: overrides.organizationName });
  if (response.status >= 300) throw new Error(`sign-up failed: ${response.status} ${JSON.stringify(response.body)}`);
  const body = response.body as { user: { id: number; expertId: number | null }; csrfToken: string };
  return { agent, csrfToken: body.csrfToken, userId: body.user.id, expertId: body.user.expertId, email, password };
}

export function buildNeed(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    title: "高导热氮化铝陶瓷基板烧结工艺优化",
    description: "企业生产功率模块用陶瓷基板，现有产品导热率偏低。",
    difficulty: "低温烧结时致密度不足。",
    target: "热导率 ≥ 170 W/(m·K)",
    discipline: "材料科学与工程",
    industry: "电子信息",
    keywords: ["氮化铝", "陶瓷基板", "烧结"],
    region: "福州",
    track: "assist",
    confidential: false,
    status: "open",
    ...overrides,
  };
}

/** A cookie-authenticated write from a signed-in agent, carrying its CSRF token. */
export function write(user: SignedInAgent, method: "post" | "put" | "patch" | "delete", path: string): request.Test {
  return user.agent[method](path).set("X-CSRF-Token", user.csrfToken);
}

/** Imports expert profiles the way organizers do (JSONL through the importer); returns their ids in order. */
export async function importExperts(db: Db, experts: Record<string, unknown>[]): Promise<number[]> {
  const lines = experts.map((expert) => JSON.stringify(expert)).join("\n");
  const report = await importStream(db, Readable.from([Buffer.from(lines)]), { kind: "experts", format: "jsonl" });
  if (report.rejected > 0) throw new Error(`import rejected: ${JSON.stringify(report.errors)}`);
  const rows = await db.expert.findMany({
    where: { externalId: { in: experts.map((expert) => String(expert.externalId)) } },
    select: { id: true, externalId: true },
  });
  const ids = new Map(rows.map((row) => [row.externalId, row.id]));
  return experts.map((expert) => ids.get(String(expert.externalId))!);
}
