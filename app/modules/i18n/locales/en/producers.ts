import type zh from "../zh-CN/producers";
import type { LocaleShape } from "../../resources";

const en: LocaleShape<typeof zh> = {
  title: "Producers",
  org: { tab: "Producers" },
  workspace: { title: "Producer workspace", overview: "Overview", products: "Products", orders: "Orders", payouts: "Payouts" },
  statuses: { SUBMITTED: "Awaiting district", RECOMMENDED: "Recommended, awaiting review", RETURNED: "Returned", APPROVED: "Approved", REJECTED: "Rejected", SUSPENDED: "Suspended" },
};

export default en;
