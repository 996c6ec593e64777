import { z } from "zod";
import { CHANNELS, OPTIONAL_GROUPS, type Channel, type OptionalGroup } from "./groups";

/** The preferences form: one checkbox `<channel>_<group>` per optional group ("on" when ticked). */
const box = z.enum(["on", "true"], { error: "validation.invalid" }).optional();
export const PreferencesSchema = z
  .object(Object.fromEntries(CHANNELS.flatMap((ch) => OPTIONAL_GROUPS.map((g) => [`${ch}_${g}`, box]))) as Record<`${Channel}_${OptionalGroup}`, typeof box>)
  .strict()
  .transform((v) => {
    const on = {} as Record<Channel, Record<OptionalGroup, boolean>>;
    for (const ch of CHANNELS) {
      on[ch] = {} as Record<OptionalGroup, boolean>;
      for (const g of OPTIONAL_GROUPS) on[ch][g] = v[`${ch}_${g}`] !== undefined;
    }
    return on;
  });
