-- CreateTable
CREATE TABLE "DockingEvent" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "kind" TEXT NOT NULL DEFAULT 'matchmaking',
    "trackId" INTEGER,
    "venue" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "startsAt" DATETIME NOT NULL,
    "slotMinutes" INTEGER NOT NULL DEFAULT 20,
    "slotCount" INTEGER NOT NULL,
    "breaks" TEXT NOT NULL DEFAULT '[]',
    "tableCount" INTEGER NOT NULL,
    "registrationOpensAt" DATETIME,
    "registrationClosesAt" DATETIME,
    "demandPerNeed" INTEGER NOT NULL DEFAULT 3,
    "meetingsPerExpert" INTEGER NOT NULL DEFAULT 6,
    "quotaRules" TEXT NOT NULL DEFAULT '[]',
    "objective" TEXT NOT NULL DEFAULT 'total',
    "status" TEXT NOT NULL DEFAULT 'draft',
    "publishedAt" DATETIME,
    "createdById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "DockingEvent_trackId_fkey" FOREIGN KEY ("trackId") REFERENCES "Track" ("id") ON DELETE SET NULL ON UPDATE CASCADE,
    CONSTRAINT "DockingEvent_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EventParticipant" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "kind" TEXT NOT NULL,
    "needId" INTEGER,
    "expertId" INTEGER,
    "demand" INTEGER,
    "maxMeetings" INTEGER,
    "minMeetings" INTEGER NOT NULL DEFAULT 0,
    "availability" TEXT NOT NULL DEFAULT '[]',
    "checkInTokenHash" TEXT,
    "checkedInAt" DATETIME,
    "noShowAt" DATETIME,
    "registeredById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "EventParticipant_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "DockingEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EventParticipant_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EventParticipant_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EventPreference" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "needId" INTEGER NOT NULL,
    "expertId" INTEGER NOT NULL,
    "side" TEXT NOT NULL,
    "choice" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "EventPreference_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "DockingEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EventAssignmentRun" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'running',
    "phase" TEXT NOT NULL DEFAULT '',
    "progress" REAL NOT NULL DEFAULT 0,
    "objective" REAL,
    "upperBound" REAL,
    "minNeedScore" REAL,
    "diagnosis" TEXT NOT NULL DEFAULT '',
    "changedPairs" INTEGER,
    "startedById" INTEGER,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "finishedAt" DATETIME,
    CONSTRAINT "EventAssignmentRun_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "DockingEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EventMeeting" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "eventId" INTEGER NOT NULL,
    "needId" INTEGER NOT NULL,
    "expertId" INTEGER NOT NULL,
    "score" REAL NOT NULL DEFAULT 0,
    "locked" BOOLEAN NOT NULL DEFAULT false,
    "source" TEXT NOT NULL DEFAULT 'engine',
    "slot" INTEGER,
    "tableNo" INTEGER,
    "status" TEXT NOT NULL DEFAULT 'assigned',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "EventMeeting_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "DockingEvent" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EventMeeting_needId_fkey" FOREIGN KEY ("needId") REFERENCES "Need" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "EventMeeting_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "EventOutcome" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "meetingId" INTEGER NOT NULL,
    "side" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "contractValueYuan" INTEGER,
    "note" TEXT NOT NULL DEFAULT '',
    "recordedById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "EventOutcome_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "EventMeeting" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "DockingEvent_status_idx" ON "DockingEvent"("status");

-- CreateIndex
CREATE INDEX "DockingEvent_startsAt_idx" ON "DockingEvent"("startsAt");

-- CreateIndex
CREATE UNIQUE INDEX "EventParticipant_checkInTokenHash_key" ON "EventParticipant"("checkInTokenHash");

-- CreateIndex
CREATE INDEX "EventParticipant_eventId_kind_idx" ON "EventParticipant"("eventId", "kind");

-- CreateIndex
CREATE UNIQUE INDEX "EventParticipant_eventId_needId_key" ON "EventParticipant"("eventId", "needId");

-- CreateIndex
CREATE UNIQUE INDEX "EventParticipant_eventId_expertId_key" ON "EventParticipant"("eventId", "expertId");

-- CreateIndex
CREATE INDEX "EventPreference_eventId_idx" ON "EventPreference"("eventId");

-- CreateIndex
CREATE UNIQUE INDEX "EventPreference_eventId_needId_expertId_side_key" ON "EventPreference"("eventId", "needId", "expertId", "side");

-- CreateIndex
CREATE INDEX "EventAssignmentRun_eventId_startedAt_idx" ON "EventAssignmentRun"("eventId", "startedAt");

-- CreateIndex
CREATE INDEX "EventMeeting_eventId_slot_idx" ON "EventMeeting"("eventId", "slot");

-- CreateIndex
CREATE INDEX "EventMeeting_expertId_idx" ON "EventMeeting"("expertId");

-- CreateIndex
CREATE INDEX "EventMeeting_needId_idx" ON "EventMeeting"("needId");

-- CreateIndex
CREATE UNIQUE INDEX "EventMeeting_eventId_needId_expertId_key" ON "EventMeeting"("eventId", "needId", "expertId");

-- CreateIndex
CREATE UNIQUE INDEX "EventOutcome_meetingId_side_key" ON "EventOutcome"("meetingId", "side");

