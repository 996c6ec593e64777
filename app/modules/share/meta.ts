/**
 * Share tags for public pages: Open Graph (read by WeChat, Weibo, QQ and most link previews), the
 * Twitter card, the plain description and the canonical link. Remix v2 replaces a parent's meta with
 * the child's, so these descriptors include the page title as well.
 */
import type { MetaDescriptor } from "@remix-run/node";

type MatchLike = { id: string; data: unknown };

/** The public origin the root loader computed (APP_URL when set, else the request's origin). */
export function originFromMatches(matches: MatchLike[]) {
  const root = matches.find((m) => m.id === "root")?.data as { shareOrigin?: string } | undefined;
  return root?.shareOrigin ?? "";
}

/** Plain text for a description: markdown marks and line breaks removed, cut at `max` characters. */
export function excerpt(text: string | null | undefined, max = 110) {
  const plain = (text ?? "")
    .replace(/!\[[^\]]*\]\([^)]*\)/g, "")
    .replace(/\[([^\]]*)\]\([^)]*\)/g, "$1")
    .replace(/^\s{0,3}(?:#{1,6}|>|[-*+]|\d+\.)\s+/gm, "")
    .replace(/(\*\*|__|~~|`|\*)/g, "")
    .replace(/\s+/g, " ")
    .trim();
  const chars = [...plain];
  return chars.length > max ? `${chars.slice(0, max - 1).join("")}…` : plain;
}

export function shareMeta(o: { title: string; description: string; path: string; origin: string; imagePath?: string; siteName?: string }): MetaDescriptor[] {
  const url = `${o.origin}${o.path}`;
  const image = `${o.origin}${o.imagePath ?? "/share-default.png"}`;
  const site = o.siteName ?? "善联";
  return [
    { title: `${o.title} · ${site}` },
    { name: "description", content: o.description },
    { property: "og:type", content: "website" },
    { property: "og:site_name", content: site },
    { property: "og:title", content: o.title },
    { property: "og:description", content: o.description },
    { property: "og:url", content: url },
    { property: "og:image", content: image },
    { name: "twitter:card", content: "summary_large_image" },
    { name: "twitter:title", content: o.title },
    { name: "twitter:description", content: o.description },
    { name: "twitter:image", content: image },
    { tagName: "link", rel: "canonical", href: url },
  ];
}
