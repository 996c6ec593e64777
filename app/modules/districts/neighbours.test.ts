import { describe, expect, it } from "vitest";
import { DISTRICT_CODES } from "./districts";
import { areNeighbours, NEIGHBOUR_EDGES, NEIGHBOURS } from "./neighbours";

describe("district adjacency", () => {
  it("covers all 38 districts, every one with at least one neighbour, symmetric, no self-loops", () => {
    expect(Object.keys(NEIGHBOURS).sort()).toEqual([...DISTRICT_CODES].sort());
    for (const [code, list] of Object.entries(NEIGHBOURS)) {
      expect(list.length, code).toBeGreaterThan(0);
      expect(list).not.toContain(code);
      for (const n of list) expect(NEIGHBOURS[n], `${code}↔${n}`).toContain(code);
    }
    for (const [a, b] of NEIGHBOUR_EDGES) expect(DISTRICT_CODES).toContain(a), expect(DISTRICT_CODES).toContain(b);
  });
  it("knows some well-known borders", () => {
    expect(areNeighbours("500114", "500242")).toBe(true); // 黔江–酉阳
    expect(areNeighbours("500101", "500154")).toBe(true); // 万州–开州
    expect(areNeighbours("500103", "500105")).toBe(true); // 渝中–江北 (across the Jialing)
    expect(areNeighbours("500229", "500241")).toBe(false); // 城口–秀山
    expect(areNeighbours("500114", "500114")).toBe(false);
  });
});
