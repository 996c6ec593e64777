import type { LoaderFunctionArgs } from "@remix-run/node";
import { getOptionalUser } from "~/modules/accounts/auth.server";
import { canReadPrivateFile } from "~/modules/files/access.server";
import { prisma } from "~/utils/db.server";
import { invariantResponse } from "~/utils/responses.server";

/**
 * Serves uploaded files. Public files (logos, covers) to anyone; private ones (verification
 * documents, evidence) only to the owner and finance of the owning organization and to bureau
 * staff: 404 to strangers (the file's existence is not confirmed), 403 to other members.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const file = await prisma.fileUpload.findUnique({ where: { id: params.fileId ?? "" }, select: { data: true, mimeType: true, visibility: true, orgId: true, fileName: true } });
  invariantResponse(file, 404);
  if (file.visibility === "PRIVATE") {
    const user = await getOptionalUser(request);
    if (!(await canReadPrivateFile(user, file.orgId))) {
      const member = user && file.orgId ? (await prisma.orgMembership.count({ where: { orgId: file.orgId, userId: user.id } })) > 0 : false;
      invariantResponse(false, member ? 403 : 404);
    }
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
