-- CreateTable
CREATE TABLE "Salon" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "title" TEXT NOT NULL,
    "topic" TEXT NOT NULL DEFAULT '',
    "description" TEXT NOT NULL DEFAULT '',
    "disciplines" TEXT NOT NULL DEFAULT '[]',
    "startsAt" DATETIME,
    "endsAt" DATETIME,
    "visibility" TEXT NOT NULL DEFAULT 'public',
    "status" TEXT NOT NULL DEFAULT 'scheduled',
    "premoderation" BOOLEAN NOT NULL DEFAULT false,
    "slowModeSeconds" INTEGER NOT NULL DEFAULT 0,
    "handBudgetSeconds" INTEGER NOT NULL DEFAULT 120,
    "organizerId" INTEGER,
    "lastSeq" INTEGER NOT NULL DEFAULT 0,
    "queue" TEXT NOT NULL DEFAULT '{}',
    "openedAt" DATETIME,
    "closedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Salon_organizerId_fkey" FOREIGN KEY ("organizerId") REFERENCES "User" ("id") ON DELETE SET NULL ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SalonSpeaker" (
    "salonId" INTEGER NOT NULL,
    "expertId" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "talkTitle" TEXT NOT NULL DEFAULT '',
    "budgetSeconds" INTEGER NOT NULL DEFAULT 600,

    PRIMARY KEY ("salonId", "expertId"),
    CONSTRAINT "SalonSpeaker_salonId_fkey" FOREIGN KEY ("salonId") REFERENCES "Salon" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SalonSpeaker_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SalonModerator" (
    "salonId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,

    PRIMARY KEY ("salonId", "userId"),
    CONSTRAINT "SalonModerator_salonId_fkey" FOREIGN KEY ("salonId") REFERENCES "Salon" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SalonModerator_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SalonInvite" (
    "salonId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,

    PRIMARY KEY ("salonId", "userId"),
    CONSTRAINT "SalonInvite_salonId_fkey" FOREIGN KEY ("salonId") REFERENCES "Salon" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SalonInvite_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SalonMember" (
    "salonId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "muted" BOOLEAN NOT NULL DEFAULT false,
    "lastPostedAt" DATETIME,

    PRIMARY KEY ("salonId", "userId"),
    CONSTRAINT "SalonMember_salonId_fkey" FOREIGN KEY ("salonId") REFERENCES "Salon" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SalonBan" (
    "salonId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "byUserId" INTEGER,
    "reason" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("salonId", "userId"),
    CONSTRAINT "SalonBan_salonId_fkey" FOREIGN KEY ("salonId") REFERENCES "Salon" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SalonEvent" (
    "salonId" INTEGER NOT NULL,
    "seq" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "payload" TEXT NOT NULL,
    "actorId" INTEGER,
    "actorName" TEXT NOT NULL DEFAULT '',
    "subjectUserId" INTEGER,
    "at" DATETIME NOT NULL,

    PRIMARY KEY ("salonId", "seq"),
    CONSTRAINT "SalonEvent_salonId_fkey" FOREIGN KEY ("salonId") REFERENCES "Salon" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SalonQuestion" (
    "salonId" INTEGER NOT NULL,
    "id" INTEGER NOT NULL,
    "authorId" INTEGER,
    "authorName" TEXT NOT NULL,
    "anonymous" BOOLEAN NOT NULL DEFAULT false,
    "text" TEXT NOT NULL,
    "status" TEXT NOT NULL,
    "pinned" BOOLEAN NOT NULL DEFAULT false,
    "hiddenReason" TEXT NOT NULL DEFAULT '',
    "mergedIntoId" INTEGER,
    "votes" INTEGER NOT NULL DEFAULT 0,
    "needId" INTEGER,
    "createdAt" DATETIME NOT NULL,
    "answeredAt" DATETIME,

    PRIMARY KEY ("salonId", "id"),
    CONSTRAINT "SalonQuestion_salonId_fkey" FOREIGN KEY ("salonId") REFERENCES "Salon" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SalonQuestionVote" (
    "salonId" INTEGER NOT NULL,
    "questionId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,

    PRIMARY KEY ("salonId", "questionId", "userId"),
    CONSTRAINT "SalonQuestionVote_salonId_questionId_fkey" FOREIGN KEY ("salonId", "questionId") REFERENCES "SalonQuestion" ("salonId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SalonPoll" (
    "salonId" INTEGER NOT NULL,
    "id" INTEGER NOT NULL,
    "question" TEXT NOT NULL,
    "options" TEXT NOT NULL,
    "multiple" BOOLEAN NOT NULL DEFAULT false,
    "status" TEXT NOT NULL DEFAULT 'open',
    "openedAt" DATETIME NOT NULL,
    "closedAt" DATETIME,

    PRIMARY KEY ("salonId", "id"),
    CONSTRAINT "SalonPoll_salonId_fkey" FOREIGN KEY ("salonId") REFERENCES "Salon" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SalonPollVote" (
    "salonId" INTEGER NOT NULL,
    "pollId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "optionIds" TEXT NOT NULL,

    PRIMARY KEY ("salonId", "pollId", "userId"),
    CONSTRAINT "SalonPollVote_salonId_pollId_fkey" FOREIGN KEY ("salonId", "pollId") REFERENCES "SalonPoll" ("salonId", "id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "SalonMutation" (
    "salonId" INTEGER NOT NULL,
    "userId" INTEGER NOT NULL,
    "clientMutationId" TEXT NOT NULL,
    "result" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,

    PRIMARY KEY ("salonId", "userId", "clientMutationId"),
    CONSTRAINT "SalonMutation_salonId_fkey" FOREIGN KEY ("salonId") REFERENCES "Salon" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "Salon_status_idx" ON "Salon"("status");

-- CreateIndex
CREATE INDEX "Salon_startsAt_idx" ON "Salon"("startsAt");

-- CreateIndex
CREATE INDEX "SalonModerator_userId_idx" ON "SalonModerator"("userId");

-- CreateIndex
CREATE INDEX "SalonInvite_userId_idx" ON "SalonInvite"("userId");

-- CreateIndex
CREATE INDEX "SalonEvent_salonId_type_seq_idx" ON "SalonEvent"("salonId", "type", "seq");

-- CreateIndex
CREATE INDEX "SalonQuestion_salonId_status_idx" ON "SalonQuestion"("salonId", "status");

