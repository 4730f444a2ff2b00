import { expect, type Locator, type Page } from '@playwright/test';
import path from 'node:path';
import { ROOT } from './servers';

export const SCREENSHOTS = path.join(ROOT, 'test-results', 'screenshots');

export async function screenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });
}

/** The lane of the pod that was deleted (the scenarios delete one pod). */
export function deletedLane(page: Page): Locator {
  return page.locator('[data-testid=lane][data-markers~="deleteRequested"]').first();
}

/** Waits until the stream is live and the page shows `count` lanes or more. */
export async function openDashboard(page: Page, url: string): Promise<void> {
  await page.goto(url);
  await expect(page.getByTestId('connection-status')).toHaveAttribute('data-status', 'live');
}

/**
 * Moves the pointer along a lane until the tooltip contains `text`; returns the tooltip's text. The canvas has no
 * DOM per mark, so this is how a user finds a mark too: by pointing at it.
 */
export async function hoverUntilTooltip(page: Page, lane: Locator, text: RegExp): Promise<string> {
  const header = await lane.boundingBox();
  const canvas = await page.getByTestId('lanes-canvas').boundingBox();
  if (!header || !canvas) throw new Error('lane or canvas not visible');
  const y = header.y + header.height / 2;
  for (let x = canvas.x + 2; x < canvas.x + canvas.width - 2; x += 3) {
    await page.mouse.move(x, y);
    const shown = await page.evaluate(() => document.querySelector('[data-testid=lane-tooltip]')?.textContent ?? '');
    if (text.test(shown)) return shown;
  }
  throw new Error(`no tooltip matching ${text} along the lane`);
}
