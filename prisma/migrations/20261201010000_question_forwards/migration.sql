-- CreateTable
CREATE TABLE "SalonQuestionForward" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "salonId" INTEGER NOT NULL,
    "questionId" INTEGER NOT NULL,
    "expertId" INTEGER NOT NULL,
    "forwardedById" INTEGER,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SalonQuestionForward_salonId_questionId_fkey" FOREIGN KEY ("salonId", "questionId") REFERENCES "SalonQuestion" ("salonId", "id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "SalonQuestionForward_expertId_fkey" FOREIGN KEY ("expertId") REFERENCES "Expert" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SalonQuestionForward_expertId_idx" ON "SalonQuestionForward"("expertId");

-- CreateIndex
CREATE UNIQUE INDEX "SalonQuestionForward_salonId_questionId_expertId_key" ON "SalonQuestionForward"("salonId", "questionId", "expertId");

