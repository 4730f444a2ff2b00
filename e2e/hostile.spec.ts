import { expect, test } from '@playwright/test';
import { openDashboard, screenshot } from './helpers';
import { baseUrl } from './servers';

const HOSTILE = '<img src=x onerror=window.__pwned=1>';

test('a pod named with HTML markup stays text everywhere', async ({ page }) => {
  await openDashboard(page, baseUrl('hostile-names'));
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
  // The page itself carries the hub's snapshot (server/live/page-seed.ts), so the name is in its inline scripts:
  // escaped there, never as markup.
  const html = await (await page.request.get(baseUrl('hostile-names'))).text();
  expect(html).toContain('\\u003cimg src=x onerror=window.__pwned=1\\u003e');
  expect(html).not.toContain(HOSTILE);
  await screenshot(page, 'hostile-names');
});
