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
 * Reads the requested page first and counts only when the page does not tell the total: a page
 * that is not full ends the list, so its rows give the total (skip + rows) in one round trip — most
 * lists (a campaign's disbursements and updates, an organization's members) fit in their first page.
 * A full page is followed by a count; a page past the end by a count and the last page, so
 * `?page=99999` shows the last page rather than nothing. `find` receives the skip/take to pass to
 * Prisma (it must order its rows the same way every time, as any paged list must).
 */
export async function paginate<T>(
  requested: number,
  pageSize: number,
  count: () => Promise<number>,
  find: (window: { skip: number; take: number }) => Promise<T[]>,
): Promise<{ rows: T[]; pagination: PageInfo }> {
  const asked = pageInfo(requested, pageSize, MAX_PAGE * pageSize);
  const rows = await find({ skip: asked.skip, take: asked.take });
  if (rows.length > 0 && rows.length < pageSize) return { rows, pagination: strip(pageInfo(asked.page, pageSize, asked.skip + rows.length)) };
  if (rows.length === 0 && asked.page === 1) return { rows, pagination: strip(pageInfo(1, pageSize, 0)) };
  const total = await count();
  const { skip, take, ...pagination } = pageInfo(requested, pageSize, total);
  // A full page (the count only adds its total), or past the end (the last page, read now).
  if (skip === asked.skip) return { rows, pagination };
  return { rows: total === 0 ? [] : await find({ skip, take }), pagination };
}

function strip({ skip: _skip, take: _take, ...info }: PageInfo & { skip: number; take: number }): PageInfo {
  return info;
}
