import type { LoaderFunctionArgs } from "@remix-run/node";
import { posterDownload } from "~/modules/share/http.server";

/** The volunteer project's share poster (PNG with a QR code to the page); published projects only. */
export const loader = ({ request, params }: LoaderFunctionArgs) => posterDownload(request, "project", params.projectId);
