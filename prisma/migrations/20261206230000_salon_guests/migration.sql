-- AlterTable
ALTER TABLE "Salon" ADD COLUMN "joinCode" TEXT;

-- CreateTable
CREATE TABLE "SalonGuest" (
    "id" INTEGER NOT NULL PRIMARY KEY AUTOINCREMENT,
    "salonId" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "secretHash" TEXT NOT NULL,
    "address" TEXT NOT NULL DEFAULT '',
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "SalonGuest_salonId_fkey" FOREIGN KEY ("salonId") REFERENCES "Salon" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "SalonGuest_salonId_idx" ON "SalonGuest"("salonId");

-- CreateIndex
CREATE UNIQUE INDEX "Salon_joinCode_key" ON "Salon"("joinCode");

