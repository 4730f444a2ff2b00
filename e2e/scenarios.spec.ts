import { expect, test } from '@playwright/test';
import { deletedLane, hoverUntilTooltip, openDashboard, screenshot } from './helpers';
import { baseUrl } from './servers';

// Each scenario deletes one pod of `shop/web` 15 s after its server started (real time).
const SCENARIO_DONE_MS = 70_000;

test('no-prestop: the deleted pod shows its propagation gap; tooltip and detail panel show the evidence', async ({
  page,
}) => {
  await openDashboard(page, baseUrl('no-prestop'));
  const lane = deletedLane(page);
  await expect(lane).toHaveAttribute('data-markers', /podDeleted/, { timeout: SCENARIO_DONE_MS });
  await expect(lane).toHaveAttribute('data-gaps', /shortPropagationBuffer|exitWhileRouted/);
  // Only the deleted pod has a gap: the other lanes are clean.
  await expect(page.locator('[data-testid=lane]:not([data-gaps=""])')).toHaveCount(1);
  await screenshot(page, 'no-prestop-follow');

  await page.getByTestId('align-toggle').click();
  await expect(page).toHaveURL(/align=1/);
  const tooltip = await hoverUntilTooltip(page, deletedLane(page), /Short propagation buffer|Exit while routed/);
  expect(tooltip).toMatch(/warning|critical/);
  await screenshot(page, 'no-prestop-aligned-tooltip');

  await deletedLane(page).click();
  const panel = page.getByTestId('detail-panel');
  await expect(panel).toBeVisible();
  await expect(panel.locator('[data-testid=detail-marker][data-kind=endpointNotReady]')).toContainText('EndpointSlice');
  await expect(panel.locator('[data-testid=detail-marker][data-kind=deleteRequested]')).toContainText(
    /deletionTimestamp/i,
  );
  await expect(panel.locator('[data-testid=detail-marker][data-kind=sigterm]')).toContainText('estimated');
  await expect(panel.locator('[data-testid=finding][data-kind=missingPreStop]')).toContainText('preStop');
  await expect(panel.getByTestId('detail-gap').first()).toBeVisible();
  await expect(page).toHaveURL(/pod=/);
  await screenshot(page, 'no-prestop-detail');
});

test('prestop-sleep: the deleted pod terminates without any gap', async ({ page }) => {
  await openDashboard(page, baseUrl('prestop-sleep'));
  const lane = deletedLane(page);
  await expect(lane).toHaveAttribute('data-markers', /podDeleted/, { timeout: SCENARIO_DONE_MS });
  await expect(lane).toHaveAttribute('data-markers', /preStopStart/);
  await expect(page.locator('[data-testid=lane]:not([data-gaps=""])')).toHaveCount(0);
  await expect(page.getByTestId('finding')).toHaveCount(0);
  await page.getByTestId('align-toggle').click();
  await screenshot(page, 'prestop-sleep-aligned');
});

test('ignores-sigterm: SIGKILL at the grace deadline, a critical gap', async ({ page }) => {
  await openDashboard(page, baseUrl('ignores-sigterm'));
  const lane = deletedLane(page);
  await expect(lane).toHaveAttribute('data-markers', /sigkill/, { timeout: SCENARIO_DONE_MS });
  await expect(lane).toHaveAttribute('data-gaps', /killedAtDeadline/);
  await expect(page.locator('[data-testid=finding-summary-item][data-kind=sigkilled]')).toBeVisible();
  await page.getByTestId('align-toggle').click();
  const tooltip = await hoverUntilTooltip(page, deletedLane(page), /SIGKILL|Killed at deadline/);
  expect(tooltip).toMatch(/SIGKILL|critical/);
  await screenshot(page, 'ignores-sigterm-aligned');
  await page.getByTestId('view-table').click();
  await expect(page.getByTestId('table-row').filter({ hasText: 'Killed at deadline' })).toHaveCount(1);
  await screenshot(page, 'ignores-sigterm-table');
});
