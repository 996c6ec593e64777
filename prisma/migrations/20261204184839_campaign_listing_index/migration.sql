-- CreateIndex
CREATE INDEX "Campaign_status_approvedAt_id_idx" ON "Campaign"("status", "approvedAt" DESC, "id");
