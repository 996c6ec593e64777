import { data, redirect } from "@remix-run/node";
import { AppError } from "./errors";
import { setFlash } from "./flash.server";

/** Throws a 4xx response when the condition fails (Epic's invariantResponse). */
export function invariantResponse(condition: unknown, status: 400 | 403 | 404 | 409 = 404, messageKey = `errors.http.${status}`): asserts condition {
  if (!condition) {
    throw new Response(JSON.stringify({ messageKey }), { status, headers: { "Content-Type": "application/json" } });
  }
}

export const notFound = () => invariantResponse(false, 404);
export const forbidden = () => invariantResponse(false, 403);

/**
 * Runs a service call from an action; an AppError becomes a 4xx reply carrying the typed values so
 * the form keeps them. Anything else is a real bug and propagates (500).
 */
export async function runAction<T>(values: Record<string, unknown>, fn: () => Promise<T>) {
  try {
    return { ok: true as const, value: await fn() };
  } catch (e) {
    if (e instanceof AppError) {
      return {
        ok: false as const,
        response: data(
          { values, formError: e.messageKey, formErrorParams: e.details as Record<string, string | number>, fieldErrors: e.fieldErrors },
          { status: e.status },
        ),
      };
    }
    throw e;
  }
}

export async function redirectWithFlash(request: Request, to: string, messageKey: string, params: Record<string, string | number> = {}) {
  return redirect(to, { headers: { "Set-Cookie": await setFlash(request, { messageKey, params }) } });
}

/**
 * `request.formData()` that answers a malformed body (wrong content type, broken encoding) with 400
 * instead of letting the parse error become a 500.
 */
export async function readFormData(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new Response(JSON.stringify({ messageKey: "errors.http.400" }), { status: 400, headers: { "Content-Type": "application/json" } });
  }
}
