import { expect, test } from '@playwright/test';
import { deletedLane, openDashboard, screenshot } from './helpers';
import { baseUrl } from './servers';

test('a click anywhere on a table row opens the pod’s details, as a lane click does', async ({ page }) => {
  await openDashboard(page, baseUrl('no-prestop'));
  await expect(deletedLane(page)).toBeVisible({ timeout: 70_000 });
  const name = await deletedLane(page).getAttribute('data-pod');
  await page.getByTestId('view-table').click();
  const row = page.locator(`[data-testid=table-row][data-pod="${name}"]`);
  await expect(row).toBeVisible();
  // Not the name's button: a cell of the row (the revision).
  await row.locator('td').first().click();
  await expect(page.getByTestId('detail-panel')).toBeVisible();
  await expect(page.getByTestId('detail-pod-name')).toHaveText(name ?? '');
  await expect(page).toHaveURL(/[?&]pod=/);
  // Offsets count from the delete request: no clock time among the termination columns of the deleted pod.
  const cells = await row.locator('td').allTextContents();
  expect(cells.slice(2, -1).join(' ')).not.toMatch(/\d\d:\d\d:\d\d/);
  await screenshot(page, 'table-row-details');
});

test('the help is a modal: Tab stays inside it, Esc closes it after Tab, focus goes back to the ? button', async ({
  page,
}) => {
  await openDashboard(page, baseUrl('no-prestop'));
  const opener = page.getByRole('button', { name: 'Keyboard help' });
  await opener.click();
  const dialog = page.getByTestId('help-dialog');
  await expect(dialog).toBeVisible();
  for (let press = 0; press < 6; press++) {
    await page.keyboard.press('Tab');
    expect(await dialog.evaluate((element) => element.contains(document.activeElement))).toBe(true);
  }
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
  await expect(opener).toBeFocused();

  // Opened by the ? key, closed by its button: the lanes' keys work again afterwards.
  await page.getByTestId('lanes-canvas').hover();
  await page.keyboard.press('Shift+Slash');
  await expect(dialog).toBeVisible();
  // Keys pressed in the dialog do not pan the lanes behind it.
  await page.keyboard.press('KeyA');
  await page.waitForTimeout(400);
  await expect(page).not.toHaveURL(/[?&]t=/);
  await page.getByTestId('help-close').click();
  await expect(dialog).toBeHidden();
  await page.keyboard.press('Shift+Slash');
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toBeHidden();
});
