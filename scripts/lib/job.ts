import { runScript } from "./bootstrap";

/**
 * Runs one cron job against the application database (DATABASE_URL, or the embedded server) and
 * prints its one-line report. The application modules are imported by `work` after the shared
 * bootstrap set DATABASE_URL, so their configuration sees it.
 */
export function runJob(name: string, work: () => Promise<string>): void {
  runScript(name, async () => {
    console.log(await work());
  });
}
