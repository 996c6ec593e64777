import { describe, expect, it } from "vitest";
import { lineLeaks, suppress, type Line } from "./suppression";

const run = (cells: Record<string, number>, lines: Line[]) => {
  const values = new Map(Object.entries(cells));
  const out = suppress(values, lines);
  const status = (id: string) => out.get(id);
  return { out, leaks: lines.filter((l) => lineLeaks(l, (id) => values.get(id) ?? 0, status)) };
};

describe("suppress", () => {
  it("withholds a second cell when a row has one small cell", () => {
    const { out, leaks } = run({ f: 3, m: 20, u: 0, t: 23 }, [{ parts: ["f", "m", "u"], total: "t" }]);
    expect(out.get("f")).toBe("primary");
    expect(out.get("m")).toBe("secondary");
    expect(out.has("u")).toBe(false);
    expect(leaks).toEqual([]);
  });

  it("withholds the total too when the pair still pins the small cell (1 + 5 = 6)", () => {
    const { out, leaks } = run({ f: 1, m: 5, t: 6 }, [{ parts: ["f", "m"], total: "t" }]);
    expect([out.get("f"), out.get("m"), out.get("t")]).toEqual(["primary", "secondary", "secondary"]);
    expect(leaks).toEqual([]);
  });

  it("leaves a table without small counts alone", () => {
    expect(run({ a: 7, b: 9, t: 16 }, [{ parts: ["a", "b"], total: "t" }]).out.size).toBe(0);
  });

  it("protects random two-way tables on every line", () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let n = 0; n < 300; n++) {
      const rows = 2 + Math.floor(rnd() * 4);
      const cols = 2 + Math.floor(rnd() * 4);
      const cells: Record<string, number> = {};
      for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) cells[`${i}.${j}`] = rnd() < 0.3 ? Math.floor(rnd() * 5) : Math.floor(rnd() * 40);
      const lines: Line[] = [];
      for (let i = 0; i < rows; i++) {
        cells[`${i}.T`] = Array.from({ length: cols }, (_, j) => cells[`${i}.${j}`]!).reduce((a, b) => a + b, 0);
        lines.push({ parts: Array.from({ length: cols }, (_, j) => `${i}.${j}`), total: `${i}.T` });
      }
      for (const j of [...Array.from({ length: cols }, (_, k) => String(k)), "T"]) {
        cells[`T.${j}`] = Array.from({ length: rows }, (_, i) => cells[`${i}.${j}`]!).reduce((a, b) => a + b, 0);
        lines.push({ parts: Array.from({ length: rows }, (_, i) => `${i}.${j}`), total: `T.${j}` });
      }
      const { out, leaks } = run(cells, lines);
      expect(leaks).toEqual([]);
      for (const [id, v] of Object.entries(cells)) if (v > 0 && v < 5) expect(out.get(id)).toBe("primary");
    }
  });
});
