-- CreateEnum
CREATE TYPE "ProducerKind" AS ENUM ('COOPERATIVE', 'VILLAGE_COLLECTIVE', 'ENTERPRISE', 'HOUSEHOLD', 'AGENT');

-- CreateEnum
CREATE TYPE "ProducerStatus" AS ENUM ('SUBMITTED', 'RECOMMENDED', 'RETURNED', 'APPROVED', 'REJECTED', 'SUSPENDED');

-- CreateEnum
CREATE TYPE "ProductCategory" AS ENUM ('GRAIN_OIL', 'MEAT_POULTRY_EGGS', 'FRUIT_VEG', 'TEA', 'DRIED_SPECIALTY', 'HANDICRAFT', 'OTHER');

-- CreateEnum
CREATE TYPE "ProductStatus" AS ENUM ('DRAFT', 'LISTED', 'UNLISTED', 'TAKEN_DOWN');

-- CreateEnum
CREATE TYPE "StockMovementKind" AS ENUM ('RECEIVED', 'RESERVED', 'RELEASED', 'SOLD', 'RETURNED', 'ADJUSTED');

-- CreateEnum
CREATE TYPE "ShopCheckoutStatus" AS ENUM ('PENDING', 'PAID', 'CANCELLED');

-- CreateEnum
CREATE TYPE "ShopOrderStatus" AS ENUM ('PENDING', 'PAID', 'SHIPPED', 'RECEIVED', 'COMPLETED', 'CANCELLED', 'REFUNDED');

-- CreateEnum
CREATE TYPE "OrderRefundStatus" AS ENUM ('REQUESTED', 'REJECTED', 'PENDING', 'SUCCEEDED', 'FAILED');

-- CreateEnum
CREATE TYPE "SalesChannel" AS ENUM ('ONLINE', 'MALL', 'PAIRED', 'TOURISM', 'FAIR', 'LABOUR');

-- CreateEnum
CREATE TYPE "BuyerKind" AS ENUM ('INDIVIDUAL', 'ENTERPRISE', 'GOVERNMENT', 'SCHOOL_CANTEEN', 'ORGANIZATION');

-- CreateEnum
CREATE TYPE "SaleSource" AS ENUM ('RECORDED', 'IMPORT', 'SHOP');

-- AlterTable
ALTER TABLE "LedgerAccount" ADD COLUMN     "producerId" TEXT;

-- AlterTable
ALTER TABLE "LedgerTransaction" ADD COLUMN     "orderId" TEXT,
ADD COLUMN     "orderRefundId" TEXT,
ADD COLUMN     "payoutId" TEXT,
ADD COLUMN     "producerId" TEXT;

-- AlterTable
ALTER TABLE "PaymentEvent" ADD COLUMN     "checkoutId" TEXT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "districtCode" TEXT;

-- CreateTable
CREATE TABLE "Producer" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "ProducerKind" NOT NULL,
    "status" "ProducerStatus" NOT NULL DEFAULT 'SUBMITTED',
    "districtCode" TEXT NOT NULL,
    "town" TEXT,
    "village" TEXT,
    "creditCode" TEXT,
    "contactName" TEXT NOT NULL,
    "contactPhone" TEXT NOT NULL,
    "description" TEXT,
    "originStatement" TEXT,
    "householdCount" INTEGER NOT NULL DEFAULT 0,
    "supportOrgId" TEXT NOT NULL,
    "accountUserId" TEXT,
    "reviewReason" TEXT,
    "recommendedById" TEXT,
    "recommendedAt" TIMESTAMP(3),
    "approvedById" TEXT,
    "approvedAt" TIMESTAMP(3),
    "suspendedAt" TIMESTAMP(3),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Producer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProducerHousehold" (
    "id" TEXT NOT NULL,
    "producerId" TEXT NOT NULL,
    "idNumberHash" TEXT NOT NULL,
    "idNumberMasked" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProducerHousehold_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Product" (
    "id" TEXT NOT NULL,
    "producerId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "category" "ProductCategory" NOT NULL,
    "unit" TEXT NOT NULL,
    "spec" TEXT,
    "description" TEXT,
    "priceFen" BIGINT NOT NULL,
    "referencePriceFen" BIGINT,
    "stockOnHand" INTEGER NOT NULL DEFAULT 0,
    "stockReserved" INTEGER NOT NULL DEFAULT 0,
    "originDistrictCode" TEXT NOT NULL,
    "originPlace" TEXT,
    "season" TEXT,
    "certNumber" TEXT,
    "certExpiresOn" DATE,
    "certVerifiedAt" TIMESTAMP(3),
    "certVerifiedById" TEXT,
    "status" "ProductStatus" NOT NULL DEFAULT 'DRAFT',
    "takedownReason" TEXT,
    "takenDownById" TEXT,
    "takenDownAt" TIMESTAMP(3),
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Product_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProductPhoto" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "fileId" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "ProductPhoto_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "StockMovement" (
    "id" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "kind" "StockMovementKind" NOT NULL,
    "quantity" INTEGER NOT NULL,
    "orderId" TEXT,
    "note" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "StockMovement_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShopCheckout" (
    "id" TEXT NOT NULL,
    "buyerUserId" TEXT,
    "buyerEmail" CITEXT,
    "amountFen" BIGINT NOT NULL,
    "currency" TEXT NOT NULL DEFAULT 'CNY',
    "status" "ShopCheckoutStatus" NOT NULL DEFAULT 'PENDING',
    "provider" "PaymentProviderName" NOT NULL,
    "providerSessionId" TEXT,
    "providerPaymentId" TEXT,
    "accessToken" TEXT NOT NULL,
    "reservedUntil" TIMESTAMP(3) NOT NULL,
    "pledgeId" TEXT,
    "paidAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopCheckout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShopOrder" (
    "id" TEXT NOT NULL,
    "number" TEXT NOT NULL,
    "checkoutId" TEXT NOT NULL,
    "producerId" TEXT NOT NULL,
    "supportOrgId" TEXT NOT NULL,
    "buyerUserId" TEXT,
    "buyerKind" "BuyerKind" NOT NULL DEFAULT 'INDIVIDUAL',
    "status" "ShopOrderStatus" NOT NULL DEFAULT 'PENDING',
    "totalFen" BIGINT NOT NULL,
    "refundedFen" BIGINT NOT NULL DEFAULT 0,
    "recipientName" TEXT NOT NULL,
    "recipientPhone" TEXT NOT NULL,
    "address" TEXT NOT NULL,
    "carrier" TEXT,
    "trackingNumber" TEXT,
    "paidAt" TIMESTAMP(3),
    "shippedAt" TIMESTAMP(3),
    "receivedAt" TIMESTAMP(3),
    "autoReceived" BOOLEAN NOT NULL DEFAULT false,
    "completedAt" TIMESTAMP(3),
    "cancelledAt" TIMESTAMP(3),
    "cancelReason" TEXT,
    "anonymisedAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShopOrder_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ShopOrderLine" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "productId" TEXT NOT NULL,
    "productName" TEXT NOT NULL,
    "unit" TEXT NOT NULL,
    "category" "ProductCategory" NOT NULL,
    "certified" BOOLEAN NOT NULL DEFAULT false,
    "quantity" INTEGER NOT NULL,
    "unitPriceFen" BIGINT NOT NULL,
    "totalFen" BIGINT NOT NULL,

    CONSTRAINT "ShopOrderLine_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "OrderRefund" (
    "id" TEXT NOT NULL,
    "orderId" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "reason" TEXT NOT NULL,
    "status" "OrderRefundStatus" NOT NULL DEFAULT 'REQUESTED',
    "restockQuantity" INTEGER NOT NULL DEFAULT 0,
    "requestedById" TEXT,
    "decidedById" TEXT,
    "decidedAt" TIMESTAMP(3),
    "decisionReason" TEXT,
    "providerRefundId" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "OrderRefund_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ProducerPayout" (
    "id" TEXT NOT NULL,
    "producerId" TEXT NOT NULL,
    "amountFen" BIGINT NOT NULL,
    "paidOn" DATE NOT NULL,
    "reference" TEXT,
    "note" TEXT,
    "recordedById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ProducerPayout_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SalesEvent" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "channel" "SalesChannel" NOT NULL,
    "title" TEXT NOT NULL,
    "startsOn" DATE NOT NULL,
    "endsOn" DATE NOT NULL,
    "districtCode" TEXT NOT NULL,
    "place" TEXT NOT NULL,
    "description" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SalesEvent_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SalesEventProducer" (
    "eventId" TEXT NOT NULL,
    "producerId" TEXT NOT NULL,

    CONSTRAINT "SalesEventProducer_pkey" PRIMARY KEY ("eventId","producerId")
);

-- CreateTable
CREATE TABLE "ConsumptionSale" (
    "id" TEXT NOT NULL,
    "orgId" TEXT NOT NULL,
    "producerId" TEXT,
    "productId" TEXT,
    "productName" TEXT,
    "category" "ProductCategory" NOT NULL,
    "quantity" DECIMAL(14,3),
    "unit" TEXT,
    "amountFen" BIGINT NOT NULL,
    "soldOn" DATE NOT NULL,
    "channel" "SalesChannel" NOT NULL,
    "buyerKind" "BuyerKind" NOT NULL,
    "buyerName" TEXT,
    "districtCode" TEXT NOT NULL,
    "eventId" TEXT,
    "pledgeId" TEXT,
    "source" "SaleSource" NOT NULL,
    "orderId" TEXT,
    "needResponseId" TEXT,
    "importJobId" TEXT,
    "importKey" TEXT,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsumptionSale_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "BuyingUnit" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "kind" "BuyerKind" NOT NULL,
    "creditCode" TEXT,
    "districtCode" TEXT NOT NULL,
    "isBudgetUnit" BOOLEAN NOT NULL DEFAULT false,
    "hasCanteen" BOOLEAN NOT NULL DEFAULT true,
    "contactName" TEXT NOT NULL,
    "contactPhone" TEXT NOT NULL,
    "orgId" TEXT,
    "managerUserId" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BuyingUnit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "PurchasePledge" (
    "id" TEXT NOT NULL,
    "buyingUnitId" TEXT NOT NULL,
    "year" INTEGER NOT NULL,
    "pledgedFen" BIGINT NOT NULL,
    "targetDistrictCode" TEXT,
    "targetProducerId" TEXT,
    "canteenBudgetFen" BIGINT,
    "requiredShareBp" INTEGER,
    "note" TEXT,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "PurchasePledge_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Producer_creditCode_key" ON "Producer"("creditCode");

-- CreateIndex
CREATE INDEX "Producer_status_districtCode_idx" ON "Producer"("status", "districtCode");

-- CreateIndex
CREATE INDEX "Producer_supportOrgId_status_idx" ON "Producer"("supportOrgId", "status");

-- CreateIndex
CREATE INDEX "Producer_accountUserId_idx" ON "Producer"("accountUserId");

-- CreateIndex
CREATE INDEX "ProducerHousehold_idNumberHash_idx" ON "ProducerHousehold"("idNumberHash");

-- CreateIndex
CREATE UNIQUE INDEX "ProducerHousehold_producerId_idNumberHash_key" ON "ProducerHousehold"("producerId", "idNumberHash");

-- CreateIndex
CREATE INDEX "Product_producerId_status_idx" ON "Product"("producerId", "status");

-- CreateIndex
CREATE INDEX "Product_status_category_idx" ON "Product"("status", "category");

-- CreateIndex
CREATE INDEX "Product_originDistrictCode_status_idx" ON "Product"("originDistrictCode", "status");

-- CreateIndex
CREATE UNIQUE INDEX "ProductPhoto_fileId_key" ON "ProductPhoto"("fileId");

-- CreateIndex
CREATE INDEX "ProductPhoto_productId_position_idx" ON "ProductPhoto"("productId", "position");

-- CreateIndex
CREATE INDEX "StockMovement_productId_createdAt_idx" ON "StockMovement"("productId", "createdAt");

-- CreateIndex
CREATE INDEX "StockMovement_orderId_idx" ON "StockMovement"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "ShopCheckout_providerSessionId_key" ON "ShopCheckout"("providerSessionId");

-- CreateIndex
CREATE UNIQUE INDEX "ShopCheckout_providerPaymentId_key" ON "ShopCheckout"("providerPaymentId");

-- CreateIndex
CREATE UNIQUE INDEX "ShopCheckout_accessToken_key" ON "ShopCheckout"("accessToken");

-- CreateIndex
CREATE INDEX "ShopCheckout_status_reservedUntil_idx" ON "ShopCheckout"("status", "reservedUntil");

-- CreateIndex
CREATE INDEX "ShopCheckout_buyerUserId_createdAt_idx" ON "ShopCheckout"("buyerUserId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "ShopOrder_number_key" ON "ShopOrder"("number");

-- CreateIndex
CREATE INDEX "ShopOrder_producerId_status_createdAt_idx" ON "ShopOrder"("producerId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "ShopOrder_supportOrgId_status_createdAt_idx" ON "ShopOrder"("supportOrgId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "ShopOrder_buyerUserId_createdAt_idx" ON "ShopOrder"("buyerUserId", "createdAt");

-- CreateIndex
CREATE INDEX "ShopOrder_status_shippedAt_idx" ON "ShopOrder"("status", "shippedAt");

-- CreateIndex
CREATE INDEX "ShopOrder_checkoutId_idx" ON "ShopOrder"("checkoutId");

-- CreateIndex
CREATE INDEX "ShopOrderLine_orderId_idx" ON "ShopOrderLine"("orderId");

-- CreateIndex
CREATE INDEX "ShopOrderLine_productId_idx" ON "ShopOrderLine"("productId");

-- CreateIndex
CREATE UNIQUE INDEX "OrderRefund_providerRefundId_key" ON "OrderRefund"("providerRefundId");

-- CreateIndex
CREATE INDEX "OrderRefund_orderId_idx" ON "OrderRefund"("orderId");

-- CreateIndex
CREATE INDEX "OrderRefund_status_createdAt_idx" ON "OrderRefund"("status", "createdAt");

-- CreateIndex
CREATE INDEX "ProducerPayout_producerId_paidOn_idx" ON "ProducerPayout"("producerId", "paidOn");

-- CreateIndex
CREATE INDEX "SalesEvent_startsOn_idx" ON "SalesEvent"("startsOn");

-- CreateIndex
CREATE INDEX "SalesEvent_orgId_startsOn_idx" ON "SalesEvent"("orgId", "startsOn");

-- CreateIndex
CREATE UNIQUE INDEX "ConsumptionSale_orderId_key" ON "ConsumptionSale"("orderId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsumptionSale_needResponseId_key" ON "ConsumptionSale"("needResponseId");

-- CreateIndex
CREATE UNIQUE INDEX "ConsumptionSale_importKey_key" ON "ConsumptionSale"("importKey");

-- CreateIndex
CREATE INDEX "ConsumptionSale_soldOn_districtCode_idx" ON "ConsumptionSale"("soldOn", "districtCode");

-- CreateIndex
CREATE INDEX "ConsumptionSale_orgId_soldOn_idx" ON "ConsumptionSale"("orgId", "soldOn");

-- CreateIndex
CREATE INDEX "ConsumptionSale_producerId_soldOn_idx" ON "ConsumptionSale"("producerId", "soldOn");

-- CreateIndex
CREATE INDEX "ConsumptionSale_pledgeId_soldOn_idx" ON "ConsumptionSale"("pledgeId", "soldOn");

-- CreateIndex
CREATE UNIQUE INDEX "BuyingUnit_creditCode_key" ON "BuyingUnit"("creditCode");

-- CreateIndex
CREATE INDEX "BuyingUnit_districtCode_idx" ON "BuyingUnit"("districtCode");

-- CreateIndex
CREATE INDEX "BuyingUnit_orgId_idx" ON "BuyingUnit"("orgId");

-- CreateIndex
CREATE INDEX "PurchasePledge_year_targetDistrictCode_idx" ON "PurchasePledge"("year", "targetDistrictCode");

-- CreateIndex
CREATE INDEX "PurchasePledge_buyingUnitId_year_idx" ON "PurchasePledge"("buyingUnitId", "year");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerTransaction_orderRefundId_key" ON "LedgerTransaction"("orderRefundId");

-- CreateIndex
CREATE UNIQUE INDEX "LedgerTransaction_payoutId_key" ON "LedgerTransaction"("payoutId");

-- CreateIndex
CREATE INDEX "LedgerTransaction_orderId_idx" ON "LedgerTransaction"("orderId");

-- CreateIndex
CREATE INDEX "LedgerTransaction_producerId_occurredAt_idx" ON "LedgerTransaction"("producerId", "occurredAt");

-- CreateIndex
CREATE INDEX "PaymentEvent_checkoutId_idx" ON "PaymentEvent"("checkoutId");

-- AddForeignKey
ALTER TABLE "PaymentEvent" ADD CONSTRAINT "PaymentEvent_checkoutId_fkey" FOREIGN KEY ("checkoutId") REFERENCES "ShopCheckout"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Producer" ADD CONSTRAINT "Producer_supportOrgId_fkey" FOREIGN KEY ("supportOrgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Producer" ADD CONSTRAINT "Producer_accountUserId_fkey" FOREIGN KEY ("accountUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProducerHousehold" ADD CONSTRAINT "ProducerHousehold_producerId_fkey" FOREIGN KEY ("producerId") REFERENCES "Producer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Product" ADD CONSTRAINT "Product_producerId_fkey" FOREIGN KEY ("producerId") REFERENCES "Producer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductPhoto" ADD CONSTRAINT "ProductPhoto_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProductPhoto" ADD CONSTRAINT "ProductPhoto_fileId_fkey" FOREIGN KEY ("fileId") REFERENCES "FileUpload"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "StockMovement" ADD CONSTRAINT "StockMovement_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopCheckout" ADD CONSTRAINT "ShopCheckout_buyerUserId_fkey" FOREIGN KEY ("buyerUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopCheckout" ADD CONSTRAINT "ShopCheckout_pledgeId_fkey" FOREIGN KEY ("pledgeId") REFERENCES "PurchasePledge"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopOrder" ADD CONSTRAINT "ShopOrder_checkoutId_fkey" FOREIGN KEY ("checkoutId") REFERENCES "ShopCheckout"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopOrder" ADD CONSTRAINT "ShopOrder_producerId_fkey" FOREIGN KEY ("producerId") REFERENCES "Producer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopOrder" ADD CONSTRAINT "ShopOrder_supportOrgId_fkey" FOREIGN KEY ("supportOrgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopOrder" ADD CONSTRAINT "ShopOrder_buyerUserId_fkey" FOREIGN KEY ("buyerUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopOrderLine" ADD CONSTRAINT "ShopOrderLine_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "ShopOrder"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ShopOrderLine" ADD CONSTRAINT "ShopOrderLine_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "OrderRefund" ADD CONSTRAINT "OrderRefund_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "ShopOrder"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ProducerPayout" ADD CONSTRAINT "ProducerPayout_producerId_fkey" FOREIGN KEY ("producerId") REFERENCES "Producer"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SalesEvent" ADD CONSTRAINT "SalesEvent_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SalesEventProducer" ADD CONSTRAINT "SalesEventProducer_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "SalesEvent"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SalesEventProducer" ADD CONSTRAINT "SalesEventProducer_producerId_fkey" FOREIGN KEY ("producerId") REFERENCES "Producer"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsumptionSale" ADD CONSTRAINT "ConsumptionSale_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsumptionSale" ADD CONSTRAINT "ConsumptionSale_producerId_fkey" FOREIGN KEY ("producerId") REFERENCES "Producer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsumptionSale" ADD CONSTRAINT "ConsumptionSale_productId_fkey" FOREIGN KEY ("productId") REFERENCES "Product"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsumptionSale" ADD CONSTRAINT "ConsumptionSale_eventId_fkey" FOREIGN KEY ("eventId") REFERENCES "SalesEvent"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsumptionSale" ADD CONSTRAINT "ConsumptionSale_pledgeId_fkey" FOREIGN KEY ("pledgeId") REFERENCES "PurchasePledge"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConsumptionSale" ADD CONSTRAINT "ConsumptionSale_orderId_fkey" FOREIGN KEY ("orderId") REFERENCES "ShopOrder"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BuyingUnit" ADD CONSTRAINT "BuyingUnit_orgId_fkey" FOREIGN KEY ("orgId") REFERENCES "Organization"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BuyingUnit" ADD CONSTRAINT "BuyingUnit_managerUserId_fkey" FOREIGN KEY ("managerUserId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchasePledge" ADD CONSTRAINT "PurchasePledge_buyingUnitId_fkey" FOREIGN KEY ("buyingUnitId") REFERENCES "BuyingUnit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "PurchasePledge" ADD CONSTRAINT "PurchasePledge_targetProducerId_fkey" FOREIGN KEY ("targetProducerId") REFERENCES "Producer"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- Invariants the database keeps even if code forgets: stock never negative, money positive.
ALTER TABLE "Product" ADD CONSTRAINT "Product_stock_check" CHECK ("stockReserved" >= 0 AND "stockOnHand" >= "stockReserved");
ALTER TABLE "Product" ADD CONSTRAINT "Product_price_check" CHECK ("priceFen" > 0 AND ("referencePriceFen" IS NULL OR "referencePriceFen" > 0));
ALTER TABLE "ShopOrderLine" ADD CONSTRAINT "ShopOrderLine_quantity_check" CHECK ("quantity" > 0 AND "unitPriceFen" > 0 AND "totalFen" = "quantity" * "unitPriceFen");
ALTER TABLE "ShopOrder" ADD CONSTRAINT "ShopOrder_refunded_check" CHECK ("refundedFen" >= 0 AND "refundedFen" <= "totalFen");
ALTER TABLE "ShopCheckout" ADD CONSTRAINT "ShopCheckout_amount_check" CHECK ("amountFen" > 0);
ALTER TABLE "OrderRefund" ADD CONSTRAINT "OrderRefund_amount_check" CHECK ("amountFen" > 0 AND "restockQuantity" >= 0);
ALTER TABLE "ProducerPayout" ADD CONSTRAINT "ProducerPayout_amount_check" CHECK ("amountFen" > 0);
ALTER TABLE "ConsumptionSale" ADD CONSTRAINT "ConsumptionSale_amount_check" CHECK ("amountFen" > 0);
ALTER TABLE "PurchasePledge" ADD CONSTRAINT "PurchasePledge_amount_check" CHECK ("pledgedFen" > 0 AND ("requiredShareBp" IS NULL OR "requiredShareBp" BETWEEN 0 AND 10000));
ALTER TABLE "Producer" ADD CONSTRAINT "Producer_households_check" CHECK ("householdCount" >= 0);
