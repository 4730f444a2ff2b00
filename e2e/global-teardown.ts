import fs from 'node:fs';
import { PID_FILE } from './global-setup';

/** Stops the servers the setup started, by pid. */
export default async function globalTeardown(): Promise<void> {
  if (!fs.existsSync(PID_FILE)) return;
  const pids = JSON.parse(fs.readFileSync(PID_FILE, 'utf8')) as number[];
  for (const pid of pids) {
    try {
      // SIGKILL: Next's graceful SIGTERM waits for open event streams, which browsers keep open.
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  fs.rmSync(PID_FILE, { force: true });
}
