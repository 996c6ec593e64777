/**
 * A small Markdown subset for project descriptions, rendered to React elements (never to an HTML
 * string), so raw HTML in the text is shown as text and cannot run. Supported: paragraphs, line
 * breaks, headings (#, ##, ###), bullet and numbered lists, **bold**, *italic*, and links to
 * http(s) addresses only.
 */
import type { ReactNode } from "react";

type Block = { kind: "p" | "h" | "ul" | "ol"; level?: number; lines: string[] };

export function parseBlocks(source: string): Block[] {
  const blocks: Block[] = [];
  let current: Block | null = null;
  for (const raw of source.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trimEnd();
    const heading = /^(#{1,3})\s+(.*)$/.exec(line);
    const bullet = /^\s*[-*+]\s+(.*)$/.exec(line);
    const numbered = /^\s*\d{1,3}[.)、]\s*(.*)$/.exec(line);
    if (!line.trim()) {
      current = null;
    } else if (heading) {
      blocks.push({ kind: "h", level: heading[1]!.length, lines: [heading[2]!] });
      current = null;
    } else if (bullet) {
      if (current?.kind !== "ul") blocks.push((current = { kind: "ul", lines: [] }));
      current.lines.push(bullet[1]!);
    } else if (numbered) {
      if (current?.kind !== "ol") blocks.push((current = { kind: "ol", lines: [] }));
      current.lines.push(numbered[1]!);
    } else {
      if (current?.kind !== "p") blocks.push((current = { kind: "p", lines: [] }));
      current.lines.push(line.trim());
    }
  }
  return blocks;
}

const INLINE = /\*\*([^*]+)\*\*|\*([^*]+)\*|\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)/g;

export function renderInline(text: string, keyPrefix = ""): ReactNode[] {
  const out: ReactNode[] = [];
  let last = 0;
  let i = 0;
  for (const m of text.matchAll(INLINE)) {
    if (m.index! > last) out.push(text.slice(last, m.index));
    const key = `${keyPrefix}${i++}`;
    if (m[1] !== undefined) out.push(<strong key={key}>{m[1]}</strong>);
    else if (m[2] !== undefined) out.push(<em key={key}>{m[2]}</em>);
    else
      out.push(
        <a key={key} href={m[4]} rel="nofollow noopener noreferrer" target="_blank">
          {m[3]}
        </a>,
      );
    last = m.index! + m[0].length;
  }
  if (last < text.length) out.push(text.slice(last));
  return out;
}

export function Markdown({ source }: { source: string }) {
  return (
    <div className="markdown">
      {parseBlocks(source).map((b, i) => {
        if (b.kind === "h") {
          const content = renderInline(b.lines[0]!, `${i}-`);
          return b.level === 1 ? <h3 key={i}>{content}</h3> : <h4 key={i}>{content}</h4>;
        }
        if (b.kind === "ul" || b.kind === "ol") {
          const items = b.lines.map((l, j) => <li key={j}>{renderInline(l, `${i}-${j}-`)}</li>);
          return b.kind === "ul" ? <ul key={i}>{items}</ul> : <ol key={i}>{items}</ol>;
        }
        return (
          <p key={i}>
            {b.lines.flatMap((l, j) => (j === 0 ? renderInline(l, `${i}-${j}-`) : [<br key={`br${j}`} />, ...renderInline(l, `${i}-${j}-`)]))}
          </p>
        );
      })}
    </div>
  );
}
