import { describe, expect, it } from "vitest";
import { paginate } from "./pagination";

/** A list of `n` numbers read the way a query would be, with the calls it took. */
function list(n: number) {
  const items = Array.from({ length: n }, (_, i) => i + 1);
  const calls = { count: 0, find: 0 };
  return {
    calls,
    read: (page: number, size = 10) =>
      paginate(
        page,
        size,
        async () => (calls.count++, items.length),
        async ({ skip, take }) => (calls.find++, items.slice(skip, skip + take)),
      ),
  };
}

describe("paginate", () => {
  it("gives the total of a list that fits its first page from the page itself: one read, no count", async () => {
    const l = list(7);
    const r = await l.read(1);
    expect(r.rows).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r.pagination).toEqual({ page: 1, pageSize: 10, total: 7, pageCount: 1 });
    expect(l.calls).toEqual({ count: 0, find: 1 });
  });

  it("an empty list: one read", async () => {
    const l = list(0);
    expect(await l.read(1)).toEqual({ rows: [], pagination: { page: 1, pageSize: 10, total: 0, pageCount: 1 } });
    expect(l.calls).toEqual({ count: 0, find: 1 });
  });

  it("a full page is counted; the last, partial page is not", async () => {
    const l = list(25);
    const first = await l.read(1);
    expect(first.rows).toHaveLength(10);
    expect(first.pagination).toEqual({ page: 1, pageSize: 10, total: 25, pageCount: 3 });
    expect(l.calls).toEqual({ count: 1, find: 1 });
    const last = await l.read(3);
    expect(last.rows).toEqual([21, 22, 23, 24, 25]);
    expect(last.pagination).toEqual({ page: 3, pageSize: 10, total: 25, pageCount: 3 });
    expect(l.calls).toEqual({ count: 1, find: 2 });
  });

  it("a list of exactly full pages", async () => {
    const l = list(20);
    expect((await l.read(2)).pagination).toEqual({ page: 2, pageSize: 10, total: 20, pageCount: 2 });
  });

  it("past the end shows the last page; nonsense reads as page 1", async () => {
    const l = list(25);
    const far = await l.read(99_999);
    expect(far.rows).toEqual([21, 22, 23, 24, 25]);
    expect(far.pagination.page).toBe(3);
    expect((await list(5).read(4)).rows).toEqual([1, 2, 3, 4, 5]);
    expect((await list(0).read(4)).pagination).toEqual({ page: 1, pageSize: 10, total: 0, pageCount: 1 });
    for (const p of [0, -3, Number.NaN, 1.7]) expect((await list(25).read(p)).pagination.page).toBe(1);
  });
});
