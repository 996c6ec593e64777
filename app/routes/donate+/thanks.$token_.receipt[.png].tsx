import type { LoaderFunctionArgs } from "@remix-run/node";
import { receiptDownload } from "~/modules/share/http.server";

/** A guest's receipt as an image; the thank-you page's unguessable token stands in for a sign-in. */
export const loader = ({ request, params }: LoaderFunctionArgs) => receiptDownload(request, { token: params.token }, "png");
