import { gunzipSync, brotliDecompressSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { preferredEncoding, readSettledStream, RenderMemo, type Claim } from "./render-memo.server";

const b = (text: string) => Buffer.from(text);

function render(claim: Claim) {
  if (!("done" in claim)) throw new Error(`expected to render, got ${Object.keys(claim).join()}`);
  return claim.done;
}

describe("the render memo", () => {
  it("keeps a page from the second time its state is asked for, and answers from it only for that state", () => {
    const memo = new RenderMemo(10, 1 << 20);
    // First sighting: rendered, not kept (an address seen once costs the memo nothing but its state).
    render(memo.claim("/campaigns", b("state 1")))(b("<html>1</html>"));
    // Second: rendered again, kept.
    render(memo.claim("/campaigns", b("state 1")))(b("<html>1</html>"));
    const hit = memo.claim("/campaigns", b("state 1"));
    expect("html" in hit && hit.html.toString()).toBe("<html>1</html>");
    // A changed state renders afresh, whatever was kept for the address.
    render(memo.claim("/campaigns", b("state 2")))(b("<html>2</html>"));
    expect("done" in memo.claim("/campaigns", b("state 1"))).toBe(true);
    // Another address is another slot.
    expect("done" in memo.claim("/campaigns?page=2", b("state 1"))).toBe(true);
  });

  it("lets requests for a state being rendered wait for that render, and keeps the page they wanted", async () => {
    const memo = new RenderMemo(10, 1 << 20);
    const done = render(memo.claim("/p", b("s")));
    const second = memo.claim("/p", b("s"));
    const third = memo.claim("/p", b("s"));
    if (!("wait" in second) || !("wait" in third)) throw new Error("expected to wait");
    done(b("<html>p</html>"));
    expect((await second.wait)?.toString()).toBe("<html>p</html>");
    expect((await third.wait)?.toString()).toBe("<html>p</html>");
    const hit = memo.claim("/p", b("s"));
    expect("html" in hit).toBe(true);
  });

  it("keeps nothing from a render that failed, and the waiting requests render themselves", async () => {
    const memo = new RenderMemo(10, 1 << 20);
    const done = render(memo.claim("/p", b("s")));
    const waiting = memo.claim("/p", b("s"));
    done(null);
    // A second outcome (the stream closing after it ended) changes nothing.
    done(b("late"));
    expect("wait" in waiting && (await waiting.wait)).toBe(null);
    expect("done" in memo.claim("/p", b("s"))).toBe(true);
  });

  it("does not keep a render whose address moved on to another state meanwhile", () => {
    const memo = new RenderMemo(10, 1 << 20);
    render(memo.claim("/p", b("old")))(b("x"));
    const old = render(memo.claim("/p", b("old")));
    render(memo.claim("/p", b("new")))(b("<new>"));
    old(b("<old>"));
    expect("done" in memo.claim("/p", b("old"))).toBe(true);
  });

  it("stays within its bounds of entries and bytes, dropping the least recently used", () => {
    const memo = new RenderMemo(3, 1 << 20);
    const keep = (slot: string) => {
      render(memo.claim(slot, b("s")))(b("h"));
      render(memo.claim(slot, b("s")))(b(`<${slot}>`));
    };
    keep("a");
    keep("b");
    keep("c");
    expect("html" in memo.claim("a", b("s"))).toBe(true); // a is now the most recent
    keep("d");
    expect(memo.size).toBe(3);
    expect("done" in memo.claim("b", b("s"))).toBe(true); // b was the oldest
    const small = new RenderMemo(100, 100);
    for (let i = 0; i < 10; i++) {
      render(small.claim(`/${i}`, b("s")))(b("0123456789"));
      render(small.claim(`/${i}`, b("s")))(b("0123456789"));
    }
    expect(small.bytes).toBeLessThanOrEqual(100);
    // A page larger than the whole memo is never kept.
    render(small.claim("/big", b("s")))(b("x".repeat(200)));
    render(small.claim("/big", b("s")))(b("x".repeat(200)));
    expect("done" in small.claim("/big", b("s"))).toBe(true);
    expect(small.bytes).toBeLessThanOrEqual(100);
  });

  it("compresses a kept page once per encoding, counted in its bytes", () => {
    const memo = new RenderMemo(10, 1 << 20);
    const html = b("<p>善联</p>".repeat(200));
    render(memo.claim("/p", b("s")))(html);
    render(memo.claim("/p", b("s")))(html);
    const before = memo.bytes;
    const hit = memo.claim("/p", b("s"));
    if (!("html" in hit)) throw new Error("expected a hit");
    const gz = hit.encoded("gzip");
    expect(gunzipSync(gz).equals(html)).toBe(true);
    expect(brotliDecompressSync(hit.encoded("br")).equals(html)).toBe(true);
    expect(hit.encoded("gzip")).toBe(gz);
    expect(memo.bytes).toBeGreaterThan(before);
  });
});

describe("preferredEncoding", () => {
  it("chooses as the HTTP server's compression does", () => {
    expect(preferredEncoding("gzip, deflate, br, zstd")).toBe("br");
    expect(preferredEncoding("gzip, deflate")).toBe("gzip");
    expect(preferredEncoding("br;q=0.5, gzip")).toBe("gzip");
    expect(preferredEncoding("br;q=0, gzip;q=0")).toBe(null);
    expect(preferredEncoding("identity")).toBe(null);
    expect(preferredEncoding("*")).toBe("br");
    expect(preferredEncoding(null)).toBe(null);
    expect(preferredEncoding("")).toBe(null);
  });
});

describe("readSettledStream", () => {
  const text = async (stream: ReadableStream<Uint8Array>) => Buffer.from(await new Response(stream).arrayBuffer()).toString();

  it("reads a stream that ends at once, and replays it", async () => {
    const stream = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(b("[1,2]\n"));
        c.enqueue(b("P3:4\n"));
        c.close();
      },
    });
    const { bytes, rest } = await readSettledStream(stream);
    expect(bytes?.toString()).toBe("[1,2]\nP3:4\n");
    expect(await text(rest)).toBe("[1,2]\nP3:4\n");
  });

  it("gives up on a stream that waits on something, losing nothing of it", async () => {
    let later!: () => void;
    const stream = new ReadableStream<Uint8Array>({
      async start(c) {
        c.enqueue(b("[1]\n"));
        await new Promise<void>((r) => (later = r));
        c.enqueue(b("P1:2\n"));
        c.close();
      },
    });
    const { bytes, rest } = await readSettledStream(stream);
    expect(bytes).toBe(null);
    const all = text(rest);
    later();
    expect(await all).toBe("[1]\nP1:2\n");
  });
});
