import { expect, test } from '@playwright/test';
import type { ChildProcess } from 'node:child_process';
import { screenshot } from './helpers';
import { RESTART_PORT, startServer, waitForHealth } from './servers';

let server: ChildProcess | null = null;

// SIGKILL, a crash: Next's graceful SIGTERM waits for open event streams, and the page keeps one open.
test.afterEach(() => {
  server?.kill('SIGKILL');
});

test('the page recovers on its own after the server restarts', async ({ page }) => {
  server = startServer('no-prestop', RESTART_PORT);
  await waitForHealth(RESTART_PORT);
  await page.goto(`http://127.0.0.1:${RESTART_PORT}/`);
  const status = page.getByTestId('connection-status');
  await expect(status).toHaveAttribute('data-status', 'live');
  await expect(page.getByTestId('lane')).toHaveCount(2);

  const stopped = new Promise((resolve) => server!.once('exit', resolve));
  server.kill('SIGKILL');
  await stopped;
  await expect(status).toHaveAttribute('data-status', /reconnecting|stale/);
  // What was on screen stays there while the server is away.
  await expect(page.getByTestId('lane')).toHaveCount(2);
  await screenshot(page, 'recovery-disconnected');

  server = startServer('no-prestop', RESTART_PORT);
  await waitForHealth(RESTART_PORT);
  await expect(status).toHaveAttribute('data-status', 'live', { timeout: 30_000 });
  await expect(page.getByTestId('lane')).toHaveCount(2);
});
