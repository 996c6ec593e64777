import { describe, expect, it } from "vitest";
import { dateTimeFormat, isoDate, TIME_ZONE } from "./format";

const intlDay = (d: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: TIME_ZONE, year: "numeric", month: "2-digit", day: "2-digit" }).format(d);

describe("isoDate", () => {
  it("gives the Asia/Shanghai day, as ICU does, across midnight, year ends and leap days", () => {
    const instants = [
      "1992-01-01T00:00:00Z", "1999-12-31T15:59:59.999Z", "1999-12-31T16:00:00Z", "2024-02-28T16:00:00Z",
      "2024-02-29T15:59:59Z", "2026-06-30T23:30:00Z", "2026-12-04T16:00:00Z", "2038-01-19T03:14:08Z",
    ].map((s) => new Date(s));
    // And an hour-by-hour walk over two years.
    for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 3_600_000 * 7) instants.push(new Date(t));
    for (const d of instants) expect(isoDate(d)).toBe(intlDay(d));
  });

  it("leaves dates before 1992 (China's summer time until 1991) to ICU", () => {
    // 1988-07-01 00:30 in Beijing summer time (UTC+9) is still 30 June in UTC+8 arithmetic.
    const d = new Date("1988-06-30T15:30:00Z");
    expect(isoDate(d)).toBe(intlDay(d));
    expect(isoDate(d)).toBe("1988-07-01");
    expect(isoDate(new Date("1970-05-01T00:00:00Z"))).toBe(intlDay(new Date("1970-05-01T00:00:00Z")));
  });

  it("accepts strings and empty values", () => {
    expect(isoDate("2026-12-04T17:00:00Z")).toBe("2026-12-05");
    expect(isoDate(null)).toBe("");
    expect(isoDate("")).toBe("");
  });
});

describe("dateTimeFormat", () => {
  it("returns one formatter per locale and options, whether the options object is reused or new", () => {
    const opts: Intl.DateTimeFormatOptions = { timeZone: TIME_ZONE, month: "long" };
    const a = dateTimeFormat("zh-CN", opts);
    expect(dateTimeFormat("zh-CN", opts)).toBe(a);
    expect(dateTimeFormat("zh-CN", { ...opts })).toBe(a);
    expect(dateTimeFormat("en-CA", opts)).not.toBe(a);
    expect(a.resolvedOptions().locale).toBe("zh-CN");
  });
});
