import { describe, expect, it } from "vitest";
import { safeRedirect } from "./redirect";

describe("safeRedirect", () => {
  it.each([
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r\n/evil.example",
    "/\\evil.example",
    "\\\\evil.example",
    "/\\/evil.example",
    "//evil.example",
    "///evil.example",
    "https://evil.example",
    "https:evil.example",
    "http:/evil.example",
    "/%09/evil.example",
    "/%5Cevil.example",
    "/%2F/evil.example",
    "%2F%2Fevil.example",
    "/.//evil.example",
    "javascript:alert(1)",
    " javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    "data:text/html,hi",
    "evil.example",
    "/\u0000/evil",
    "/%00",
    "/%E0%A4%A",
    "",
    `/${"a".repeat(5000)}`,
  ])("refuses %j", (to) => {
    expect(safeRedirect(to, "/me")).toBe("/me");
  });

  it("refuses what is not a string", () => {
    expect(safeRedirect(null)).toBe("/");
    expect(safeRedirect(undefined, "/x")).toBe("/x");
    expect(safeRedirect(new File(["/me"], "f.txt"), "/x")).toBe("/x");
  });

  it.each([
    ["/me", "/me"],
    ["/orgs?q=%E5%96%84%E8%81%94&page=2", "/orgs?q=%E5%96%84%E8%81%94&page=2"],
    ["/projects/abc#shifts", "/projects/abc#shifts"],
    ["/orgs?q=a%5Cb", "/orgs?q=a%5Cb"],
    ["/me/../orgs", "/orgs"],
  ])("keeps the local path %j", (to, expected) => {
    expect(safeRedirect(to, "/fallback")).toBe(expected);
  });
});
