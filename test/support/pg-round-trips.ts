/**
 * A counting TCP proxy in front of PostgreSQL (issue 17.5): the app's DATABASE_URL points at it,
 * every byte passes through unchanged, and the client → server direction is read as the wire
 * protocol to count database round trips. One round trip is one message the client then waits on:
 * a simple Query ('Q'), a Sync ('S') closing an extended-protocol batch (Parse/Bind/Execute… as
 * node-postgres sends every parameterised query), or a FunctionCall ('F'). A transaction's BEGIN
 * and COMMIT are statements of their own, so they count too.
 *
 * Connections that name themselves `shanlian-*` (the pg-boss job workers and their set-up client,
 * see app/modules/jobs/boss.server.ts) are passed through but not counted, so the figures are the
 * web requests' alone. Counting at the driver's edge: nothing of the app is replaced or mocked.
 */
import net from "node:net";

export type RoundTripProxy = {
  /** `url` with its host and port replaced by the proxy's. */
  url: string;
  /** Round trips of the counted connections since the start or the last `reset()`. */
  count(): number;
  reset(): void;
  /** The statements seen since the last reset (first 120 characters of a simple query or a Parse), for reports. */
  statements(): string[];
  close(): Promise<void>;
};

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;

export async function startRoundTripProxy(databaseUrl: string): Promise<RoundTripProxy> {
  const target = new URL(databaseUrl);
  const upstreamHost = target.hostname || "127.0.0.1";
  const upstreamPort = Number(target.port || 5432);
  let counted = 0;
  let seen: string[] = [];
  const sockets = new Set<net.Socket>();

  // No Nagle delay on either side: the proxy relays each message as the driver and the server would.
  const server = net.createServer({ noDelay: true }, (client) => {
    const upstream = net.connect({ port: upstreamPort, host: upstreamHost, noDelay: true });
    sockets.add(client);
    sockets.add(upstream);
    let buffered: Buffer = Buffer.alloc(0);
    let started = false; // the startup message (no type byte) has been read
    let counts = true;

    const read = (chunk: Buffer) => {
      buffered = buffered.length ? Buffer.concat([buffered, chunk]) : chunk;
      for (;;) {
        if (!started) {
          if (buffered.length < 8) return;
          const length = buffered.readInt32BE(0);
          if (buffered.length < length) return;
          const code = buffered.readInt32BE(4);
          if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
            // The server answers one byte ('N': go on in clear, the startup message follows).
          } else if (code === CANCEL_REQUEST) {
            counts = false;
            started = true;
          } else {
            // key\0value\0 … \0: only application_name matters here.
            const params = buffered.subarray(8, length).toString("utf8").split("\0");
            for (let i = 0; i + 1 < params.length; i += 2) if (params[i] === "application_name" && params[i + 1]!.startsWith("shanlian-")) counts = false;
            started = true;
          }
          buffered = buffered.subarray(length);
          continue;
        }
        if (buffered.length < 5) return;
        const type = String.fromCharCode(buffered[0]!);
        const length = buffered.readInt32BE(1);
        if (buffered.length < 1 + length) return;
        if (counts) {
          if (type === "Q" || type === "S" || type === "F") counted++;
          if (type === "Q") seen.push(buffered.subarray(5, Math.min(1 + length - 1, 125)).toString("utf8"));
          if (type === "P") {
            // Parse: name\0 query\0 …
            const body = buffered.subarray(5, 1 + length);
            const nameEnd = body.indexOf(0);
            seen.push(body.subarray(nameEnd + 1, Math.min(body.indexOf(0, nameEnd + 1), nameEnd + 121)).toString("utf8"));
          }
        }
        buffered = buffered.subarray(1 + length);
      }
    };

    client.on("data", (chunk: Buffer) => {
      try {
        read(chunk);
      } catch {
        counts = false; // not the protocol we know (TLS…): pass through, stop counting
      }
      upstream.write(chunk);
    });
    upstream.on("data", (chunk: Buffer) => client.write(chunk));
    const end = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on("close", end);
    upstream.on("close", end);
    client.on("error", end);
    upstream.on("error", end);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  const url = new URL(databaseUrl);
  url.hostname = "127.0.0.1";
  url.port = String(port);
  return {
    url: url.toString(),
    count: () => counted,
    reset() {
      counted = 0;
      seen = [];
    },
    statements: () => [...seen],
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}
