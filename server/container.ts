import { AccountsRepository } from "./accounts/accounts.repository.js";
import { AccountsService, type Clock } from "./accounts/accounts.service.js";
import type { AppConfig } from "./config.js";
import { createPrismaClient, type Db } from "./db/prisma.js";
import { defaultTracks } from "./knowledge/default-tracks.js";
import { ExpertsRepository } from "./knowledge/experts.repository.js";
import { ExpertsService } from "./knowledge/experts.service.js";
import { NeedsRepository } from "./knowledge/needs.repository.js";
import { NeedsService } from "./knowledge/needs.service.js";
import { ReferenceDataRepository } from "./knowledge/reference-data.repository.js";
import { ReferenceDataService } from "./knowledge/reference-data.service.js";
import { TechnologiesRepository } from "./knowledge/technologies.repository.js";
import { TechnologiesService } from "./knowledge/technologies.service.js";
import { createLogger, type Logger } from "./logger.js";

export interface Container {
  config: AppConfig;
  logger: Logger;
  db: Db;
  clock: Clock;
  accounts: AccountsService;
  experts: ExpertsService;
  needs: NeedsService;
  technologies: TechnologiesService;
  referenceData: ReferenceDataService;
  close(): Promise<void>;
}

export const systemClock: Clock = { now: () => new Date() };

/** The composition root: the only place that creates the database client and the services. */
export async function createContainer(config: AppConfig, options: { clock?: Clock; logger?: Logger } = {}): Promise<Container> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = await createPrismaClient(config.databaseUrl);
  const experts = new ExpertsRepository(db);
  const referenceData = new ReferenceDataRepository(db);
  await referenceData.ensureTracks(defaultTracks);
  return {
    config,
    logger,
    db,
    clock,
    accounts: new AccountsService(new AccountsRepository(db), {
      sessionSecret: config.sessionSecret,
      sessionTtlMs: config.sessionTtlMs,
      clock,
    }),
    experts: new ExpertsService(experts),
    needs: new NeedsService(new NeedsRepository(db), referenceData, experts),
    technologies: new TechnologiesService(new TechnologiesRepository(db), experts),
    referenceData: new ReferenceDataService(referenceData),
    async close() {
      await db.$disconnect();
    },
  };
}
