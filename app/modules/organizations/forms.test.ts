import { describe, expect, it } from "vitest";
import { OrganizationSchema } from "./schema";
import { formToObject, parseWithSchema } from "~/utils/forms";

describe("form parsing", () => {
  it("collects repeated names into arrays and trims strings", () => {
    const fd = new FormData();
    fd.append("serviceAreas", "ELDERLY");
    fd.append("serviceAreas", "CHILDREN");
    fd.append("name", "  重庆市慈善总会 ");
    expect(formToObject(fd, ["serviceAreas"])).toEqual({ serviceAreas: ["ELDERLY", "CHILDREN"], name: "重庆市慈善总会" });
  });
  it("reports the first error per field as an i18n key and never echoes passwords", () => {
    const r = parseWithSchema(OrganizationSchema, { name: "", creditCode: "123", type: "FOUNDATION", password: "secret" });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.reply.fieldErrors?.name).toBe("validation.required");
    expect(r.reply.fieldErrors?.creditCode).toBe("orgs.form.creditCodeInvalid");
    expect(r.reply.values).not.toHaveProperty("password");
  });
  it("refuses a credit code whose prefix does not match the type", () => {
    const r = parseWithSchema(OrganizationSchema, {
      name: "测试基金会",
      creditCode: "91350100M000100Y43",
      type: "FOUNDATION",
      districtCode: "500114",
      foundedOn: "2015-01-01",
      address: "黔江区",
      contactName: "张",
      contactPhone: "13812345678",
      mission: "扶贫济困，助学助残，服务社区。",
      serviceAreas: ["EDUCATION"],
    });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.reply.fieldErrors?.creditCode).toBe("orgs.form.creditCodePrefix.FOUNDATION");
  });
});
