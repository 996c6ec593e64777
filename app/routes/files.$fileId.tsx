import type { LoaderFunctionArgs } from "@remix-run/node";
import { getOptionalUser } from "~/modules/accounts/auth.server";
import { canReadPrivateFile } from "~/modules/files/access.server";
import { fileResponse, storedFileSelect } from "~/modules/files/uploads.server";
import { prisma } from "~/utils/db.server";
import { invariantResponse } from "~/utils/responses.server";

/**
 * Serves uploaded files. Public files (logos, covers) to anyone; private ones (verification
 * documents, evidence) only to the owner and finance of the owning organization and to bureau
 * staff (a help request's documents only to the staff of its district, or the city's): 404 to strangers (the file's existence is not confirmed), 403 to other members. With S3
 * storage a private file is answered by a redirect to a presigned link valid for a minute.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = await prisma.fileUpload.findUnique({ where: { id: params.fileId ?? "" }, select: { ...storedFileSelect, visibility: true, orgId: true, helpRequestDocument: { select: { request: { select: { id: true, districtCode: true } } } } } });
  invariantResponse(file, 404);
  if (file.visibility === "PRIVATE") {
    const user = await getOptionalUser(request);
    if (!(await canReadPrivateFile(user, file.orgId, file.helpRequestDocument?.request, file.id))) {
      const member = user && file.orgId ? (await prisma.orgMembership.count({ where: { orgId: file.orgId, userId: user.id } })) > 0 : false;
      invariantResponse(false, member ? 403 : 404);
    }
  }
  // Only now, after the check: bytes from the database, or a 302 to a short-lived signed S3 link.
  return fileResponse(file, file.visibility);
}
