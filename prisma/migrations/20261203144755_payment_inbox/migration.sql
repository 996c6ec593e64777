-- CreateTable
CREATE TABLE "PaymentInbox" (
    "id" TEXT NOT NULL,
    "provider" "PaymentProviderName" NOT NULL,
    "eventId" TEXT NOT NULL,
    "event" JSONB NOT NULL,
    "receivedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "nextAttemptAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "lockedUntil" TIMESTAMP(3),
    "lastError" TEXT,
    "deadAt" TIMESTAMP(3),

    CONSTRAINT "PaymentInbox_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "PaymentInbox_nextAttemptAt_idx" ON "PaymentInbox"("nextAttemptAt");

-- CreateIndex
CREATE UNIQUE INDEX "PaymentInbox_provider_eventId_key" ON "PaymentInbox"("provider", "eventId");
