import type { LoaderFunctionArgs } from "@remix-run/node";
import { posterDownload } from "~/modules/share/http.server";

/** The campaign's share poster (PNG with a QR code to the page); public campaigns only. */
export const loader = ({ request, params }: LoaderFunctionArgs) => posterDownload(request, "campaign", params.campaignId);
