-- CreateTable
CREATE TABLE "SearchOutbox" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "index" TEXT NOT NULL,
    "documentId" INTEGER NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "lastError" TEXT
);

-- CreateIndex
CREATE INDEX "SearchOutbox_index_documentId_idx" ON "SearchOutbox"("index", "documentId");

