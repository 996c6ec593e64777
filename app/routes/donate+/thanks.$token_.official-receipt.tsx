import type { LoaderFunctionArgs } from "@remix-run/node";
import { invariantResponse } from "~/utils/responses.server";
import { donationByToken, issuedReceiptFile, receiptFileResponse } from "~/modules/donations/official-receipts.server";

/** A guest's official receipt file; the thank-you page's unguessable token stands in for a sign-in. */
export async function loader({ params }: LoaderFunctionArgs) {
  const d = await donationByToken(params.token ?? "");
  invariantResponse(d, 404);
  const file = await issuedReceiptFile(d.id);
  invariantResponse(file, 404);
  return receiptFileResponse(file);
}
