import { data, redirect } from "@remix-run/node";
import { AppError } from "./errors";
import { setFlash } from "./flash.server";
import { hasControlChars, INPUT_ERRORS } from "./input-limits";

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

/** A 4xx the error boundary renders in the user's language (`messageKey` is an i18n key). */
export function inputError(status: 400 | 413, messageKey: string): Response {
  return new Response(JSON.stringify({ messageKey }), { status, headers: { "Content-Type": "application/json" } });
}

/**
 * Refuses a form whose names or text values carry NUL or other control characters (tab, line feed
 * and carriage return are fine): answered with 400 and a message instead of reaching the database.
 */
export function assertCleanForm(formData: FormData) {
  for (const [key, value] of formData.entries()) {
    if (hasControlChars(key) || (typeof value === "string" ? hasControlChars(value) : hasControlChars(value.name))) {
      throw inputError(400, INPUT_ERRORS.controlChars);
    }
  }
}

/**
 * `request.formData()` that answers a malformed body (wrong content type, broken encoding) with 400
 * instead of letting the parse error become a 500, and refuses control characters (see above).
 */
export async function readFormData(request: Request): Promise<FormData> {
  let formData: FormData;
  try {
    formData = await request.formData();
  } catch {
    throw new Response(JSON.stringify({ messageKey: "errors.http.400" }), { status: 400, headers: { "Content-Type": "application/json" } });
  }
  assertCleanForm(formData);
  return formData;
}
