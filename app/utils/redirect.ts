/**
 * The one check for every `redirectTo` / `next` / `returnTo` we follow: only a path on this site.
 *
 * Browsers strip tabs and newlines from URLs and read `\` as `/`, so `/\t/evil` and `/\evil` both
 * become `//evil` — another site. We normalise the candidate the way a browser would (also after one
 * round of percent-decoding, for `/%09/evil`) and refuse anything that is not a plain local path. The
 * answer is the path as the URL parser sees it, so what we check is what the browser follows.
 */
const BASE = "http://redirect.invalid";
const MAX_LENGTH = 2048;

function looksLocal(candidate: string) {
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(candidate)) return false;
  const normalised = candidate.replace(/[\t\n\r]/g, "").replace(/\\/g, "/");
  return normalised.startsWith("/") && !normalised.startsWith("//");
}

export function safeRedirect(to: FormDataEntryValue | string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > MAX_LENGTH) return fallback;
  let decoded: string;
  try {
    decoded = decodeURIComponent(to);
  } catch {
    return fallback;
  }
  if (!looksLocal(to) || !looksLocal(decoded)) return fallback;
  let url: URL;
  try {
    url = new URL(to, BASE);
  } catch {
    return fallback;
  }
  if (url.origin !== BASE) return fallback;
  const path = url.pathname + url.search + url.hash;
  // `/.//evil` resolves to the path `//evil`: check what we hand back, too.
  return looksLocal(path) ? path : fallback;
}
