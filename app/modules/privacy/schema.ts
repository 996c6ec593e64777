import { z } from "zod";

/** The account-deletion form: the current password and the typed confirmation. */
export const DeleteAccountSchema = z.object({
  password: z.string({ error: "validation.required" }).min(1, { error: "validation.required" }).max(128, { error: "validation.tooLong" }),
  confirmation: z.string({ error: "validation.required" }).trim().min(1, { error: "validation.required" }).max(40, { error: "validation.tooLong" }),
});
