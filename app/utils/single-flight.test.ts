import { describe, expect, it } from "vitest";
import { singleFlight } from "./single-flight.server";

describe("singleFlight", () => {
  it("runs a read once for the callers that ask while it is in flight, and afresh after it settled", async () => {
    const shared = singleFlight<number>();
    let runs = 0;
    let release!: () => void;
    const read = () => {
      runs++;
      return new Promise<number>((resolve) => (release = () => resolve(runs)));
    };
    const during = [shared("a", read), shared("a", read), shared("a", read)];
    expect(runs).toBe(1);
    const other = shared("b", () => Promise.resolve(-1));
    expect(runs).toBe(1);
    release();
    expect(await Promise.all(during)).toEqual([1, 1, 1]);
    expect(await other).toBe(-1);
    const after = shared("a", read);
    expect(runs).toBe(2);
    release();
    expect(await after).toBe(2);
  });

  it("hands a failure to every caller that joined, and forgets it", async () => {
    const shared = singleFlight<string>();
    let fail = true;
    const read = async () => {
      await new Promise((r) => setTimeout(r, 5));
      if (fail) throw new Error("database away");
      return "ok";
    };
    const joined = [shared("k", read), shared("k", read)];
    for (const p of joined) await expect(p).rejects.toThrow("database away");
    fail = false;
    await expect(shared("k", read)).resolves.toBe("ok");
  });
});
