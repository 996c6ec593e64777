/**
 * The one application error services throw. `messageKey` is an i18n key; routes turn it into a
 * response (see app/utils/responses.server.ts). Status follows HTTP.
 */
export class AppError extends Error {
  constructor(
    public readonly messageKey: string,
    public readonly status: number = 400,
    public readonly details: Record<string, unknown> = {},
    /** Field-level errors (field name → message key) when the error belongs to a form field. */
    public readonly fieldErrors: Record<string, string> = {},
  ) {
    super(messageKey);
    this.name = "AppError";
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;
