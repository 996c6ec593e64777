import type { LoaderFunctionArgs } from "@remix-run/node";
import { getOptionalUser, isStaff } from "~/modules/accounts/auth.server";
import { getOrgRole } from "~/modules/organizations/permissions.server";
import { prisma } from "~/utils/db.server";
import { invariantResponse } from "~/utils/responses.server";

/**
 * Serves uploaded files. Public files (logos, covers) to anyone; private ones (verification
 * documents, evidence) only to members of the owning organization and bureau staff.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = await prisma.fileUpload.findUnique({ where: { id: params.fileId ?? "" }, select: { data: true, mimeType: true, visibility: true, orgId: true, fileName: true } });
  invariantResponse(file, 404);
  if (file.visibility === "PRIVATE") {
    const user = await getOptionalUser(request);
    const allowed = isStaff(user) || (user && file.orgId ? (await getOrgRole(user.id, file.orgId)) !== null : false);
    invariantResponse(allowed, 404);
  }
  return new Response(file.data, {
    headers: {
      "Content-Type": file.mimeType,
      "Content-Disposition": `${file.mimeType.startsWith("image/") ? "inline" : "attachment"}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
      "Cache-Control": file.visibility === "PUBLIC" ? "public, max-age=86400" : "private, no-store",
      "X-Content-Type-Options": "nosniff",
    },
  });
}
