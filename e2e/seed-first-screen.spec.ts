/**
 * The live page draws its first screen from the seed's first line of pods and completes when the rest is in
 * (issue "Live during a deployment": the first lanes at 1,000 and 10,000 pods). A 300-replica rolling update, the
 * seed slowed down by Chromium's own network throttling (the page's scripts come from the cache of a first visit):
 * while the seed arrives, the page shows the lanes of the first 100 pods and says it is loading, with no capacity
 * (its row held empty), no count, no finding and no export drawn from part of the pods; once the seed is whole, all
 * of that appears, and the stream resumes from the seed's event id (the seed was taken, not refused).
 */
import { expect, test } from './own-cluster';
import { FIRST_SCREEN_PORT, startOwnRollout } from './servers';

test('the first screen is drawn from the seed’s first pods, marked as loading, then completed', async ({
  page,
  tmp,
  own,
}) => {
  test.setTimeout(180_000);
  await startOwnRollout({ replicas: 300, seed: 7, port: FIRST_SCREEN_PORT, dir: tmp, own });
  const base = `http://127.0.0.1:${FIRST_SCREEN_PORT}/`;
  // A first visit fills the cache with the page's scripts, and waits for every replica.
  await page.goto(base);
  const count = page.getByTestId('pod-count');
  await expect(count).toHaveText(/\b(3\d\d|[4-9]\d\d) of (3\d\d|[4-9]\d\d) pods/, { timeout: 90_000 });

  // ~400 KB of seed at 48 KB/s: several seconds in which the first line is in and the rest is not.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: 48 * 1024,
    uploadThroughput: -1,
  });
  await page.reload({ waitUntil: 'commit' });
  // Registered after the reload: the first visit's stream cannot answer it, and this page opens its own only once
  // the seed is whole (seconds from now).
  const stream = page.waitForRequest((request) => new URL(request.url()).pathname === '/api/stream');
  await expect(count).toHaveAttribute('data-loading', 'true', { timeout: 30_000 });
  await expect(count).toHaveText(/^Loading pods: 100 of (3\d\d|[4-9]\d\d)…$/);
  await expect(page.getByTestId('lane').first()).toBeVisible();
  expect(await page.getByTestId('lane').count()).toBeGreaterThan(5);
  // The capacity row holds its place, empty, so the lanes below it stay put when it is drawn.
  await expect(page.getByTestId('capacity-row').first()).toHaveAttribute('data-pending', 'true');
  await expect(page.getByTestId('capacity-row').first()).toHaveText('capacity · counted once every pod is in…');
  await expect(page.getByTestId('findings-summary')).toHaveAttribute('data-loading', 'true');
  // An export would hold counts and capacity over every pod: refused, said why.
  await page.getByTestId('export-csv').click();
  await expect(page.getByTestId('export-status')).toHaveText('The pods are still loading: export once they are all in');
  // Still loading after all of that: the checks above saw the partial page, not a page that had completed.
  await expect(count).toHaveAttribute('data-loading', 'true');

  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await expect(count).not.toHaveAttribute('data-loading', /./, { timeout: 30_000 });
  await expect(count).toHaveText(/\b(3\d\d|[4-9]\d\d) of (3\d\d|[4-9]\d\d) pods/);
  await expect(page.getByTestId('capacity-row').first()).toHaveText(/^capacity · ready \d+/);
  await expect(page.getByTestId('capacity-row').first()).not.toHaveAttribute('data-pending', /./);
  await expect(page.getByTestId('findings-summary')).not.toHaveAttribute('data-loading', /./);
  expect(new URL((await stream).url()).searchParams.get('lastEventId')).toMatch(/\S/);
});
