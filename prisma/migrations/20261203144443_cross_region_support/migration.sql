-- CreateEnum
CREATE TYPE "PairingTarget" AS ENUM ('PROJECT', 'FUND', 'NEED', 'DISTRICT');

-- CreateEnum
CREATE TYPE "PairingStatus" AS ENUM ('REQUESTED', 'ACTIVE', 'REJECTED', 'ENDED');

-- CreateTable
CREATE TABLE "CooperationAgreement" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "partnerName" TEXT NOT NULL,
    "partnerProvince" TEXT NOT NULL,
    "localName" TEXT NOT NULL,
    "localDistrictCode" TEXT,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE,
    "partnerLiaisonName" TEXT,
    "partnerLiaisonPhone" TEXT,
    "localLiaisonName" TEXT,
    "localLiaisonPhone" TEXT,
    "summary" TEXT,
    "documentId" TEXT,
    "createdById" TEXT NOT NULL,
    "updatedById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CooperationAgreement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupportPairing" (
    "id" TEXT NOT NULL,
    "supportOrgId" TEXT NOT NULL,
    "target" "PairingTarget" NOT NULL,
    "projectId" TEXT,
    "fundId" TEXT,
    "needId" TEXT,
    "districtCode" TEXT NOT NULL,
    "agreementId" TEXT,
    "status" "PairingStatus" NOT NULL DEFAULT 'REQUESTED',
    "note" TEXT,
    "requestedById" TEXT NOT NULL,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SupportPairing_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SupportPairingTransaction" (
    "transactionId" TEXT NOT NULL,
    "pairingId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SupportPairingTransaction_pkey" PRIMARY KEY ("transactionId")
);

-- CreateTable
CREATE TABLE "SupportPairingGoods" (
    "goodsReceiptId" TEXT NOT NULL,
    "pairingId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SupportPairingGoods_pkey" PRIMARY KEY ("goodsReceiptId")
);

-- CreateIndex
CREATE UNIQUE INDEX "CooperationAgreement_documentId_key" ON "CooperationAgreement"("documentId");

-- CreateIndex
CREATE INDEX "CooperationAgreement_startsOn_idx" ON "CooperationAgreement"("startsOn");

-- CreateIndex
CREATE INDEX "SupportPairing_supportOrgId_status_idx" ON "SupportPairing"("supportOrgId", "status");

-- CreateIndex
CREATE INDEX "SupportPairing_districtCode_status_idx" ON "SupportPairing"("districtCode", "status");

-- CreateIndex
CREATE INDEX "SupportPairingTransaction_pairingId_idx" ON "SupportPairingTransaction"("pairingId");

-- CreateIndex
CREATE INDEX "SupportPairingGoods_pairingId_idx" ON "SupportPairingGoods"("pairingId");

-- AddForeignKey
ALTER TABLE "CooperationAgreement" ADD CONSTRAINT "CooperationAgreement_documentId_fkey" FOREIGN KEY ("documentId") REFERENCES "FileUpload"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportPairing" ADD CONSTRAINT "SupportPairing_supportOrgId_fkey" FOREIGN KEY ("supportOrgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportPairing" ADD CONSTRAINT "SupportPairing_agreementId_fkey" FOREIGN KEY ("agreementId") REFERENCES "CooperationAgreement"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportPairingTransaction" ADD CONSTRAINT "SupportPairingTransaction_transactionId_fkey" FOREIGN KEY ("transactionId") REFERENCES "LedgerTransaction"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportPairingTransaction" ADD CONSTRAINT "SupportPairingTransaction_pairingId_fkey" FOREIGN KEY ("pairingId") REFERENCES "SupportPairing"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportPairingGoods" ADD CONSTRAINT "SupportPairingGoods_goodsReceiptId_fkey" FOREIGN KEY ("goodsReceiptId") REFERENCES "GoodsReceipt"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SupportPairingGoods" ADD CONSTRAINT "SupportPairingGoods_pairingId_fkey" FOREIGN KEY ("pairingId") REFERENCES "SupportPairing"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
