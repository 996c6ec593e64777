/**
 * Shares one run of a read among the callers that ask for the same thing while it is in flight
 * ("single flight"): ten visitors opening the first page of the listing in the same millisecond
 * cost the database one statement, not ten, and the app one parse of its rows. Nothing is kept
 * once the run settles — the next caller starts a fresh one — so what a caller sees is never older
 * than the statement it joined (a millisecond or so), never a cache's age. Only for public reads
 * whose answer is the same for every caller; the value is shared, so callers must not mutate it.
 * A failure reaches every caller that joined the run.
 */
export function singleFlight<T>(): (key: string, run: () => Promise<T>) => Promise<T> {
  const inFlight = new Map<string, Promise<T>>();
  return (key, run) => {
    const joined = inFlight.get(key);
    if (joined) return joined;
    const started = run().finally(() => inFlight.delete(key));
    inFlight.set(key, started);
    return started;
  };
}
