import type { LoaderFunctionArgs } from "@remix-run/node";
import { certificateDownload } from "~/modules/share/http.server";

/** The holder's certificate as a PDF with a QR code to the public check (owner only). */
export const loader = ({ request, params }: LoaderFunctionArgs) => certificateDownload(request, params.code, "pdf");
