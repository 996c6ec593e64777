import { parseWithSchema, type FormReply } from "~/utils/forms";
import { parseHouseholdLines } from "./rules";
import { ProducerSchema } from "./schema";

/**
 * Says which lines of the household textarea are not valid ID numbers (a field error cannot carry
 * parameters, so the lines go into the form's message).
 */
export function withHouseholdLines(reply: FormReply, text: unknown): FormReply {
  if (reply.fieldErrors?.households !== "producers.form.householdsInvalid") return reply;
  const { badLines } = parseHouseholdLines(typeof text === "string" ? text : "");
  if (!badLines.length) return reply;
  const shown = badLines.slice(0, 20).join(", ") + (badLines.length > 20 ? "…" : "");
  return {
    ...reply,
    formError: "producers.form.householdLines",
    formErrorParams: { lines: shown, count: badLines.length },
  };
}

/** Validates the registration / edit form (values from formToObject). */
export function parseProducerForm(values: Record<string, unknown>) {
  const parsed = parseWithSchema(ProducerSchema, values);
  if (parsed.ok) return parsed;
  return {
    ok: false as const,
    reply: withHouseholdLines(parsed.reply, values.households),
  };
}
