import type { LoaderFunctionArgs } from "@remix-run/node";
import { receiptDownload } from "~/modules/share/http.server";

/** The signed-in donor's own receipt as a PDF with a QR code to the public check. */
export const loader = ({ request, params }: LoaderFunctionArgs) => receiptDownload(request, { donationId: params.donationId }, "pdf");
