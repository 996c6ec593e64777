import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { Link, useActionData, useLoaderData, useParams, useRevalidator } from "@remix-run/react";
import { prisma } from "~/utils/db.server";
import type { FormReply } from "~/utils/forms";
import { invariantResponse } from "~/utils/responses.server";
import { getOptionalUser } from "~/modules/accounts/auth.server";
import { receiptSelect, receiptToJson } from "~/modules/donations/receipts.server";
import { donationByToken, donorReceiptState, officialReceiptAction } from "~/modules/donations/official-receipts.server";
import { DonationReceipt } from "~/components/donation-receipt";
import { OfficialReceiptPanel } from "~/components/official-receipt";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useT } from "~/modules/i18n/use-t";
import { pageTitle } from "~/modules/i18n/meta";

export const meta = pageTitle("funding.thanks.title");

/** Where the donor lands after checkout; the unguessable token stands in for a sign-in (guests). */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const d = await prisma.donation.findUnique({ where: { accessToken: params.token ?? "" }, select: receiptSelect });
  invariantResponse(d, 404);
  const receipt = receiptToJson(d);
  const donor = await donationByToken(params.token ?? "");
  const official = donor && d.paidAt ? await donorReceiptState(donor) : null;
  return { receipt: { ...receipt, donorName: d.anonymous ? null : d.donorName }, verifyUrl: `${new URL(request.url).origin}/verify/receipts`, official };
}

/** The donor (a guest, by the token) asks the receiving organization for the official receipt. */
export async function action({ request, params }: ActionFunctionArgs) {
  const donor = await donationByToken(params.token ?? "");
  invariantResponse(donor, 404);
  const user = await getOptionalUser(request);
  return officialReceiptAction(request, donor, { back: `/donate/thanks/${encodeURIComponent(donor.accessToken)}`, requestedById: user?.id ?? null });
}

export default function Thanks() {
  const { receipt, verifyUrl, official } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  const t = useT();
  const revalidator = useRevalidator();
  const token = encodeURIComponent(useParams().token ?? "");
  const paid = ["PAID", "PARTLY_REFUNDED", "REFUNDED"].includes(receipt.status);
  const back = receipt.target.kind === "campaign" ? `/campaigns/${receipt.target.id}` : `/funds/${receipt.target.id}`;
  return (
    <div className="form-narrow">
      <h1>{t("funding.thanks.title")}</h1>
      {paid ? (
        <>
          <p className="flash flash-success">{t("funding.thanks.paid")}</p>
          <DonationReceipt r={receipt} verifyUrl={verifyUrl} />
          <div className="button-row">
            <button type="button" className="button button-secondary" onClick={() => window.print()}>
              {t("funding.receipt.print")}
            </button>
            <a className="button button-secondary" href={`/donate/thanks/${token}/receipt.pdf`} download>
              {t("share.download.pdf")}
            </a>
            <a className="button button-secondary" href={`/donate/thanks/${token}/receipt.png`} title={t("share.download.pngHint")}>
              {t("share.download.png")}
            </a>
          </div>
          {official ? <OfficialReceiptPanel view={official} downloadHref={`/donate/thanks/${token}/official-receipt`} reply={reply} /> : null}
        </>
      ) : receipt.status === "PENDING" ? (
        <p>
          {t("funding.thanks.pending")}{" "}
          <button type="button" className="link-button" onClick={() => revalidator.revalidate()}>
            {t("funding.thanks.refresh")}
          </button>
        </p>
      ) : (
        <p className="form-error">{t("funding.thanks.failed")}</p>
      )}
      <p>
        <Link to={back}>{t("funding.thanks.back")}</Link>
      </p>
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;
