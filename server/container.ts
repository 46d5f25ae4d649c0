import { MeilisearchIndex, SqliteFtsIndex, type SearchIndex } from "../matching/index.js";
import { AccountsRepository } from "./accounts/accounts.repository.js";
import { AccountsService } from "./accounts/accounts.service.js";
import { productionScryptCost, testScryptCost } from "./accounts/password-hashing.js";
import { LoginThrottle } from "./accounts/login-throttle.js";
import { ProfileClaimsRepository } from "./accounts/profile-claims.repository.js";
import { ProfileClaimsService } from "./accounts/profile-claims.service.js";
import { defaultBackupTiming, ScheduledBackups, type BackupScheduleOptions } from "./backups/scheduled-backups.js";
import type { AppConfig } from "./config.js";
import { DashboardRepository } from "./dashboard/dashboard.repository.js";
import { DashboardService } from "./dashboard/dashboard.service.js";
import { importUploadDirectory, matchingModelFile, searchDatabaseFile } from "./db/database-files.js";
import { holdDatabaseInUse, type HeldLock } from "./db/database-in-use-lock.js";
import { createPrismaClient, type Db } from "./db/prisma.js";
import { defaultTracks } from "./knowledge/default-tracks.js";
import { ExpertsRepository } from "./knowledge/experts.repository.js";
import { ExpertsService } from "./knowledge/experts.service.js";
import { ImportJobsRepository } from "./knowledge/import/import-jobs.repository.js";
import { ImportJobs } from "./knowledge/import/import-jobs.service.js";
import type { NeedStatus } from "./knowledge/knowledge.types.js";
import { NeedsRepository } from "./knowledge/needs.repository.js";
import { NeedsService } from "./knowledge/needs.service.js";
import { ReferenceDataRepository } from "./knowledge/reference-data.repository.js";
import { ReferenceDataService } from "./knowledge/reference-data.service.js";
import { TechnologiesRepository } from "./knowledge/technologies.repository.js";
import { TechnologiesService } from "./knowledge/technologies.service.js";
import { NotFoundError } from "./errors.js";
import { EventAssignmentService } from "./events/event-assignment.service.js";
import { EventPreferencesService } from "./events/event-preferences.service.js";
import { EventRegistrationService } from "./events/event-registration.service.js";
import { EventReviewService } from "./events/event-review.service.js";
import { EventScheduleService } from "./events/event-schedule.service.js";
import { EventsRepository } from "./events/events.repository.js";
import { EventsService } from "./events/events.service.js";
import { LiveDayBus } from "./events/live-day.bus.js";
import { EventCandidates } from "./events/live-day.candidates.js";
import { LiveDayRepository } from "./events/live-day.repository.js";
import { LiveDayService } from "./events/live-day.service.js";
import { OutcomesRepository } from "./events/outcomes.repository.js";
import { OutcomesService } from "./events/outcomes.service.js";
import { IndexWorker } from "./indexing/index-worker.js";
import { createLogger, type Logger } from "./logger.js";
import { InvitationsRepository } from "./matches/invitations.repository.js";
import { InvitationsService } from "./matches/invitations.service.js";
import { MatchCurationRepository } from "./matches/match-curation.repository.js";
import { PoolRanking } from "./matches/pool-ranking.js";
import { MatchCurationService } from "./matches/match-curation.service.js";
import { MatchingEngineHost } from "./matches/engine-host.js";
import { MatchesService } from "./matches/matches.service.js";
import {
  defaultEmailDeliveryOptions,
  EmailDeliveryWorker,
  type EmailDeliveryOptions,
} from "./notifications/email-delivery-worker.js";
import { EmailOutboxRepository } from "./notifications/email-outbox.repository.js";
import { EmailRecipients, UnsubscribeTokens } from "./notifications/email-recipients.js";
import { EmailSettingsService } from "./notifications/email-settings.service.js";
import { EmailTemplates } from "./notifications/email-templates.js";
import { NotificationEmails } from "./notifications/notification-emails.js";
import { NotificationHub } from "./notifications/notification-hub.js";
import { InvitationEmails } from "./matches/invitation-emails.js";
import { EngagementMessagesRepository } from "./matches/engagement-messages.repository.js";
import { EngagementsService } from "./matches/engagements.service.js";
import {
  defaultSuggestionDigestOptions,
  SuggestionDigestJob,
  type SuggestionDigestOptions,
} from "./notifications/suggestion-digest-job.js";
import { SuggestionDigestsRepository } from "./notifications/suggestion-digests.repository.js";
import { SuggestionNotifier } from "./notifications/suggestion-notifier.js";
import { QuestionForwardEmails } from "./salons/question-forward-emails.js";
import { QuestionForwardsRepository } from "./salons/question-forwards.repository.js";
import { connectRealtimeCluster, type RealtimeCluster } from "./realtime/redis-cluster.js";
import { SalonEventBus } from "./salons/salon-event-bus.js";
import { SalonGuestsRepository } from "./salons/salon-guests.repository.js";
import { SalonRemindersRepository } from "./salons/salon-reminders.repository.js";
import {
  defaultSalonReminderOptions,
  SalonStartReminders,
  type SalonReminderOptions,
} from "./salons/salon-start-reminders.js";
import { guestActor, SalonGuestsService } from "./salons/salon-guests.service.js";
import { SalonsRepository } from "./salons/salons.repository.js";
import { SalonsService, type SalonsServiceOptions } from "./salons/salons.service.js";
import { SearchService } from "./search/search.service.js";
import { abuseLimits } from "./shared/abuse.limits.js";
import { systemClock, type Clock } from "./shared/clock.js";
import { RateLimiter } from "./shared/rate-limiter.js";

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
  searchIndex: SearchIndex;
  indexWorker: IndexWorker;
  search: SearchService;
  matches: MatchesService;
  /** Imports uploaded to the running server, each parsed and written by a worker thread. */
  imports: ImportJobs;
  /** The matching engine's worker threads; main.ts starts it, tests may leave it lazy. */
  matchingEngine: MatchingEngineHost;
  invitations: InvitationsService;
  /** Accepted invitations: both sides' contacts and their message thread. */
  engagements: EngagementsService;
  curation: MatchCurationService;
  notifications: NotificationHub;
  /** Imported experts claiming their profiles through one-time email links. */
  claims: ProfileClaimsService;
  /** Renders notification emails for the outbox. */
  notificationEmails: NotificationEmails;
  emailRecipients: EmailRecipients;
  emailOutbox: EmailOutboxRepository;
  emailSettings: EmailSettingsService;
  /** Delivers the outbox through SMTP; main.ts starts it. */
  emailWorker: EmailDeliveryWorker;
  suggestionNotifier: SuggestionNotifier;
  /** Emails each expert the suggestions no earlier digest told them of, once a day; main.ts starts it. */
  suggestionDigest: SuggestionDigestJob;
  /** Emails a salon's participants that it starts soon; main.ts starts it. */
  salonReminders: SalonStartReminders;
  salons: SalonsService;
  /** The organizers' dashboard: counts, trends and the funnel from the live tables. */
  dashboard: DashboardService;
  /** People without an account in public salons (join codes, display names). */
  salonGuests: SalonGuestsService;
  /** Salon questions forwarded to experts (their inbox). */
  questionForwards: QuestionForwardsRepository;
  /** Committed salon events, for the realtime server to deliver. */
  salonEvents: SalonEventBus;
  /** Docking events: the event and its lifecycle, registration, preferences, assignment, review, schedule. */
  events: EventsService;
  eventRegistration: EventRegistrationService;
  eventPreferences: EventPreferencesService;
  eventAssignment: EventAssignmentService;
  eventReview: EventReviewService;
  eventSchedule: EventScheduleService;
  /** Docking events on the day: check-in, no-shows, refills, the wall. */
  liveDay: LiveDayService;
  /** What came of docking-event meetings (feeds the matcher and moves needs along). */
  outcomes: OutcomesService;
  /** Committed live-day changes, for the realtime server to deliver to desks and walls. */
  liveDayBus: LiveDayBus;
  /** Redis shared by several nodes (the Socket.IO adapter and presence); null for a single process. */
  realtimeCluster: RealtimeCluster | null;
  /** Failed sign-ins per address and email. */
  loginThrottle: LoginThrottle;
  /** Failed sign-ins per address across emails; null when the per-address limits are off. */
  addressThrottle: LoginThrottle | null;
  /** Registrations per address; null when the per-address limits are off. */
  registrations: RateLimiter | null;
  /** The server's own backups (BACKUP_EVERY_HOURS); main.ts starts them. */
  backups: ScheduledBackups;
  close(): Promise<void>;
}

function createSearchIndex(config: AppConfig): SearchIndex {
  if (config.searchEngine === "meilisearch") {
    return new MeilisearchIndex({ url: config.meiliUrl!, apiKey: config.meiliApiKey });
  }
  // The server's event loop answers requests: analysis of bulk changes runs in worker threads.
  return new SqliteFtsIndex({ file: searchDatabaseFile(config.databaseFile), keepCallerResponsive: true });
}

export interface ContainerOptions {
  clock?: Clock;
  logger?: Logger;
  searchIndex?: SearchIndex;
  salons?: SalonsServiceOptions;
  /** Faster polling and retries in tests. */
  email?: Partial<Omit<EmailDeliveryOptions, "smtpUrl" | "from">>;
  salonReminders?: Partial<SalonReminderOptions>;
  suggestionDigest?: Partial<SuggestionDigestOptions>;
  backups?: Partial<Pick<BackupScheduleOptions, "firstCheckDelayMs" | "checkEveryMs">>;
}

/** The composition root: the only place that creates the database client and the services. */
export async function createContainer(config: AppConfig, options: ContainerOptions = {}): Promise<Container> {
  // Held from before the database opens until after it closes, so that a restore never swaps the
  // files under a running server or command (database-in-use-lock.ts).
  const inUse = holdDatabaseInUse(config.databaseFile);
  try {
    return await assembleContainer(config, options, inUse);
  } catch (error) {
    inUse.release();
    throw error;
  }
}

async function assembleContainer(config: AppConfig, options: ContainerOptions, inUse: HeldLock): Promise<Container> {
  const clock = options.clock ?? systemClock;
  const logger = options.logger ?? createLogger(config.logLevel);
  const db = await createPrismaClient(config.databaseUrl);
  const experts = new ExpertsRepository(db);
  const needsRepository = new NeedsRepository(db);
  const technologiesRepository = new TechnologiesRepository(db);
  const referenceData = new ReferenceDataRepository(db);
  await referenceData.ensureTracks(defaultTracks);
  const searchIndex = options.searchIndex ?? createSearchIndex(config);
  // Short batches: each one is a turn of the event loop (reads, then writes of the analysed rows).
  const indexWorker = new IndexWorker(db, searchIndex, logger, { batchSize: 100 });
  try {
    await indexWorker.applySchemas();
  } catch (error) {
    // Writes must work while search is down; the worker applies the schemas once it answers.
    logger.warn({ err: error }, "search engine unavailable at start-up; will retry");
  }
  const notifications = new NotificationHub((error) => logger.error({ err: error }, "a notification listener failed"));
  // Needs are matched when they open; the notifier needs the matcher, built below.
  let suggestionNotifier: SuggestionNotifier | null = null;
  const needs = new NeedsService(needsRepository, referenceData, experts, (need) =>
    suggestionNotifier?.needOpened(need),
  );
  const invitations = new InvitationsRepository(db);
  const curationRepository = new MatchCurationRepository(db);
  const curation = new MatchCurationService(curationRepository, needs, experts);
  const imports = new ImportJobs({
    repository: new ImportJobsRepository(db),
    databaseUrl: config.databaseUrl,
    uploadDir: importUploadDirectory(config.databaseFile),
    clock,
    logger,
    onChange: (job) => {
      if (job.createdById === null) return;
      notifications.publish([job.createdById], {
        type: job.status === "running" ? "import.progress" : "import.finished",
        importJobId: job.id,
        fileName: job.fileName,
        status: job.status,
        percent: job.progress?.percent ?? null,
        etaSeconds: job.progress?.etaSeconds ?? null,
      });
    },
  });
  const outcomesRepository = new OutcomesRepository(db);
  const matchingEngine = new MatchingEngineHost({
    db,
    invitations,
    outcomes: outcomesRepository,
    // A half-imported collection is not worth a model, and a model built beside the search
    // index's catch-up doubles the memory and halves the speed of both on a small machine:
    // the next model is built once imports and indexing have settled.
    holdBuilds: () => imports.busy || indexWorker.catchingUp,
    databaseUrl: config.databaseUrl,
    modelFile: matchingModelFile(config.databaseFile),
    clock,
    logger,
    ...config.matching,
  });
  const matches = new MatchesService(
    needs,
    needsRepository,
    experts,
    technologiesRepository,
    invitations,
    curationRepository,
    matchingEngine,
  );
  suggestionNotifier = new SuggestionNotifier(matches, notifications, logger);
  const accounts = new AccountsService(new AccountsRepository(db), {
    sessionSecret: config.sessionSecret,
    sessionTtlMs: config.sessionTtlMs,
    clock,
    // Cheaper hashes only for the test suite (docs/decisions.md §38); stored hashes carry their cost.
    passwordCost: config.env === "test" ? testScryptCost : productionScryptCost,
  });
  const emailRecipients = new EmailRecipients(db);
  const emailOutbox = new EmailOutboxRepository(db);
  const unsubscribeTokens = new UnsubscribeTokens(config.sessionSecret);
  const notificationEmails = new NotificationEmails(new EmailTemplates(), unsubscribeTokens, config.publicUrl);
  const claims = new ProfileClaimsService(
    new ProfileClaimsRepository(db),
    accounts,
    notificationEmails,
    emailRecipients,
    clock,
  );
  const emailWorker = new EmailDeliveryWorker(
    emailOutbox,
    emailRecipients,
    notificationEmails,
    { ...defaultEmailDeliveryOptions, ...options.email, ...config.email },
    clock,
    logger,
  );
  const suggestionDigest = new SuggestionDigestJob(
    new SuggestionDigestsRepository(db),
    matches,
    emailRecipients,
    notificationEmails,
    { ...defaultSuggestionDigestOptions, ...options.suggestionDigest },
    clock,
    logger,
  );
  const salonReminders = new SalonStartReminders(
    new SalonRemindersRepository(db),
    emailRecipients,
    notificationEmails,
    { ...defaultSalonReminderOptions, leadMs: config.salonReminderLeadMs, ...options.salonReminders },
    clock,
    logger,
  );
  const salonEvents = new SalonEventBus();
  const questionForwards = new QuestionForwardsRepository(db);
  const questionForwardEmails = new QuestionForwardEmails(claims, notificationEmails, emailRecipients, notifications);
  const salonGuestsRepository = new SalonGuestsRepository(db);
  const salons = new SalonsService(
    new SalonsRepository(db),
    salonEvents,
    {
      clock,
      logger,
      findUser: (id) => accounts.findUser(id),
      findGuest: async (userId) => {
        const guest = userId < 0 ? await salonGuestsRepository.find(-userId) : null;
        return guest && guestActor(guest);
      },
      needs,
      forwardToExpert: async ({ expertId, salonTitle, questionText, ...forward }) => {
        const expert = await experts.findById(expertId);
        if (!expert) throw new NotFoundError("Expert", expertId);
        const email = await questionForwardEmails.forwarded(expert, { salonTitle, questionText });
        if (!(await questionForwards.create({ ...forward, expertId }, email))) return false;
        if (expert.userId !== null) {
          notifications.publish([expert.userId], {
            type: "question.forwarded",
            salonId: forward.salonId,
            salonTitle,
            questionId: forward.questionId,
            questionText,
          });
        }
        return true;
      },
      suggestExperts: async (topic) =>
        (await matches.expertsForTopic(topic, 3)).items.map(({ expert, score }) => ({
          expertId: expert.id,
          name: expert.name,
          organization: expert.organization,
          title: expert.title,
          score,
        })),
    },
    options.salons,
  );
  const eventsRepository = new EventsRepository(db);
  // A run the previous process left half-way never finishes: say so instead of "running" forever.
  await eventsRepository.failStaleRuns("The server restarted during this run; run it again", clock.now());
  const events = new EventsService(eventsRepository, clock);
  const eventAssignment = new EventAssignmentService(eventsRepository, events, {
    scoring: new PoolRanking(needsRepository, curationRepository, matchingEngine),
    notifications,
    clock,
    logger,
  });
  const eventPreferences = new EventPreferencesService(eventsRepository, events, {
    expertsAmong: (needId, expertIds, top) => matches.expertsAmong(needId, expertIds, top, true),
    needsForExpert: async (actor, expertId) =>
      (await matches.suggestionsForExpert(actor, expertId, 100)).items.map((s) => ({
        needId: s.need.id,
        title: s.need.title,
        detail: s.detailsVisible && !s.need.confidential ? s.need.enterprise : "",
        score: s.score,
        explanation: s.explanation,
      })),
  });
  const liveDayBus = new LiveDayBus((error) => logger.error({ err: error }, "a live-day listener failed"));
  const liveDay = new LiveDayService({
    repository: new LiveDayRepository(db),
    candidates: new EventCandidates(matches),
    bus: liveDayBus,
    notify: (userIds, notification) => notifications.publish(userIds, notification),
    clock,
    secret: config.sessionSecret,
  });
  const realtimeCluster = config.redisUrl
    ? await connectRealtimeCluster(config.redisUrl, { logger, presenceLeaseMs: config.presenceLeaseMs })
    : null;
  const backups = new ScheduledBackups(
    {
      databaseFile: config.databaseFile,
      ...config.backups,
      ...defaultBackupTiming,
      ...options.backups,
    },
    clock,
    logger,
  );
  const now = () => clock.now().getTime();
  const perAddress = config.abuseLimits;
  return {
    config,
    logger,
    db,
    clock,
    accounts,
    experts: new ExpertsService(experts),
    needs,
    technologies: new TechnologiesService(technologiesRepository, experts),
    referenceData: new ReferenceDataService(referenceData),
    searchIndex,
    indexWorker,
    search: new SearchService(
      searchIndex,
      { experts, needs: needsRepository, technologies: technologiesRepository },
      needs,
    ),
    matches,
    imports,
    matchingEngine,
    invitations: new InvitationsService(
      invitations,
      needs,
      needsRepository,
      experts,
      curation,
      notifications,
      clock,
      new InvitationEmails(claims, notificationEmails, emailRecipients),
    ),
    engagements: new EngagementsService(
      invitations,
      needsRepository,
      experts,
      new EngagementMessagesRepository(db),
      notifications,
      notificationEmails,
      emailRecipients,
    ),
    notifications,
    claims,
    notificationEmails,
    emailRecipients,
    emailOutbox,
    emailSettings: new EmailSettingsService(emailRecipients, emailOutbox, unsubscribeTokens),
    emailWorker,
    suggestionNotifier,
    suggestionDigest,
    salonReminders,
    curation,
    salons,
    dashboard: new DashboardService(new DashboardRepository(db), clock),
    salonGuests: new SalonGuestsService(salonGuestsRepository, salons),
    salonEvents,
    questionForwards,
    events,
    eventRegistration: new EventRegistrationService(eventsRepository, events, logger),
    eventPreferences,
    eventAssignment,
    eventReview: new EventReviewService(eventsRepository, events),
    eventSchedule: new EventScheduleService(eventsRepository, events, { notifications, clock, logger }),
    liveDay,
    liveDayBus,
    outcomes: new OutcomesService(
      outcomesRepository,
      (needId, from, to) => needsRepository.transition(needId, from as NeedStatus, to as NeedStatus),
      clock,
    ),
    realtimeCluster,
    loginThrottle: new LoginThrottle({ ...abuseLimits.signInFailuresPerEmail, now }),
    addressThrottle: perAddress ? new LoginThrottle({ ...abuseLimits.signInFailuresPerAddress, now }) : null,
    registrations: perAddress ? new RateLimiter(now) : null,
    backups,
    async close() {
      // In order, each named: a shutdown that hangs says which part it waits for.
      await shutDownInOrder(logger, [
        ["backups", () => backups.stop()],
        ["suggestion notifications", () => suggestionNotifier?.idle()],
        ["salons", () => salons.shutdown()],
        ["suggestion digest", () => suggestionDigest.stop()],
        ["salon reminders", () => salonReminders.stop()],
        ["email worker", () => emailWorker.stop()],
        ["event assignment", () => eventAssignment.idle()],
        ["imports", () => imports.close()],
        ["index worker", () => indexWorker.stop()],
        ["matching engine", () => matchingEngine.close()],
        ["search index", () => searchIndex.close()],
        ["realtime cluster", () => realtimeCluster?.close()],
        ["database", () => db.$disconnect()],
        ["database in-use lock", async () => inUse.release()],
      ]);
    },
  };
}

/** A shutdown step still running after this is logged with its name (it may be hanging). */
const slowShutdownStepMs = 5_000;

async function shutDownInOrder(logger: Logger, steps: [string, () => Promise<unknown> | undefined][]): Promise<void> {
  for (const [step, run] of steps) {
    const slow = setTimeout(() => logger.warn({ step }, "shutdown still waiting"), slowShutdownStepMs);
    slow.unref();
    try {
      await run();
    } finally {
      clearTimeout(slow);
    }
  }
}
