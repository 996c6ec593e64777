import type { LoaderFunctionArgs } from "@remix-run/node";
import { receiptDownload } from "~/modules/share/http.server";

/** The signed-in donor's own receipt as an image to save on a phone. */
export const loader = ({ request, params }: LoaderFunctionArgs) => receiptDownload(request, { donationId: params.donationId }, "png");
