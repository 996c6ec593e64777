import type zh from "../zh-CN/share";
import type { LocaleShape } from "../../resources";

const en: LocaleShape<typeof zh> = {
  download: {
    pdf: "Download PDF",
    png: "Save image",
    pngHint: "In WeChat, press and hold the image to save it to your photos.",
    poster: "Share poster",
  },
  platform: "Shanlian · Social organizations and volunteer service",
  certificate: {
    title: "Certificate of Volunteer Service",
    subtitle: "志愿服务证明",
    body: "This certifies that {name} (ID {id}) did volunteer service from {from} to {to}: {records} service records confirmed by the organizations, {hours} hours in total.",
    bodyNoId: "This certifies that {name} did volunteer service from {from} to {to}: {records} service records confirmed by the organizations, {hours} hours in total.",
    org: "Organization",
    projects: "Projects",
    hours: "Hours",
    moreOrgs: "{count} more organizations: see the verification page",
    issuer: "Issued by",
    issuedAt: "Issued on",
    code: "Certificate code",
    scan: "Scan to verify",
    basis: "Issued under the Measures for Volunteer Service Records and Certificates (MCA Order No. 67); the records were confirmed by the organizations above.",
    verifyAt: "Verify at: {url}",
    gone: "This certificate is no longer valid (corrected or revoked) and cannot be downloaded; see My certificates or request a new one.",
  },
  receipt: {
    title: "Donation receipt",
    subtitle: "Shanlian electronic donation record (not a tax receipt)",
    donor: "Donor",
    anonymous: "Anonymous",
    amount: "Amount",
    refunded: "Refunded",
    date: "Date",
    project: "Given to",
    filing: "Filing number",
    recipient: "Recipient organization",
    creditCode: "Unified social credit code",
    status: "Status",
    code: "Verification code",
    scan: "Scan to verify",
    verifyAt: "Verify at: {url}",
  },
  poster: {
    scan: "Scan the QR code for details",
    campaignLine: "Goal {goal} · {district}",
    projectLine: "From {from} · {district}",
    by: "By {org}",
  },
};

export default en;
