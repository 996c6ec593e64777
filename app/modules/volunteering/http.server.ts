import { AppError } from "~/utils/errors";

/**
 * For loaders: a service's AppError (404 for another organization's shift, …) becomes the matching
 * HTTP response for the error boundary instead of a 500.
 */
export async function loadOr4xx<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError) {
      const messageKey = e.messageKey.startsWith("common.") ? e.messageKey.slice("common.".length) : e.messageKey;
      throw new Response(JSON.stringify({ messageKey }), { status: e.status, headers: { "Content-Type": "application/json" } });
    }
    throw e;
  }
}
