import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { logger, redactPersonal } from "./logger.server";

const dir = mkdtempSync(path.join(tmpdir(), "shanlian-log-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("redactPersonal", () => {
  it("censors personal keys at the first three levels (arrays count as one), and secret headers", () => {
    const input = {
      email: "a@example.cn",
      path: "/campaigns",
      user: { phone: "13800138000", name: "ok", profile: { idNumber: "110101199003074578", deeper: { address: "kept at level 4" } } },
      donors: [{ realName: "张三" }, { contactPhone: "13900139000" }],
      headers: { authorization: "Bearer x", cookie: "sid=1", accept: "text/html" },
      req: { headers: { "x-forwarded-for": "1.2.3.4", "user-agent": "UA" } },
      err: Object.assign(new Error("boom"), { email: "kept for the error serializer" }),
      missing: undefined,
    };
    const copy = structuredClone({ ...input, err: undefined });
    const out = redactPersonal(input);
    expect(out).toMatchObject({
      email: "[redacted]",
      path: "/campaigns",
      user: { phone: "[redacted]", name: "ok", profile: { idNumber: "[redacted]", deeper: { address: "kept at level 4" } } },
      donors: [{ realName: "[redacted]" }, { contactPhone: "[redacted]" }],
      headers: { authorization: "[redacted]", cookie: "[redacted]", accept: "text/html" },
      req: { headers: { "x-forwarded-for": "[redacted]", "user-agent": "UA" } },
    });
    expect(out.err).toBe(input.err);
    // The caller's objects are untouched.
    expect({ ...input, err: undefined }).toEqual(copy);
  });

  it("gives back the same object when nothing is personal", () => {
    const line = { reqId: "r-12345678", method: "GET", path: "/", status: 200, ms: 1.5, nested: { a: [1, 2, { b: 3 }] } };
    expect(redactPersonal(line)).toBe(line);
  });

  it("is what the logger writes", () => {
    const file = path.join(dir, "app.log");
    const before = { level: process.env.LOG_LEVEL, file: process.env.SHANLIAN_LOG_FILE };
    process.env.LOG_LEVEL = "info";
    process.env.SHANLIAN_LOG_FILE = file;
    try {
      logger().info({ user: { email: "b@example.cn", id: "u1" }, headers: { cookie: "sid=2" } }, "signed in");
      const line = JSON.parse(readFileSync(file, "utf8").trim().split("\n").at(-1)!) as Record<string, unknown>;
      expect(line).toMatchObject({ msg: "signed in", user: { email: "[redacted]", id: "u1" }, headers: { cookie: "[redacted]" } });
    } finally {
      for (const [k, v] of [["LOG_LEVEL", before.level], ["SHANLIAN_LOG_FILE", before.file]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    }
  });
});
