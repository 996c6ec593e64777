/**
 * Who may call each loader and action: the checked-in answer of the role × route matrix
 * (test/safety/input-access-matrix.test.ts). One row per route id of the built app (see
 * `npx remix routes` or build/index.js); a new route fails the test until it has a row.
 *
 * A row lists the roles that are let in ("allow": any answer but 401/403/404 or a redirect to the
 * sign-in page — a 400 for the empty form posted counts as allow, it got past the access check).
 * Every other role must be refused. `url` overrides the route path when the route needs other
 * parameters than the fixture's defaults (`:name`s are filled from the fixture's `params`).
 *
 * Roles (test/safety/input-fixture.ts): visitor (signed out), volunteer (signed in, no membership),
 * member / coordinator / finance / owner of the organization, otherOwner (owner of another one),
 * staff (BUREAU_STAFF), admin (BUREAU_ADMIN).
 */
import { ROLES, type Role } from "./input-fixture";

export type Access = readonly Role[];
export type Row = { loader?: Access; action?: Access; url?: string; note?: string };

/** `r("member owner")` → ["member", "owner"]. */
const r = (roles: string): Access => roles.split(/\s+/).filter(Boolean) as Role[];
const EVERYONE: Access = ROLES;
const SIGNED_IN: Access = ROLES.filter((x) => x !== "visitor");
const STAFF: Access = r("staff admin");

export const EXPECTED: Record<string, Row> = {
  "root": { loader: EVERYONE },
  "routes/_index": { loader: EVERYONE },
  "routes/api+/search": { loader: EVERYONE },
  "routes/api+/webhooks.stripe": { loader: EVERYONE, action: EVERYONE, note: "GET answers 405; POST is checked by its signature, not by role (an unsigned post gets 400)." },
  "routes/auth+/login": { loader: EVERYONE, action: EVERYONE },
  "routes/auth+/logout": { loader: EVERYONE, action: EVERYONE },
  "routes/auth+/signup": { loader: EVERYONE, action: EVERYONE },
  "routes/campaigns+/_index": { loader: EVERYONE },
  "routes/campaigns+/$campaignId": { loader: EVERYONE, action: EVERYONE },
  "routes/campaigns+/$campaignId_.accounts": { loader: EVERYONE },
  "routes/checkout+/test.$sessionId": { url: "/checkout/test/:openSessionId", loader: EVERYONE, action: EVERYONE, note: "The keyless test checkout: anyone holding the session id (like Stripe's hosted page)." },
  "routes/donate+/thanks.$token": { loader: EVERYONE, action: EVERYONE, note: "Anyone holding the thank-you token may ask for the official receipt (payments: official receipts)." },
  "routes/files.$fileId": { loader: r("finance owner staff admin"), note: "A PRIVATE org document: org:documents (OWNER/FINANCE) and bureau staff only (decision 006)." },
  "routes/funds+/_index": { loader: EVERYONE },
  // issue 17.4: page weight
  "routes/locales.$lng.$ns": { url: "/locales/en/common", loader: EVERYONE, note: "The site's own texts, one namespace of one locale (#17.4): public." },
  // end issue 17.4: page weight
  "routes/funds+/$fundId": { loader: EVERYONE, action: EVERYONE },
  "routes/me+/_index": { loader: SIGNED_IN, action: SIGNED_IN },
  "routes/me+/certificates._index": { loader: SIGNED_IN, action: SIGNED_IN },
  "routes/me+/certificates.$code": { loader: r("volunteer") },
  "routes/me+/donations._index": { loader: SIGNED_IN },
  "routes/me+/donations.$donationId.receipt": { loader: r("volunteer"), action: r("volunteer"), note: "The donor only; the action requests the official receipt (payments: official receipts)." },
  "routes/me+/orgs": { loader: SIGNED_IN },
  "routes/me+/password": { loader: SIGNED_IN, action: SIGNED_IN },
  "routes/me+/profile": { loader: SIGNED_IN, action: SIGNED_IN },
  "routes/me+/volunteering": { loader: SIGNED_IN, action: SIGNED_IN },
  "routes/needs+/_index": { loader: EVERYONE },
  "routes/needs+/$needId": { loader: EVERYONE },
  "routes/org+/$orgId+/_index": { loader: r("member coordinator finance owner staff admin") },
  "routes/org+/$orgId+/_layout": { loader: r("member coordinator finance owner staff admin") },
  "routes/org+/$orgId+/activities": { loader: r("member coordinator owner"), action: r("member coordinator owner") },
  "routes/org+/$orgId+/beneficiaries": { loader: r("member owner staff admin"), action: r("member owner") },
  "routes/org+/$orgId+/campaigns._index": { loader: r("finance owner staff admin") },
  "routes/org+/$orgId+/campaigns.$campaignId": { loader: r("finance owner staff admin"), action: r("finance owner") },
  "routes/org+/$orgId+/campaigns.$campaignId_.edit": { loader: r("finance owner staff admin"), action: r("finance owner") },
  "routes/org+/$orgId+/campaigns.new": { loader: r("finance owner staff admin"), action: r("finance owner") },
  "routes/org+/$orgId+/disbursements": { loader: r("finance owner staff admin"), action: r("finance owner") },
  "routes/org+/$orgId+/edit": { loader: r("owner"), action: r("owner") },
  "routes/org+/$orgId+/funds._index": { loader: r("finance owner staff admin") },
  "routes/org+/$orgId+/funds.$fundId": { loader: r("finance owner staff admin"), action: r("finance owner") },
  "routes/org+/$orgId+/funds.new": { loader: r("finance owner staff admin"), action: r("finance owner") },
  "routes/org+/$orgId+/goods": { loader: r("member coordinator owner"), action: r("member coordinator owner") },
  "routes/org+/$orgId+/members": { loader: r("member coordinator finance owner staff admin"), action: r("owner") },
  "routes/org+/$orgId+/needs._index": { loader: r("member owner") },
  "routes/org+/$orgId+/needs.$needId.respond": { loader: r("member owner"), action: r("member owner") },
  "routes/org+/$orgId+/needs.$needId.responses": { url: "/org/:orgId/needs/:proposedNeedId/responses", loader: r("member owner"), action: r("member owner") },
  "routes/org+/$orgId+/needs.new": { loader: r("member owner"), action: r("member owner") },
  "routes/org+/$orgId+/projects._index": { loader: r("member coordinator owner") },
  "routes/org+/$orgId+/projects.$projectId._index": { loader: r("member coordinator owner"), action: r("member coordinator owner") },
  "routes/org+/$orgId+/projects.$projectId.edit": { loader: r("member coordinator owner"), action: r("member coordinator owner") },
  "routes/org+/$orgId+/projects.new": { loader: r("member coordinator owner"), action: r("member coordinator owner") },
  "routes/org+/$orgId+/rosters.$shiftId._index": { loader: r("member coordinator owner staff admin"), action: r("member coordinator owner") },
  "routes/org+/$orgId+/rosters.$shiftId.export": { loader: r("member coordinator owner staff admin"), action: r("coordinator owner"), note: "GET exports masked phones; POST with a reason (org:volunteering) exports them in full, audited." },
  // issue 15: checkin
  "routes/org+/$orgId+/rosters.$shiftId.code": { loader: r("coordinator owner"), note: "The rotating check-in code: org:volunteering members only, never bureau staff looking on (issue 15.1)." },
  "routes/check-in": { loader: SIGNED_IN, action: SIGNED_IN, note: "A volunteer's own check-in by code; refusals are recorded, not errors." },
  // end issue 15: checkin
  "routes/org+/$orgId+/service-records._index": { loader: r("member coordinator owner staff admin"), action: r("coordinator owner"), note: "Corrections need org:volunteering (decision 007)." },
  "routes/org+/$orgId+/service-records.export": { loader: r("member coordinator owner staff admin") },
  "routes/org+/$orgId+/stats._index": { loader: r("member coordinator finance owner staff admin") },
  "routes/org+/$orgId+/stats.export": { loader: r("member coordinator finance owner staff admin") },
  "routes/org+/$orgId+/stats.records-export.$kind": { loader: r("member coordinator finance owner staff admin") },
  "routes/org+/$orgId+/stats.records.$kind": { loader: r("member coordinator finance owner staff admin") },
  "routes/orgs+/_index": { loader: EVERYONE },
  "routes/orgs+/$orgId": { loader: EVERYONE },
  "routes/orgs+/new": { loader: SIGNED_IN, action: SIGNED_IN },
  "routes/projects+/_index": { loader: EVERYONE },
  "routes/projects+/$projectId": { loader: EVERYONE, action: SIGNED_IN },
  "routes/search": { loader: EVERYONE },
  "routes/set-locale": { loader: EVERYONE, action: EVERYONE },
  "routes/staff+/_index": { loader: STAFF },
  "routes/staff+/campaigns._index": { loader: STAFF },
  "routes/staff+/campaigns.$campaignId": { loader: STAFF, action: STAFF },
  "routes/staff+/import._index": { loader: STAFF, action: STAFF },
  "routes/staff+/import.$jobId": { loader: r("staff"), action: STAFF, note: "A job is its uploader's: another staff member's confirm is refused with 409 (counted as allow: past the staff check)." },
  "routes/staff+/import.$jobId.status": { loader: r("staff") },
  "routes/staff+/import.template.$kind": { url: "/staff/import/template/activities", loader: STAFF },
  "routes/staff+/needs._index": { loader: STAFF },
  "routes/staff+/needs.$needId": { loader: STAFF, action: STAFF },
  "routes/staff+/needs.new": { loader: STAFF, action: STAFF },
  "routes/staff+/reviews._index": { loader: STAFF },
  "routes/staff+/reviews.$orgId": { loader: STAFF, action: STAFF },
  "routes/staff+/reviews.export": { loader: STAFF },
  "routes/staff+/stats._index": { loader: STAFF },
  "routes/staff+/stats.export": { loader: STAFF },
  "routes/staff+/stats.records-export.$kind": { loader: STAFF },
  "routes/staff+/stats.records.$kind": { loader: STAFF },
  "routes/staff+/users": { loader: r("admin"), action: r("admin") },
  "routes/stats": { loader: EVERYONE },
  "routes/verify+/certificates": { loader: EVERYONE },
  "routes/verify+/receipts": { loader: EVERYONE },
  "routes/auth+/forgot": { loader: EVERYONE, action: EVERYONE },
  "routes/auth+/reset": { loader: EVERYONE, action: EVERYONE, note: "Without a valid token the page says the link is invalid; nothing changes." },
  "routes/auth+/verify-email": { loader: EVERYONE },
  "routes/campaigns+/$campaignId_.poster[.png]": { loader: EVERYONE },
  "routes/projects+/$projectId_.poster[.png]": { loader: EVERYONE },
  "routes/donate+/thanks.$token_.receipt[.pdf]": { loader: EVERYONE, note: "Anyone holding the guest's thank-you token." },
  "routes/donate+/thanks.$token_.receipt[.png]": { loader: EVERYONE, note: "Anyone holding the guest's thank-you token." },
  "routes/me+/certificates.$code_.certificate[.pdf]": { loader: r("volunteer") },
  "routes/me+/certificates.$code_.certificate[.png]": { loader: r("volunteer") },
  "routes/me+/donations.$donationId.receipt[.pdf]": { loader: r("volunteer") },
  "routes/me+/donations.$donationId.receipt[.png]": { loader: r("volunteer") },
  "routes/org+/$orgId+/funds.$fundId_.edit": { loader: r("finance owner"), action: r("finance owner"), note: "The fixture's fund is ACTIVE: 409 (not editable), counted as allow — past the access check." },
  "routes/org+/$orgId+/qualification": { loader: r("owner"), action: r("owner"), note: "org:edit; staff review requests on their own pages." },
  "routes/staff+/funds._index": { loader: STAFF },
  "routes/staff+/funds.$fundId._index": { loader: STAFF, action: STAFF },
  "routes/staff+/funds.$fundId_.suspension": { loader: STAFF, action: STAFF },
  "routes/staff+/qualifications._index": { loader: STAFF },
  "routes/staff+/qualifications.$requestId": { loader: STAFF, action: STAFF },
  // consumption: pledges
  "routes/org+/$orgId+/buying-units._index": { loader: r("member owner staff admin"), note: "org:shop; staff read." },
  "routes/org+/$orgId+/buying-units.new": { loader: r("member owner staff admin"), action: r("member owner") },
  "routes/org+/$orgId+/buying-units.$unitId": { loader: r("member owner staff admin"), action: r("member owner"), note: "Staff act on their own page, /staff/buying-units/:unitId." },
  "routes/pledges+/$pledgeId": { loader: r("volunteer member coordinator finance owner staff admin"), note: "The unit's manager (the fixture's volunteer), members of the registering organization, staff; not public." },
  "routes/me+/buying-units": { loader: SIGNED_IN },
  "routes/staff+/pledges._index": { loader: STAFF },
  "routes/staff+/pledges.export": { loader: STAFF },
  "routes/staff+/buying-units.new": { loader: STAFF, action: STAFF },
  "routes/staff+/buying-units.$unitId": { loader: STAFF, action: STAFF },
  // end consumption: pledges
  // consumption: producers
  "routes/me+/producers": { loader: SIGNED_IN },
  "routes/org+/$orgId+/producers._index": { loader: r("member owner staff admin"), note: "org:shop (OWNER, ADMIN, MEMBER); staff read." },
  "routes/org+/$orgId+/producers.new": { loader: r("member owner staff admin"), action: r("member owner") },
  "routes/producer+/$producerId+/_index": { loader: r("member finance owner staff admin"), action: r("member owner"), note: "Households and the account link: the supporting organization only." },
  "routes/producer+/$producerId+/edit": { loader: r("member owner"), action: r("member owner"), note: "Only the supporting organization edits (not the producer's account, not staff)." },
  "routes/producers+/$producerId": { loader: EVERYONE, note: "Approved producers only; contact masked, no household data." },
  "routes/staff+/producers._index": { loader: STAFF },
  "routes/staff+/producers.$producerId": { loader: STAFF, action: STAFF, note: "The fixture's producer is APPROVED: staff may suspend it (an empty post is 400)." },
  // end consumption: producers
  // consumption: products (the workspace layout's row is here too until the producers part adds it)
  "routes/producer+/$producerId+/products._index": { loader: r("member finance owner staff admin"), note: "requireProducerAccess: org:shop of the supporting organization, the producer's own account; staff read only." },
  "routes/producer+/$producerId+/products.new": { loader: r("member owner staff admin"), action: r("member owner") },
  "routes/producer+/$producerId+/products.$productId": { loader: r("member finance owner staff admin"), action: r("member owner"), note: "The product must belong to the producer of the URL (404 otherwise)." },
  "routes/shop+/_index": { loader: EVERYONE },
  "routes/shop+/products.$productId": { loader: EVERYONE, action: EVERYONE, note: "POST is the public report form (throttled per address)." },
  "routes/staff+/products._index": { loader: STAFF },
  "routes/staff+/products.$productId": { loader: STAFF, action: STAFF, note: "Staff who are members of the supporting organization are refused each decision (403)." },
  // consumption: sales (org:shop = OWNER/ADMIN/MEMBER; staff read the organization's pages)
  "routes/events+/_index": { loader: EVERYONE },
  "routes/events+/$eventId": { loader: EVERYONE },
  "routes/org+/$orgId+/sales._index": { loader: r("member owner staff admin") },
  "routes/org+/$orgId+/sales.new": { loader: r("member owner staff admin"), action: r("member owner") },
  "routes/org+/$orgId+/sales.$saleId": { loader: r("member owner staff admin"), action: r("member owner") },
  "routes/org+/$orgId+/sales.export": { loader: r("member owner staff admin") },
  "routes/org+/$orgId+/sales.import._index": { loader: r("member owner staff admin"), action: r("member owner") },
  "routes/org+/$orgId+/sales.import.$jobId": { url: "/org/:orgId/sales/import/:salesJobId", loader: r("owner"), action: r("owner"), note: "A job is its uploader's (the owner here): others get 404; the owner's FAILED job cannot be confirmed (409, counted as allow)." },
  "routes/org+/$orgId+/sales.import.$jobId.status": { url: "/org/:orgId/sales/import/:salesJobId/status", loader: r("owner") },
  "routes/org+/$orgId+/sales.import.template": { loader: r("member owner staff admin") },
  "routes/org+/$orgId+/events._index": { loader: r("member owner staff admin") },
  "routes/org+/$orgId+/events.new": { loader: r("member owner staff admin"), action: r("member owner") },
  "routes/org+/$orgId+/events.$eventId": { loader: r("member owner staff admin"), action: r("member owner") },
  // end consumption: sales
  // payments: official receipts (issue 14.7)
  "routes/me+/donations.$donationId.official-receipt": { url: "/me/donations/:receiptDonationId/official-receipt", loader: r("volunteer"), note: "The issued receipt's file, to the signed-in donor only." },
  "routes/donate+/thanks.$token_.official-receipt": { url: "/donate/thanks/:receiptToken/official-receipt", loader: EVERYONE, note: "Anyone holding the guest's thank-you token." },
  "routes/org+/$orgId+/receipts._index": { loader: r("finance owner staff admin") },
  "routes/org+/$orgId+/receipts.$requestId": { url: "/org/:orgId/receipts/:receiptRequestId", loader: r("finance owner staff admin"), action: r("finance owner"), note: "org:finance; staff read only." },
  // end payments: official receipts
  // payments: reconciliation (issue 14.6)
  "routes/staff+/reconciliation._index": { loader: STAFF, action: STAFF, note: "Runs and issues; staff resolve issues with a note (the empty form posted gets 400)." },
  "routes/staff+/reconciliation.export": { loader: STAFF },
  "routes/org+/$orgId+/payment-issues": { loader: r("finance owner staff admin"), note: "org:finance, read only; bureau staff may look." },
  // end payments: reconciliation
  // merchants: per-organization merchant accounts (#14.3)
  "routes/org+/$orgId+/payments": { loader: r("finance owner staff admin"), action: r("finance owner"), note: "org:finance; bureau staff may look (no secrets are shown), not change." },
  "routes/staff+/payments": { loader: r("admin"), action: r("admin"), note: "The platform's own merchant accounts (the shop's)." },
  "routes/api+/webhooks.wechatpay.$accountId": { url: "/api/webhooks/wechatpay/:wechatAccountId", loader: EVERYONE, action: EVERYONE, note: "GET answers 405; POST is checked by the account's WeChat Pay signature (an unsigned post gets 400)." },
  "routes/api+/webhooks.alipay.$accountId": { url: "/api/webhooks/alipay/:alipayAccountId", loader: EVERYONE, action: EVERYONE, note: "GET answers 405; POST is checked by the account's Alipay signature (an unsigned post gets 400 `fail`)." },
  // payments: payway (#14.3 donor side)
  "routes/checkout+/wechat.$token": { url: "/checkout/wechat/:wechatToken", loader: EVERYONE, note: "WeChat Pay's QR page: anyone holding the donation's unguessable access token (like the thank-you page)." },
  // end payments: payway
  // payments: shop checkout by device
  "routes/checkout+/wechat.shop.$token": { url: "/checkout/wechat/shop/:shopWechatToken", loader: EVERYONE, note: "WeChat Pay's QR page for a shop checkout: anyone holding the checkout's unguessable access token (like the guest's order page)." },
  // end payments: shop checkout by device
  // consumption: shop (the producer layout row is shared with the producers part; keep one copy when merging)
  "routes/producer+/$producerId+/_layout": { url: "/producer/:shopProducerId", loader: r("member finance owner staff admin"), note: "The producer's account, the supporting organization's org:shop members and finance (read), staff (read)." },
  "routes/shop+/cart": { loader: EVERYONE, action: EVERYONE, note: "The cart is a signed cookie: anyone may keep one." },
  "routes/shop+/checkout": { loader: EVERYONE, action: EVERYONE, note: "Guests buy with an e-mail; an empty cart is sent back to /shop/cart." },
  "routes/shop+/orders.$token": { url: "/shop/orders/:shopToken", loader: EVERYONE, action: EVERYONE, note: "Anyone holding the checkout's unguessable token (the guest's order page)." },
  "routes/me+/orders._index": { loader: SIGNED_IN },
  "routes/me+/orders.$orderId": { loader: r("volunteer"), action: r("volunteer"), note: "The buyer's own order only." },
  "routes/producer+/$producerId+/orders._index": { url: "/producer/:shopProducerId/orders", loader: r("member finance owner staff admin") },
  "routes/producer+/$producerId+/orders.$orderId": { url: "/producer/:shopProducerId/orders/:orderId", loader: r("member finance owner staff admin"), action: r("member owner"), note: "Delivery details in full only for org:shop members and the producer's account; finance and staff read them masked." },
  "routes/producer+/$producerId+/payouts": { url: "/producer/:shopProducerId/payouts", loader: r("member finance owner staff admin"), action: r("finance owner"), note: "Payouts are recorded with org:finance." },
  "routes/org+/$orgId+/shop-refunds": { loader: r("finance owner staff admin"), action: r("finance owner") },
  // end consumption: shop
  // payments: designated platforms, statement import, bank transfers (#14.4)
  "routes/org+/$orgId+/campaigns.$campaignId_.platform-import._index": { loader: r("finance owner staff admin"), action: r("finance owner"), note: "org:finance; the fixture's campaign has no platform, so the post answers 409 (counted as allow)." },
  "routes/org+/$orgId+/campaigns.$campaignId_.platform-import.$jobId": { url: "/org/:orgId/campaigns/:campaignId/platform-import/:platformJobId", loader: r("owner"), action: r("owner"), note: "A job is its uploader's (the owner here); the FAILED job cannot be confirmed (409, counted as allow)." },
  "routes/org+/$orgId+/campaigns.$campaignId_.platform-import.$jobId.status": { url: "/org/:orgId/campaigns/:campaignId/platform-import/:platformJobId/status", loader: r("owner") },
  "routes/org+/$orgId+/bank-transfers": { loader: r("finance owner staff admin"), action: r("finance owner"), note: "org:finance; bureau staff may look, not record." },
  // end payments: designated platforms
  // payments: monthly giving (issue 14.5)
  "routes/monthly+/new": { url: "/monthly/new?campaignId=:campaignId", loader: SIGNED_IN, action: SIGNED_IN, note: "Signed-in donors only; a visitor is sent to sign in." },
  "routes/me+/monthly._index": { loader: SIGNED_IN },
  "routes/me+/monthly.$giftId": { loader: r("volunteer"), action: r("volunteer"), note: "The donor's own gift only." },
  "routes/me+/monthly.$giftId_.pay.$period": { loader: r("volunteer"), action: r("volunteer"), note: "The reminder's pay link: the donor's own gift and open month only." },
  "routes/org+/$orgId+/monthly": { loader: r("finance owner staff admin"), note: "org:finance; bureau staff may look." },
  // end payments: monthly giving
  // payments: recurring wiring
  "routes/api+/webhooks.wechatpay-recurring.$accountId": { url: "/api/webhooks/wechatpay-recurring/:wechatRecurringAccountId", loader: EVERYONE, action: EVERYONE, note: "GET answers 405; POST is checked by the account's WeChat Pay API v2 signature (an unsigned post gets 400)." },
  "routes/api+/webhooks.alipay-recurring.$accountId": { url: "/api/webhooks/alipay-recurring/:alipayRecurringAccountId", loader: EVERYONE, action: EVERYONE, note: "GET answers 405; POST is checked by the account's Alipay signature (an unsigned post gets 400 `fail`)." },
  "routes/monthly+/$giftId.sign": { url: "/monthly/:signGiftId/sign", loader: r("volunteer"), note: "The gift's donor only (WeChat Pay QR sign page; a signed gift moves on to its page)." },
  // end payments: recurring wiring
  // issue 15: national
  "routes/org+/$orgId+/national-export": { loader: r("coordinator owner staff admin"), note: "org:volunteering (owner, admin, coordinator); bureau staff may look at the counts, never download." },
  "routes/org+/$orgId+/national-export[.xlsx]": { action: r("coordinator owner"), note: "The national import file with ID numbers: org:volunteering only, a POST (the empty form gets 400), never bureau staff." },
  // end issue 15: national
  // issue 15: help
  "routes/help+/_index": { loader: EVERYONE, action: EVERYONE, note: "Anyone files a help request (an empty post gets 400); rate limited per address and account." },
  "routes/help+/track": { loader: EVERYONE, action: EVERYONE, note: "Anyone holding a tracking code sees its status and outcome only." },
  "routes/staff+/help._index": { loader: STAFF, note: "No request text in the queue; district staff see their district." },
  "routes/staff+/help.export": { loader: STAFF },
  "routes/staff+/help.$requestId": { url: "/staff/help/:helpRequestId", loader: STAFF, action: STAFF, note: "Sensitive views audited; nobody triages a request they filed." },
  // end issue 15: help
  // issue 15: disclosure
  "routes/funds+/$fundId_.accounts": { loader: EVERYONE, note: "Public accounts and disclosures of a fund; evidence links only for org:documents and staff." },
  "routes/org+/$orgId+/disclosures._index": { loader: r("finance owner staff admin"), note: "org:finance; bureau staff may look." },
  "routes/org+/$orgId+/disclosures.new": { url: "/org/:orgId/disclosures/new?campaignId=:campaignId", loader: r("finance owner staff admin"), action: r("finance owner"), note: "org:finance files a disclosure; staff may look, never file." },
  "routes/staff+/disclosures._index": { loader: STAFF, action: STAFF, note: "Overdue disclosures city-wide; hold or lift new donations (the empty form posted gets 400)." },
  "routes/staff+/disclosures.export": { loader: STAFF },
  // end issue 15: disclosure
  // issue 15: safeguards
  "routes/report": { url: "/report?type=campaign&id=:campaignId", loader: EVERYONE, action: EVERYONE, note: "Anyone may report a public campaign, fund, product or organization (the empty form posted gets 400)." },
  "routes/staff+/reports._index": { loader: STAFF, note: "The abuse-report queue: reporters' identity and contact are for staff only." },
  "routes/staff+/reports.$reportId": { loader: STAFF, action: STAFF, note: "Staff uphold or dismiss with an outcome (the empty form posted gets 400)." },
  "routes/staff+/reports.export": { loader: STAFF },
  // issue 18.2: matching funds
  "routes/org+/$orgId+/match-pledges": { loader: r("finance owner staff admin"), action: r("finance owner"), note: "The matcher's pledges: org:finance; staff read them (the empty form posted gets 400)." },
  "routes/staff+/match-funds": { loader: STAFF, action: STAFF, note: "Pledge approval and the 套捐 queue: staff only (the empty form posted gets 400)." },
  // end issue 18.2: matching funds
  // end issue 15: safeguards
  // issue 15: review
  "routes/org+/$orgId+/hours.review": { loader: r("coordinator owner staff admin"), action: r("coordinator owner"), note: "org:volunteering decides; bureau staff look (names masked) and decide on /staff/hours." },
  "routes/staff+/hours": { loader: STAFF, action: STAFF, note: "City-wide review of flagged and objected hours; names masked." },
  // end issue 15: review
  // issue 15: mydata
  "routes/me+/data": { loader: SIGNED_IN, note: "The signed-in person's own data only (PIPL art. 45)." },
  "routes/me+/data[.json]": { loader: SIGNED_IN, note: "Download of the person's own data as JSON." },
  "routes/me+/data[.xlsx]": { loader: SIGNED_IN, note: "Download of the person's own data as .xlsx." },
  "routes/me+/delete": { loader: SIGNED_IN, action: SIGNED_IN, note: "Deleting one's own account; the empty post is refused with 400 (password and confirmation required)." },
  // end issue 15: mydata
  // issue 16: mail
  "routes/me+/notifications": { loader: SIGNED_IN, action: SIGNED_IN, note: "One's own message preferences (e-mail/SMS per group)." },
  "routes/unsubscribe.$token": { loader: EVERYONE, action: EVERYONE, note: "One-click unsubscribe without sign-in: the signed token names the person and group; a bad token gets 400." },
  // end issue 16: mail
  // issue 18: opendata
  "routes/open-data+/_index": { loader: EVERYONE, note: "The open-data dictionary page: public." },
  "routes/open-data+/v1.statistics[.csv]": { loader: EVERYONE, note: "Aggregates only, people counts under 5 withheld with complementary suppression." },
  "routes/open-data+/v1.statistics[.json]": { loader: EVERYONE, note: "Same rows as the CSV, with metadata and dictionary." },
  "routes/open-data+/v1.organizations[.csv]": { loader: EVERYONE, note: "Approved organizations only; no contact person, phone or address." },
  "routes/open-data+/v1.organizations[.json]": { loader: EVERYONE, note: "Same rows as the CSV, with metadata and dictionary." },
  // end issue 18: opendata
  // issue 16: bench
  "routes/bench+/bare": { loader: [], note: "The load benchmark's baseline page: 404 for everyone unless the server runs with BENCH_ROUTES=1 (npm run bench -- load)." },
  // end issue 16: bench
  // issue 16: jobs
  "routes/staff+/jobs": { loader: r("admin"), action: r("admin"), note: "Background jobs: queues, failures, schedules and retry are for bureau admins only (the empty form posted gets 400)." },
  // end issue 16: jobs
  // issue 16: jobs2
  "routes/staff+/jobs_.export": { loader: r("admin") },
  // end issue 16: jobs2
  // issue 18.1: cross-region
  "routes/cooperation": { loader: EVERYONE, note: "Public agreements (no liaison contacts) and the year's support from other provinces, aggregates only." },
  "routes/staff+/cooperation._index": { loader: STAFF, action: STAFF, note: "Agreements with liaison contacts; staff record them (the empty form posted gets 400)." },
  "routes/staff+/cooperation.$agreementId": { url: "/staff/cooperation/:agreementId", loader: STAFF, action: STAFF, note: "Edit an agreement, upload its document (the empty form posted gets 400)." },
  "routes/staff+/cooperation.pairings._index": { loader: STAFF, action: STAFF, note: "对口支援 pairings; staff create them (the empty form posted gets 400)." },
  "routes/staff+/cooperation.pairings.$pairingId": { url: "/staff/cooperation/pairings/:pairingId", loader: STAFF, action: STAFF, note: "Decide (never one's own request), record money (ledger) and goods under the pairing (the empty form posted gets 400)." },
  "routes/org+/$orgId+/cooperation": { loader: r("member coordinator finance owner staff admin"), action: r("owner"), note: "org:view reads the organization's pairings; org:edit requests one (the empty form posted gets 400)." },
  // end issue 18.1: cross-region
};
