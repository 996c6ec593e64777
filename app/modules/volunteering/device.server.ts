/**
 * A long-lived random device cookie, so that several volunteers checked in from one phone can be
 * noticed (issue 15.1, SHARED_DEVICE). The database keeps only a keyed hash of it, never the value.
 */
import { createCookie } from "@remix-run/node";
import { createHmac, randomBytes } from "node:crypto";
import { getEnv, isProduction } from "~/utils/env.server";

function deviceCookie() {
  return createCookie("sl_device", {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: isProduction(),
    secrets: [getEnv().SESSION_SECRET],
    maxAge: 2 * 365 * 24 * 3600,
  });
}

const DEVICE_ID = /^[A-Za-z0-9_-]{24,64}$/;

/** The device id from the request, or a new one with the Set-Cookie header that keeps it. */
export async function readDevice(request: Request): Promise<{ id: string; setCookie: string | null }> {
  let raw: unknown = null;
  try {
    raw = await deviceCookie().parse(request.headers.get("Cookie"));
  } catch {
    raw = null;
  }
  if (typeof raw === "string" && DEVICE_ID.test(raw)) return { id: raw, setCookie: null };
  const id = randomBytes(24).toString("base64url");
  return { id, setCookie: await deviceCookie().serialize(id) };
}

/** Keyed hash of a device id (same device → same hash; the cookie cannot be recovered from it). */
export function deviceHash(deviceId: string) {
  return createHmac("sha256", getEnv().ID_HASH_KEY).update(`device:${deviceId}`).digest("hex");
}
