/**
 * Alipay's units at the edge, exactly: yuan strings ↔ integer fen without floating point,
 * Beijing wall-clock times ↔ Date, the scene for a device, the passback field.
 */
import { describe, expect, it } from "vitest";
import { chooseAlipayScene } from "~/modules/payments/alipay/alipay.server";
import { decodePassback, encodePassback } from "~/modules/payments/alipay/events.server";
import { fenToYuanString, formatAlipayTime, parseAlipayTime, tryYuanStringToFen, yuanStringToFen } from "~/modules/payments/alipay/format.server";

describe("fen → yuan string", () => {
  it.each([
    [0n, "0.00"],
    [1n, "0.01"],
    [10n, "0.10"],
    [99n, "0.99"],
    [100n, "1.00"],
    [8880n, "88.80"],
    [123456789n, "1234567.89"],
    [10_000_000_000n, "100000000.00"],
    [9_007_199_254_740_993n, "90071992547409.93"], // beyond 2^53: a float would round it
  ])("%s fen is %s", (fen, yuan) => {
    expect(fenToYuanString(fen)).toBe(yuan);
  });

  it("refuses negative amounts and numbers", () => {
    expect(() => fenToYuanString(-1n)).toThrow(RangeError);
    expect(() => fenToYuanString(100 as unknown as bigint)).toThrow(TypeError);
  });
});

describe("yuan string → fen", () => {
  it.each([
    ["0.01", 1n],
    ["0.1", 10n],
    ["0.29", 29n], // 0.29 * 100 === 28.999999999999996 in floating point
    ["1.15", 115n], // 1.15 * 100 === 114.99999999999999
    ["88.8", 8880n],
    ["88.80", 8880n],
    ["88", 8800n],
    ["0", 0n],
    ["100000000.00", 10_000_000_000n],
    ["90071992547409.93", 9_007_199_254_740_993n],
  ])("%s yuan is %s fen", (yuan, fen) => {
    expect(yuanStringToFen(yuan)).toBe(fen);
  });

  it.each(["1.001", "0.123", "88.800", "-1.00", "+1.00", "1e2", " 1.00", "1.00 ", "", "1.", ".5", "01.00", "1,000.00", "NaN", "Infinity", "１.００", "0x10", "1.0.0"])("refuses %j", (yuan) => {
    expect(() => yuanStringToFen(yuan)).toThrow(RangeError);
    expect(tryYuanStringToFen(yuan)).toBeUndefined();
  });

  it("round-trips every amount exactly", () => {
    const wrong: bigint[] = [];
    for (let fen = 0n; fen <= 100_000n; fen += 1n) if (yuanStringToFen(fenToYuanString(fen)) !== fen) wrong.push(fen);
    for (const fen of [999_999_999n, 1_000_000_001n, 10_000_000_000n, 123_456_789_012_345n]) if (yuanStringToFen(fenToYuanString(fen)) !== fen) wrong.push(fen);
    expect(wrong).toEqual([]);
  });
});

describe("Beijing times", () => {
  it("reads Alipay's wall-clock times as UTC+8", () => {
    expect(parseAlipayTime("2024-05-01 12:34:56")?.toISOString()).toBe("2024-05-01T04:34:56.000Z");
    expect(parseAlipayTime("2024-01-01 07:59:59")?.toISOString()).toBe("2023-12-31T23:59:59.000Z");
    expect(parseAlipayTime("2024-05-01 12:34:56.5")?.toISOString()).toBe("2024-05-01T04:34:56.500Z");
    expect(parseAlipayTime("2024-05-01 12:34:56.123")?.toISOString()).toBe("2024-05-01T04:34:56.123Z");
  });

  it.each(["2024-02-30 00:00:00", "2024-05-01T12:34:56", "2024-05-01", "", "2024-13-01 00:00:00", "2024-05-01 24:00:00"])("refuses %j", (t) => {
    expect(parseAlipayTime(t)).toBeUndefined();
  });

  it("writes Dates as Beijing wall-clock time", () => {
    expect(formatAlipayTime(new Date("2024-12-31T16:30:00Z"))).toBe("2025-01-01 00:30:00");
    const now = new Date(Math.floor(Date.now() / 1000) * 1000);
    expect(parseAlipayTime(formatAlipayTime(now))?.getTime()).toBe(now.getTime());
  });
});

describe("scene and passback", () => {
  it("uses 电脑网站支付 on desktops and 手机网站支付 on phones", () => {
    expect(chooseAlipayScene(false)).toBe("page");
    expect(chooseAlipayScene(true)).toBe("wap");
  });

  it("URL-encodes the passback and reads it back", () => {
    const encoded = encodePassback({ donationId: "cm0abc123def" });
    expect(encoded).toBe("donationId%3Dcm0abc123def");
    expect(encoded).not.toMatch(/[=&]/);
    expect(decodePassback(encoded)).toEqual({ donationId: "cm0abc123def" });
    expect(decodePassback(undefined)).toEqual({});
    expect(decodePassback("%E0%A4%A")).toEqual({});
    expect(() => encodePassback({ donationId: "x".repeat(600) })).toThrow(RangeError);
  });
});
