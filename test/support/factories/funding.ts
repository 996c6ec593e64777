/** Funding factories: campaigns, funds and donations with valid defaults, through the real services where money moves. */
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import Stripe from "stripe";
import type { PrismaClient } from "~/generated/prisma/client";
import type { CampaignStatus, FundStatus } from "~/generated/prisma/enums";
import { ensureAccount } from "~/modules/ledger/accounts.server";

let seq = 0;
const day = (offset: number) => new Date(Date.UTC(new Date().getUTCFullYear(), new Date().getUTCMonth(), new Date().getUTCDate() + offset));

export type CampaignOverrides = { orgId: string; createdById: string; status?: CampaignStatus; goalFen?: bigint; title?: string; districtCode?: string; deadlineInDays?: number; kind?: "EMERGENCY" | "EDUCATION" };

export async function createCampaign(prisma: PrismaClient, o: CampaignOverrides) {
  seq++;
  const c = await prisma.campaign.create({
    data: {
      orgId: o.orgId,
      createdById: o.createdById,
      kind: o.kind ?? "EMERGENCY",
      status: o.status ?? "APPROVED",
      title: o.title ?? `困难群众急难救助 第${seq}期`,
      story: "受助人王某，黔江区低保户，今年突发重病住院，医疗费用自付部分超出家庭承受能力，特发起急难众筹。",
      beneficiaryMasked: "王某",
      districtCode: o.districtCode ?? "500114",
      goalFen: o.goalFen ?? 5_000_000n,
      deadline: day(o.deadlineInDays ?? 30),
      filingNumber: `渝民募备〔2020〕${String(100 + seq)}号`,
      budget: [{ item: "住院医疗费", amountFen: Number(o.goalFen ?? 5_000_000n) }],
      approvedAt: (o.status ?? "APPROVED") === "APPROVED" ? new Date() : null,
    },
    select: { id: true, orgId: true, title: true, goalFen: true },
  });
  await ensureAccount(prisma, { kind: "CAMPAIGN", campaignId: c.id, orgId: c.orgId });
  return c;
}

/** An approved (ACTIVE) fund by default; pass `status` for another step of the review lifecycle. */
export async function createFund(prisma: PrismaClient, o: { orgId: string; createdById: string; name?: string; districtCodes?: string[]; status?: FundStatus; filingNumber?: string | null }) {
  const status = o.status ?? "ACTIVE";
  const f = await prisma.fund.create({
    data: { orgId: o.orgId, createdById: o.createdById, name: o.name ?? `社区阳光基金${++seq}`, purpose: "资助低保家庭和残疾人改善生活，开展社区帮扶。", beneficiaryGroups: ["DIBAO", "DISABLED"], districtCodes: o.districtCodes ?? ["500114"], startDate: day(-100), status, filingNumber: o.filingNumber === undefined ? `渝民募备〔2026〕${String(500 + ++seq)}号` : o.filingNumber, approvedAt: ["ACTIVE", "PAUSED", "SUSPENDED", "CLOSED"].includes(status) ? new Date() : null, submittedAt: status === "DRAFT" ? null : new Date() },
    select: { id: true, orgId: true, name: true },
  });
  await ensureAccount(prisma, { kind: "FUND", fundId: f.id, orgId: f.orgId });
  return f;
}

/** A PENDING donation as startDonation leaves it after the checkout session was created. */
export async function createPendingDonation(prisma: PrismaClient, o: { campaignId?: string; fundId?: string; orgId: string; amountFen: bigint; email?: string; donorUserId?: string; anonymous?: boolean; donorName?: string; sessionId?: string }) {
  return prisma.donation.create({
    data: {
      campaignId: o.campaignId ?? null,
      fundId: o.fundId ?? null,
      orgId: o.orgId,
      amountFen: o.amountFen,
      donorEmail: o.email ?? `donor${++seq}@example.cn`,
      donorUserId: o.donorUserId ?? null,
      donorName: o.donorName ?? "爱心人士",
      anonymous: o.anonymous ?? false,
      provider: "STRIPE",
      providerSessionId: o.sessionId ?? `cs_test_factory_${randomBytes(8).toString("hex")}`,
      accessToken: randomBytes(24).toString("base64url"),
    },
    select: { id: true, amountFen: true, providerSessionId: true, accessToken: true },
  });
}

/** A Stripe-format checkout event, as Stripe would deliver it. */
export function checkoutEvent(o: { type?: string; eventId?: string; sessionId: string; donationId: string; amountFen: bigint | number; currency?: string; paymentIntent?: string | null; paid?: boolean; created?: number }) {
  const paid = o.paid ?? true;
  return JSON.stringify({
    id: o.eventId ?? `evt_test_${randomBytes(10).toString("hex")}`,
    object: "event",
    api_version: "2025-01-27.acacia",
    created: o.created ?? Math.floor(Date.now() / 1000),
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type: o.type ?? "checkout.session.completed",
    data: {
      object: {
        id: o.sessionId,
        object: "checkout.session",
        mode: "payment",
        amount_total: Number(o.amountFen),
        currency: o.currency ?? "cny",
        client_reference_id: o.donationId,
        metadata: { donationId: o.donationId },
        payment_intent: o.paymentIntent === undefined ? `pi_test_${randomBytes(8).toString("hex")}` : o.paymentIntent,
        payment_status: paid ? "paid" : "unpaid",
        status: paid ? "complete" : "open",
      },
    },
  });
}

const signer = new Stripe("sk_test_signer_only");

/** The Stripe-Signature header for a payload, made with the SDK's own helper. */
/** A Stripe refund event (refund.updated by default) for a refund we requested. */
export function refundEvent(o: { type?: string; eventId?: string; refundId: string; donationId: string; providerRefundId: string; amountFen: bigint | number; status: "succeeded" | "failed" | "pending" }) {
  return JSON.stringify({
    id: o.eventId ?? `evt_test_${randomBytes(10).toString("hex")}`,
    object: "event",
    api_version: "2025-01-27.acacia",
    created: Math.floor(Date.now() / 1000),
    type: o.type ?? "refund.updated",
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    data: { object: { id: o.providerRefundId, object: "refund", amount: Number(o.amountFen), currency: "cny", status: o.status, metadata: { refundId: o.refundId, donationId: o.donationId } } },
  });
}

export function signPayload(payload: string, secret: string, timestamp?: number) {
  return signer.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

export async function postWebhook(baseUrl: string, payload: string, signature: string | null) {
  const headers: Record<string, string> = { "Content-Type": "application/json" };
  if (signature !== null) headers["Stripe-Signature"] = signature;
  const res = await fetch(`${baseUrl}/api/webhooks/stripe`, { method: "POST", body: payload, headers });
  return { status: res.status, body: (await res.json()) as { received: boolean; result?: string } };
}

/**
 * Applies prisma/sql/ledger.sql (idempotent) to the test database, in case the migration tooling
 * does not append prisma/sql/*.sql yet.
 */
export async function ensureLedgerSql(prisma: PrismaClient) {
  const sql = readFileSync(path.resolve(import.meta.dirname, "../../../prisma/sql/ledger.sql"), "utf8");
  const exists = await prisma.$queryRawUnsafe<{ n: bigint }[]>(`SELECT count(*)::bigint AS n FROM pg_trigger WHERE tgname = 'ledger_entry_append_only'`);
  if (Number(exists[0]?.n ?? 0) > 0) return;
  // Multi-statement SQL with $$ bodies: send it as one simple-protocol batch through pg.
  const { Client } = await import("pg");
  const client = new Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}
