/**
 * One way to page a list: `?page=` parsed with Zod (pagination.server.ts: anything that is not a
 * positive whole number reads as page 1), then clamped to the last page once the rows are counted, so
 * no list stops at a hidden limit and no address answers with an error or an empty page past the end.
 */

/** Far beyond any real list; only bounds the arithmetic before the count is known. */
export const MAX_PAGE = 100_000;

/** What the list and the <Pagination> component need; all plain numbers, page within 1..pageCount. */
export type PageInfo = { page: number; pageSize: number; total: number; pageCount: number };

export function pageInfo(requested: number, pageSize: number, total: number): PageInfo & { skip: number; take: number } {
  const pageCount = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(requested) || 1), pageCount);
  return { page, pageSize, total, pageCount, skip: (page - 1) * pageSize, take: pageSize };
}

/**
 * Counts first, then reads the (clamped) page, so `?page=99999` shows the last page rather than
 * nothing. `find` receives the skip/take to pass to Prisma.
 */
export async function paginate<T>(
  requested: number,
  pageSize: number,
  count: () => Promise<number>,
  find: (window: { skip: number; take: number }) => Promise<T[]>,
): Promise<{ rows: T[]; pagination: PageInfo }> {
  const total = await count();
  const { skip, take, ...pagination } = pageInfo(requested, pageSize, total);
  const rows = total === 0 ? [] : await find({ skip, take });
  return { rows, pagination };
}
