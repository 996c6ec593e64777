import { isStaff, type SessionUser } from "~/modules/accounts/auth.server";
import { maskPhone } from "~/modules/accounts/mask";
import { getOrgRole } from "./permissions.server";

/**
 * The contact phone of an organization or of one of its projects, as a visitor may see it: in full
 * when the organization consented to publish it (contactPhonePublic), or to members of that
 * organization and bureau staff; masked (138****5678) for everyone else, signed in or not.
 * See docs/decisions/006-private-by-default.md.
 */
export async function visibleContactPhone(viewer: SessionUser | null, orgId: string, phone: string, consent: boolean) {
  if (consent || isStaff(viewer)) return { phone, masked: false };
  if (viewer && (await getOrgRole(viewer.id, orgId)) !== null) return { phone, masked: false };
  return { phone: maskPhone(phone), masked: true };
}
