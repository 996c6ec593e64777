/**
 * An exact memo of rendered public pages (ADR 026, issue 17.5).
 *
 * A page's HTML is a function of its URL and of the state its loaders answered (the very bytes
 * Remix streams to the browser to hydrate from). Rendering that state with React is most of what a
 * public list page costs, and ten visitors reading the same first page of the campaign listing get
 * the same state ten times. So the entry keeps, for each page address, the last state it rendered
 * and the HTML that came out; a request whose loaders answer exactly the same state (compared byte
 * for byte) is sent that HTML instead of rendering it again.
 *
 * This is not a cache with an age: every request still runs its loaders against the database, and
 * a changed figure, a new campaign or another locale is a different state and renders afresh. What
 * is kept is only the render's output for the state just read.
 *
 * Only pages that ask for it (a route `handle` with `memoRender: true`) whose render reads nothing
 * but its loaders' data and the URL (no clock, no random, no per-request value), and only for
 * visitors who are not signed in: a signed-in page carries its reader's name and is not worth
 * holding in memory. Bounded by entries and bytes, least recently used first out.
 * RENDER_MEMO=off turns it off.
 */

import { brotliCompressSync, constants as zlib, gzipSync } from "node:zlib";

/** The encodings the HTTP server's compression would choose among, in its order of preference. */
export type Encoding = "br" | "gzip";

type Entry = {
  state: Buffer;
  /** The HTML rendered from `state`, once kept. */
  html?: Buffer;
  /** That HTML compressed, made at the first hit that asks for it. */
  encoded?: Partial<Record<Encoding, Buffer>>;
  /** A render of `state` in progress, which requests for the same state wait for instead of rendering too. */
  rendering?: Promise<Buffer | null>;
  /** Asked for again while it rendered: the page is in demand, its HTML is kept. */
  wanted?: boolean;
};

/**
 * What a request for one state at one address is to do: send `html`; or `wait` for the render in
 * progress (null: it failed, render yourself); or render and hand the outcome to `done` (null when
 * the render failed or was cut short).
 */
export type Claim = { html: Buffer; encoded: (encoding: Encoding) => Buffer } | { wait: Promise<Buffer | null> } | { done: (html: Buffer | null) => void };

export class RenderMemo {
  readonly #entries = new Map<string, Entry>();
  #bytes = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number,
  ) {}

  /**
   * An address's HTML is kept from the second time its state is asked for (while the first render
   * runs, or after it): an address seen once (a one-off query string, a page that changed before
   * anyone came back to it) costs the memo only the state it has already read.
   */
  claim(slot: string, state: Buffer): Claim {
    const entry = this.#entries.get(slot);
    if (entry && entry.state.equals(state)) {
      // Most recently used last.
      this.#entries.delete(slot);
      this.#entries.set(slot, entry);
      if (entry.html) return { html: entry.html, encoded: (encoding) => this.#encoded(slot, entry, encoding) };
      if (entry.rendering) {
        entry.wanted = true;
        return { wait: entry.rendering };
      }
      return this.#render(slot, entry, true);
    }
    const fresh: Entry = { state };
    this.#drop(slot);
    this.#entries.set(slot, fresh);
    this.#bytes += this.#size(slot, fresh);
    this.#trim();
    return this.#render(slot, fresh, false);
  }

  get size() {
    return this.#entries.size;
  }

  get bytes() {
    return this.#bytes;
  }

  #render(slot: string, entry: Entry, keep: boolean): Claim {
    let settle!: (html: Buffer | null) => void;
    entry.rendering = new Promise<Buffer | null>((resolve) => (settle = resolve));
    let settled = false;
    return {
      done: (html) => {
        if (settled) return;
        settled = true;
        entry.rendering = undefined;
        // Still the address's entry (not replaced by another state, not evicted) and in demand.
        if (html && (keep || entry.wanted) && this.#entries.get(slot) === entry && html.length + this.#size(slot, entry) <= this.maxBytes) {
          entry.html = html;
          this.#bytes += html.length;
          this.#trim();
        }
        settle(html);
      },
    };
  }

  /**
   * A kept page is compressed once, not on every request: the same settings as the HTTP server's
   * compression (gzip level 6, brotli quality 4), which then leaves the encoded body alone.
   */
  #encoded(slot: string, entry: Entry, encoding: Encoding): Buffer {
    const known = entry.encoded?.[encoding];
    if (known) return known;
    const html = entry.html!;
    const body = encoding === "br" ? brotliCompressSync(html, { params: { [zlib.BROTLI_PARAM_QUALITY]: 4 } }) : gzipSync(html);
    if (this.#entries.get(slot) === entry) {
      (entry.encoded ??= {})[encoding] = body;
      this.#bytes += body.length;
      this.#trim();
    }
    return body;
  }

  #size(slot: string, entry: Entry) {
    return entry.state.length + (entry.html?.length ?? 0) + (entry.encoded?.br?.length ?? 0) + (entry.encoded?.gzip?.length ?? 0) + slot.length * 2;
  }

  #trim() {
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= this.maxEntries && this.#bytes <= this.maxBytes) break;
      this.#drop(oldest);
    }
  }

  #drop(slot: string) {
    const entry = this.#entries.get(slot);
    if (!entry) return;
    this.#entries.delete(slot);
    this.#bytes -= this.#size(slot, entry);
  }
}

/** The process's memo of public pages: up to 500 pages and 48 MiB (a list page is about 60 KB). */
export const pageMemo = new RenderMemo(500, 48 * 1024 * 1024);

export const renderMemoOn = () => process.env.RENDER_MEMO !== "off";

/**
 * The encoding to send a kept page in, for a request's Accept-Encoding: the one with the highest
 * quality value, brotli before gzip when they tie (as the HTTP server's compression negotiates);
 * null for none (identity).
 */
export function preferredEncoding(accept: string | null): Encoding | null {
  if (!accept) return null;
  const q: Record<string, number> = {};
  for (const part of accept.split(",")) {
    const [name = "", ...params] = part.trim().toLowerCase().split(";");
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const value = qParam ? Number(qParam.slice(2)) : 1;
    q[name.trim()] = Number.isFinite(value) ? value : 0;
  }
  const of = (name: Encoding) => q[name] ?? q["*"] ?? 0;
  const best = (["br", "gzip"] as const).reduce<Encoding | null>((chosen, name) => (of(name) > 0 && (!chosen || of(name) > of(chosen)) ? name : chosen), null);
  return best;
}

/**
 * Reads a whole stream when it ends without waiting on anything (state without deferred data ends
 * in the tick it starts); null, with nothing lost, when it does not: `rest` then replays what was
 * read and goes on with the stream.
 */
export async function readSettledStream(stream: ReadableStream<Uint8Array>): Promise<{ bytes: Buffer | null; rest: ReadableStream<Uint8Array> }> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | null = null;
  let settled = false;
  const late = new Promise<"late">((resolve) => setImmediate(resolve, "late"));
  for (;;) {
    pending = reader.read();
    const r = await Promise.race([pending, late]);
    if (r === "late") break;
    pending = null;
    if (r.done) {
      settled = true;
      break;
    }
    chunks.push(r.value);
  }
  const rest = new ReadableStream<Uint8Array>({
    start(controller) {
      for (const chunk of chunks) controller.enqueue(chunk);
      if (settled) controller.close();
    },
    async pull(controller) {
      const r = await (pending ?? reader.read());
      pending = null;
      if (r.done) controller.close();
      else controller.enqueue(r.value);
    },
    cancel(reason) {
      return reader.cancel(reason);
    },
  });
  return { bytes: settled ? Buffer.concat(chunks) : null, rest };
}
