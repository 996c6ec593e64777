import type { JobDefinition } from "~/modules/jobs/queues.server";

/** Test queues with the same policy as the real ones (stately, retries with backoff, expiry, dead letter). */
export function testDefinitions(h: { onFlaky?: () => Promise<void>; onHang?: (marker: string) => void; onCron?: () => void } = {}): JobDefinition[] {
  const base = { policy: "stately" as const, retryLimit: 3, retryDelay: 1, expireInSeconds: 2 };
  return [
    { ...base, name: "test-flaky", run: async () => (await h.onFlaky?.(), { ok: true }) },
    { ...base, name: "test-doomed", retryLimit: 1, run: async () => Promise.reject(new Error("always fails for 13800138000")) },
    { ...base, name: "test-cron", cron: "* * * * *", run: async () => (h.onCron?.(), { pid: process.pid }) },
    // The parent works this queue itself, after the child died (see the crash test).
    {
      ...base,
      name: "test-hang",
      run: (data) =>
        new Promise(() => {
          h.onHang?.(String(data.marker ?? ""));
        }),
    },
  ];
}
