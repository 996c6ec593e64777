import { describe, expect, it } from "vitest";
import { makeIdNumber } from "~/modules/accounts/id-number";
import { aidedDistrictNamedIn, eligibilityError, householdsShown, parseHouseholdLines } from "./rules";
import { ProducerSchema } from "./schema";
import { creditCodeCheckChar } from "~/modules/organizations/credit-code";

/** A valid code: prefix + division + a fixed organization code, check character computed. */
function code(prefix: string, division: string, org = "MA1234567") {
  return `${prefix}${division}${org}${creditCodeCheckChar(`${prefix}${division}${org}`)}`;
}

describe("the 832 rule", () => {
  it("takes producers in aided districts, and agents whose origin names one", () => {
    expect(eligibilityError("COOPERATIVE", "500240", null)).toBeNull(); // 石柱
    expect(eligibilityError("HOUSEHOLD", "500103", null)).toEqual({ field: "districtCode", message: "producers.form.notAided" }); // 渝中
    expect(eligibilityError("AGENT", "500103", null)?.message).toBe("producers.form.originRequired");
    expect(eligibilityError("AGENT", "500103", "产自江津区")?.message).toBe("producers.form.originNotAided");
    expect(eligibilityError("AGENT", "500103", "产自奉节县草堂镇")).toBeNull();
  });

  it("finds an aided district by full name, short name or code", () => {
    expect(aidedDistrictNamedIn("石柱土家族自治县中益乡")).toBe("500240");
    expect(aidedDistrictNamedIn("巫山脆李")).toBe("500237");
    expect(aidedDistrictNamedIn("产地 500229")).toBe("500229");
    expect(aidedDistrictNamedIn("重庆市渝中区")).toBeNull();
    expect(aidedDistrictNamedIn("")).toBeNull();
  });
});

describe("household lines", () => {
  const a = makeIdNumber("500240", "19650312", "021");
  // A number whose check character is X, to type it in lower case.
  const x = Array.from({ length: 999 }, (_, i) => makeIdNumber("500236", "19801115", String(i + 1).padStart(3, "0"))).find((n) => n.endsWith("X"))!;

  it("keeps distinct valid numbers, forgives spaces, a lower-case x and trailing commas, and reports bad lines", () => {
    const { ids, badLines } = parseHouseholdLines(`${a}\n\n ${a.slice(0, 6)} ${a.slice(6)} ，\n${x.toLowerCase()}\n123\n${a.slice(0, 17)}${a[17] === "0" ? "1" : "0"}`);
    expect(ids).toEqual([a, x]);
    expect(badLines).toEqual([5, 6]);
  });

  it("counts named households when there are any, the declared count otherwise", () => {
    expect(householdsShown(3, 40)).toBe(3);
    expect(householdsShown(0, 40)).toBe(40);
  });
});

describe("ProducerSchema", () => {
  const base = { name: "奉节县脐橙专业合作社", kind: "COOPERATIVE", districtCode: "500236", town: "草堂镇", contactName: "刘师傅", contactPhone: "13812345678" };
  it("requires a checked credit code with the kind's prefix, and drops one given for a household", () => {
    const coop = code("93", "500236");
    expect(ProducerSchema.safeParse({ ...base, creditCode: ` ${coop.toLowerCase()} ` }).data?.creditCode).toBe(coop);
    expect(ProducerSchema.safeParse({ ...base, creditCode: code("N2", "500236") }).error?.issues[0]?.message).toBe("producers.form.creditCodePrefix.COOPERATIVE");
    expect(ProducerSchema.safeParse({ ...base, creditCode: coop.slice(0, 17) + (coop[17] === "0" ? "1" : "0") }).error?.issues[0]?.message).toBe("producers.form.creditCodeInvalid");
    expect(ProducerSchema.safeParse({ ...base, kind: "HOUSEHOLD", creditCode: "whatever" }).data?.creditCode).toBeNull();
    expect(ProducerSchema.safeParse({ ...base, kind: "VILLAGE_COLLECTIVE", creditCode: code("N2", "500236") }).success).toBe(true);
  });
  it("refuses ID or mobile numbers in public text", () => {
    expect(ProducerSchema.safeParse({ ...base, kind: "HOUSEHOLD", description: "联系 13912345678" }).error?.issues[0]?.path).toEqual(["description"]);
  });
});
