/**
 * A tiny load balancer for tests (#16.4): every request goes to the next upstream in turn, with its
 * method, path, headers (Host, Cookie, Origin…) and body untouched, and the answer comes back as it
 * is (status, every Set-Cookie, Location: redirects are the client's business). It records which
 * upstream served each request, so a test can prove both processes were used.
 */
import http from "node:http";

export type Served = { upstream: number; method: string; path: string; status: number };
export type RoundRobinProxy = { url: string; served: Served[]; close(): Promise<void> };

export async function startRoundRobinProxy(upstreams: string[]): Promise<RoundRobinProxy> {
  const targets = upstreams.map((u) => new URL(u));
  const served: Served[] = [];
  let next = 0;
  const server = http.createServer((req, res) => {
    const upstream = next++ % targets.length;
    const target = targets[upstream]!;
    const entry: Served = { upstream, method: req.method ?? "GET", path: req.url ?? "/", status: 0 };
    served.push(entry);
    const out = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers }, (answer) => {
      entry.status = answer.statusCode ?? 0;
      // rawHeaders keeps repeated headers (several Set-Cookie) exactly as the app sent them.
      res.writeHead(entry.status, answer.statusMessage, answer.rawHeaders);
      answer.pipe(res);
    });
    out.on("error", () => {
      entry.status = 502;
      if (!res.headersSent) res.writeHead(502).end();
      else res.destroy();
    });
    req.pipe(out);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${address.port}`,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
