import { describe, expect, it } from "vitest";
import { makeT } from "./i18n";
import { resources } from "./resources";

function leaves(obj: unknown, prefix = ""): string[] {
  if (typeof obj === "string") return [prefix];
  return Object.entries(obj as Record<string, unknown>).flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
}

describe("i18n", () => {
  it("has an English string for every Chinese one, and none empty", () => {
    const zh = leaves(resources["zh-CN"]).sort();
    const en = leaves(resources.en).sort();
    expect(en).toEqual(zh);
    const t = makeT("en");
    for (const key of en) expect(t(key).trim(), key).not.toBe("");
  });
  it("interpolates parameters and falls back to the key when missing", () => {
    const t = makeT("zh-CN");
    expect(t("orgs.form.creditCodeTaken", { name: "重庆市慈善总会" })).toBe("该统一社会信用代码已被「重庆市慈善总会」登记");
    expect(t("no.such.key")).toBe("no.such.key");
  });
});
