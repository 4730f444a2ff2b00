import { expect, test } from '@playwright/test';
import { openDashboard, screenshot } from './helpers';
import { baseUrl } from './servers';

const HOSTILE = '<img src=x onerror=window.__pwned=1>';

test('a pod named with HTML markup stays text everywhere', async ({ page }) => {
  const stream = page.waitForRequest((request) => new URL(request.url()).pathname === '/api/stream');
  await openDashboard(page, baseUrl('hostile-names'));
  // The page started from its seed (server/live/page-seed.ts), read and accepted whole: the stream resumes after
  // it. A refused seed would open the stream without an event id, and the page would still fill from its snapshot.
  expect(new URL((await stream).url()).searchParams.get('lastEventId')).toMatch(/\S/);
  const lane = page.locator('[data-testid=lane]').filter({ hasText: HOSTILE });
  await expect(lane).toBeVisible();
  await expect(lane).toHaveAttribute('data-pod', HOSTILE);
  await lane.click();
  await expect(page.getByTestId('detail-pod-name')).toHaveText(HOSTILE);
  await page.getByTestId('search').fill('img');
  await page.getByTestId('view-table').click();
  await expect(page.getByTestId('table-row').filter({ hasText: HOSTILE })).toHaveCount(1);
  await page.getByTestId('view-lanes').click();
  await expect(lane).toBeVisible();
  // Wait for its deletion too: its name then appears in events and findings.
  await expect(lane).toHaveAttribute('data-markers', /deleteRequested/, { timeout: 60_000 });
  expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();
  expect(await page.locator('img').count()).toBe(0);
  expect(await page.locator('script:not([src])').filter({ hasText: '__pwned' }).count()).toBe(0);
  // The page starts from the hub's snapshot fetched as lines of JSON (server/live/page-seed.ts): the name is data
  // there, in a response the browser does not sniff into markup, and nowhere in the page itself.
  const html = await (await page.request.get(baseUrl('hostile-names'))).text();
  expect(html).not.toContain(HOSTILE);
  const seed = await page.request.get(`${baseUrl('hostile-names')}/api/stream/seed`);
  expect(seed.headers()['content-type']).toBe('application/x-ndjson; charset=utf-8');
  expect(seed.headers()['x-content-type-options']).toBe('nosniff');
  // A header line, then lines of pods.
  const podLines = (await seed.text()).trimEnd().split('\n').slice(1);
  const names = podLines.flatMap((line) => (JSON.parse(line) as { name: string }[]).map((pod) => pod.name));
  expect(names).toContain(HOSTILE);
  await screenshot(page, 'hostile-names');
});
