import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireUser } from "~/modules/accounts/auth.server";
import { invariantResponse } from "~/utils/responses.server";
import { donationOfDonor, issuedReceiptFile, receiptFileResponse } from "~/modules/donations/official-receipts.server";

/**
 * The official receipt's file, for the signed-in donor of the donation only (another person's
 * donation is not found). The organization's finance people and staff read it through /files/:id.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const d = await donationOfDonor(params.donationId ?? "", user.id);
  invariantResponse(d, 404);
  const file = await issuedReceiptFile(d.id);
  invariantResponse(file, 404);
  return receiptFileResponse(file);
}
