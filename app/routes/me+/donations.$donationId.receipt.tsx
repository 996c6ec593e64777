import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { requireUser } from "~/modules/accounts/auth.server";
import { prisma } from "~/utils/db.server";
import type { FormReply } from "~/utils/forms";
import { invariantResponse } from "~/utils/responses.server";
import { receiptSelect, receiptToJson } from "~/modules/donations/receipts.server";
import { donationOfDonor, donorReceiptState, officialReceiptAction } from "~/modules/donations/official-receipts.server";
import { DonationReceipt } from "~/components/donation-receipt";
import { OfficialReceiptPanel } from "~/components/official-receipt";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("funding.receipt.title");

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const d = await prisma.donation.findFirst({ where: { id: params.donationId ?? "", donorUserId: user.id, status: { in: ["PAID", "PARTLY_REFUNDED", "REFUNDED"] } }, select: receiptSelect });
  invariantResponse(d, 404);
  const donor = await donationOfDonor(d.id, user.id);
  invariantResponse(donor, 404);
  return { receipt: receiptToJson(d), verifyUrl: `${new URL(request.url).origin}/verify/receipts`, official: await donorReceiptState(donor) };
}

/** The donor asks the receiving organization for the official receipt (公益事业捐赠票据). */
export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const donor = await donationOfDonor(params.donationId ?? "", user.id);
  invariantResponse(donor, 404);
  return officialReceiptAction(request, donor, { back: `/me/donations/${donor.id}/receipt`, requestedById: user.id });
}

export default function MyReceipt() {
  const { receipt, verifyUrl, official } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  return (
    <div className="form-narrow">
      <p>
        <Link to="/me/donations">← {t("funding.me.title")}</Link>
      </p>
      <DonationReceipt r={receipt} verifyUrl={verifyUrl} />
      <button type="button" className="button button-secondary" onClick={() => window.print()}>
        {t("funding.receipt.print")}
      </button>{" "}
      <a className="button button-secondary" href={`/me/donations/${receipt.id}/receipt.pdf`} download>
        {t("share.download.pdf")}
      </a>{" "}
      <a className="button button-secondary" href={`/me/donations/${receipt.id}/receipt.png`} title={t("share.download.pngHint")}>
        {t("share.download.png")}
      </a>
      <OfficialReceiptPanel view={official} downloadHref={`/me/donations/${receipt.id}/official-receipt`} reply={reply} />
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
