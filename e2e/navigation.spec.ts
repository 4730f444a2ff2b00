import { expect, test } from '@playwright/test';
import { deletedLane, openDashboard, screenshot } from './helpers';
import { baseUrl } from './servers';

test('filters, search and problems-only narrow the lanes and land in the URL', async ({ page }) => {
  await openDashboard(page, baseUrl('demo'));
  const lanes = page.getByTestId('lane');
  const podNames = () =>
    lanes.evaluateAll((elements) => elements.map((element) => element.getAttribute('data-pod') ?? ''));
  await expect.poll(async () => (await podNames()).length).toBeGreaterThanOrEqual(9);
  await page.getByTestId('workload-filter').selectOption('Deployment/cart');
  await expect.poll(async () => (await podNames()).every((name) => name.startsWith('cart-'))).toBe(true);
  expect((await podNames()).length).toBeGreaterThanOrEqual(2);
  await expect(page).toHaveURL(/workload=Deployment%2Fcart/);
  await page.getByTestId('workload-filter').selectOption('');
  await page.getByTestId('namespace-filter').selectOption('shop');
  await expect(page).toHaveURL(/namespace=shop/);
  await page.getByTestId('search').fill('checkout');
  await expect.poll(async () => (await podNames()).every((name) => name.startsWith('checkout-'))).toBe(true);
  await expect(page).toHaveURL(/q=checkout/);
  await screenshot(page, 'demo-search');
  await page.getByTestId('search').fill('no-such-pod');
  await expect(page.getByTestId('no-match')).toBeVisible();
});

test('problems-only keeps the pod with a gap', async ({ page }) => {
  await openDashboard(page, baseUrl('no-prestop'));
  await expect(deletedLane(page)).toHaveAttribute('data-gaps', /./, { timeout: 70_000 });
  await page.getByTestId('problems-only').check();
  await expect(page.getByTestId('lane')).toHaveCount(1);
  await expect(page).toHaveURL(/problems=1/);
  await page.getByTestId('finding-summary-item').first().click();
  await expect(page).toHaveURL(/focus=/);
});

test('keyboard: WASD, F, / and ?, arrows select pods; keys typed in the search box are text', async ({ page }) => {
  await openDashboard(page, baseUrl('no-prestop'));
  await expect(page.getByTestId('lane').first()).toBeVisible();
  await page.getByTestId('lanes-canvas').hover();

  await page.keyboard.press('KeyA');
  await expect(page).toHaveURL(/[?&]t=/);
  await expect(page.getByTestId('follow-live')).toHaveText('Follow live');
  const panned = new URL(page.url()).searchParams.get('t');
  await page.keyboard.press('KeyW');
  await expect.poll(() => new URL(page.url()).searchParams.get('t')).not.toBe(panned);
  const [start, end] = (new URL(page.url()).searchParams.get('t') ?? '').split('~').map(Number);
  const [panStart, panEnd] = (panned ?? '').split('~').map(Number);
  expect(end! - start!).toBeLessThan(panEnd! - panStart!);
  await page.keyboard.press('KeyF');
  await page.getByTestId('follow-live').click();
  await expect(page).not.toHaveURL(/[?&]t=/);

  await page.keyboard.press('/');
  await expect(page.getByTestId('search')).toBeFocused();
  await page.keyboard.type('wasd');
  await expect(page).toHaveURL(/q=wasd/);
  await expect(page).not.toHaveURL(/[?&]t=/);
  await page.getByTestId('search').fill('');
  await page.getByTestId('search').blur();

  await page.keyboard.press('Shift+Slash');
  await expect(page.getByTestId('help-dialog')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('help-dialog')).toBeHidden();

  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('detail-panel')).toBeVisible();
  const first = await page.getByTestId('detail-pod-name').textContent();
  await page.keyboard.press('ArrowDown');
  await expect(page.getByTestId('detail-pod-name')).not.toHaveText(first ?? '');
  await page.keyboard.press('Escape');
  await expect(page.getByTestId('detail-panel')).toBeHidden();
});

test('align by deletion puts the delete at 0 on a relative axis, and a link reproduces the view', async ({ page }) => {
  await openDashboard(page, baseUrl('no-prestop'));
  await expect(deletedLane(page)).toBeVisible({ timeout: 70_000 });
  await page.getByTestId('align-toggle').click();
  await page.getByTestId('time-labels').selectOption('relative');
  await expect(page.getByTestId('time-axis')).toContainText(/\+\d+ s/);
  await expect(page.getByTestId('time-axis')).toContainText('0');
  await expect(page.getByTestId('lane')).toHaveCount(1);
  await screenshot(page, 'no-prestop-aligned-relative');

  // The URL follows the view after a short debounce: wait for it before copying the link.
  await expect(page).toHaveURL(/[?&]align=1\b.*[?&]time=relative\b|[?&]time=relative\b.*[?&]align=1\b/);
  const link = page.url();
  await page.goto(`${link}&view=table&theme=dark`);
  await expect(page.getByTestId('timeline-table')).toBeVisible();
  await expect(page.locator('[data-theme=dark]')).toHaveCount(1);
  await expect(page.getByTestId('align-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('time-labels')).toHaveValue('relative');
  await screenshot(page, 'no-prestop-table-dark');
});
