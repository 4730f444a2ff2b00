/**
 * The live view during a deployment (issue "Live during a deployment", items 1, 2 and 7): gone pods fold so the
 * rollout in progress is on the first screen, the findings panel holds still under the pointer and offers the fix,
 * and the legend lists every mark. Against the demo server, whose Deployments roll every 40 s forever.
 */
import { expect, test, type Page } from '@playwright/test';
import { openDashboard, screenshot } from './helpers';
import { baseUrl } from './servers';

// The demo's first pods are gone ~1 min after its start and leave a 90 s followed window ~1.5 min later.
const FOLD_APPEARS_MS = 240_000;

/** What the row right under the (first) unfolded fold row is: "gone pod", "pod", a row kind, or "none". */
function rowUnderUnfoldedFold(page: Page): Promise<string> {
  return page.evaluate(() => {
    const fold = document.querySelector<HTMLElement>('[data-testid=fold-row][aria-expanded=true]');
    if (!fold?.parentElement) return 'none';
    const below = fold.offsetTop + fold.offsetHeight;
    const next = [...fold.parentElement.children].find(
      (row) => row instanceof HTMLElement && Math.abs(row.offsetTop - below) < 1,
    );
    if (!next) return 'none';
    if (next.getAttribute('data-testid') !== 'lane') return next.getAttribute('data-testid') ?? 'revision';
    return (next.getAttribute('data-markers') ?? '').split(' ').includes('podDeleted') ? 'gone pod' : 'pod';
  });
}

test.describe('at 1280×720', () => {
  test.use({ viewport: { width: 1280, height: 720 } });

  test('gone pods fold into one line per revision; the line unfolds and folds them back', async ({ page }) => {
    test.setTimeout(FOLD_APPEARS_MS + 60_000);
    await openDashboard(page, baseUrl('demo'));
    const fold = page.getByTestId('fold-row').first();
    await expect(fold).toBeVisible({ timeout: FOLD_APPEARS_MS });
    await expect(fold).toHaveAttribute('aria-expanded', 'false');
    await expect(fold).toHaveText(/\d+ earlier pods?(, \d+ with gaps)? — show/);
    await expect(page.getByTestId('pod-count')).toContainText('folded');
    await screenshot(page, 'live-folded-1280');

    // The first screen holds a pod of a rollout still in progress (deleted, not gone yet) or a pod still running.
    const onScreen = await page.getByTestId('lane').evaluateAll(
      (lanes) =>
        lanes.filter((lane) => {
          const box = lane.getBoundingClientRect();
          return (
            box.top >= 0 &&
            box.bottom <= window.innerHeight &&
            !(lane.getAttribute('data-markers') ?? '').includes('podDeleted')
          );
        }).length,
    );
    expect(onScreen).toBeGreaterThan(0);

    // The list is virtualized: the number of lanes in the DOM is bounded by the viewport, so unfolding need not add
    // any (a CI run had 12 before and 12 after). What unfolding must do is put the gone pods right under the fold
    // row (they lead their revision), where the rendered range always reaches.
    await fold.click();
    const unfolded = page.locator('[data-testid=fold-row][aria-expanded=true]').first();
    await expect(unfolded).toHaveText(/— hide/);
    await expect.poll(() => rowUnderUnfoldedFold(page)).toBe('gone pod');
    await unfolded.click();
    await expect(page.locator('[data-testid=fold-row][aria-expanded=true]')).toHaveCount(0);
  });
});

test('findings: scoped to the filters, timed, the fix copied from the card, the order held under the pointer', async ({
  page,
  context,
}) => {
  test.setTimeout(180_000);
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await openDashboard(page, baseUrl('demo'));
  const items = page.getByTestId('finding-summary-item');
  await expect(items.first()).toBeVisible({ timeout: 120_000 });
  await expect(page.getByTestId('finding-time').first()).toHaveText(/terminated \d\d:\d\d:\d\d(–\d\d:\d\d:\d\d)? UTC/);

  // The count beside a long kind is never cut: its box holds its text.
  const clipped = await items.evaluateAll(
    (buttons) =>
      buttons.filter((button) => {
        const count = button.querySelector('span.ml-auto');
        return count !== null && count.scrollWidth > count.clientWidth + 1;
      }).length,
  );
  expect(clipped).toBe(0);

  // Over the list, the order holds while the stream keeps changing the counts.
  const summary = page.getByTestId('findings-summary');
  await summary.hover();
  await expect(summary).toHaveAttribute('data-order-held', 'true');
  const order = () => items.evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-key') ?? ''));
  const held = await order();
  const podCount = await page.getByTestId('pod-count').textContent();
  await expect(page.getByTestId('pod-count')).not.toHaveText(podCount ?? '', { timeout: 90_000 });
  // Findings still listed keep their places at the top; new ones can only come after them.
  const now = await order();
  const kept = held.filter((key) => now.includes(key));
  expect(now.slice(0, kept.length)).toEqual(kept);
  await page.mouse.move(5, 5);
  await expect(summary).toHaveAttribute('data-order-held', 'false');

  // Copy the fix from the first card. The card is pinned by its key: with the pointer away the stream re-ranks the
  // list, and the click's own move over it holds whatever order it finds then (a CI run clicked the first card, saw
  // another one first when it checked, and waited for "Copied" on a button nobody had clicked).
  const key = await items.first().getAttribute('data-key');
  expect(key).toBeTruthy();
  const card = page.getByTestId('finding-summary-card').filter({ has: page.locator(`[data-key="${key}"]`) });
  const fixBefore = (await card.locator('pre').textContent()) ?? '';
  expect(fixBefore.length).toBeGreaterThan(0);
  await card.getByTestId('copy-fix').click();
  await expect(card.getByTestId('copy-fix')).toHaveText('Copied');
  // The fix is sized from what the stream measures, so it may have been re-sized between the read and the click:
  // the clipboard holds the text the card showed at one of the two.
  const fixAfter = (await card.locator('pre').textContent()) ?? '';
  expect([fixBefore, fixAfter]).toContain(await page.evaluate(() => navigator.clipboard.readText()));

  // The healthy Deployment alone: no finding of another workload stays listed.
  await page.getByTestId('workload-filter').selectOption('Deployment/checkout');
  await expect
    .poll(() =>
      items.evaluateAll(
        (buttons) => buttons.filter((button) => !(button.textContent ?? '').includes('Deployment checkout')).length,
      ),
    )
    .toBe(0);
  await screenshot(page, 'live-findings-filtered');
});

test('the legend lists every mark the lanes draw, as the exported image does', async ({ page }) => {
  await openDashboard(page, baseUrl('demo'));
  const legend = page.getByTestId('legend-item');
  for (const label of [
    'Info gap: watch blind',
    'Pod gone',
    'Endpoint not ready or not serving',
    'Endpoint removed',
    'Estimated, not seen: dashed outline',
    'Killing (kubelet begins)',
    'Now',
    'Ready endpoints (faint: uncertain)',
    'Below replicas − maxUnavailable',
  ]) {
    await expect(legend.filter({ hasText: label })).toHaveCount(1);
  }
});

test('a capacity row above each workload’s pods counts its ready endpoints; its tooltip says the counts', async ({
  page,
}) => {
  await openDashboard(page, baseUrl('demo'));
  const capacity = page.getByTestId('capacity-row').first();
  await expect(capacity).toBeVisible({ timeout: 60_000 });
  await expect(capacity).toHaveText(/^capacity · ready \d+(–\d+)?/);
  // The canvas has no DOM per mark: point along the row until the tooltip says the counts.
  const row = await capacity.boundingBox();
  const canvas = await page.getByTestId('lanes-canvas').boundingBox();
  if (!row || !canvas) throw new Error('capacity row or canvas not visible');
  let shown = '';
  for (let x = canvas.x + canvas.width - 4; x > canvas.x + 2 && !/ready \d+/.test(shown); x -= 10) {
    await page.mouse.move(x, row.y + row.height / 2);
    shown = await page.evaluate(() => document.querySelector('[data-testid=capacity-tooltip]')?.textContent ?? '');
  }
  expect(shown).toMatch(/ready \d+(–\d+)? · serving \d+(–\d+)?/);
  // The Deployments are watched: the desired replicas and the floor come from their spec, not "unknown".
  expect(shown).toMatch(/desired \d+ · threshold \d+/);
});
