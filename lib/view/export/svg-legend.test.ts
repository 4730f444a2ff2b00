import { describe, expect, it } from 'vitest';
import { CAPACITY_PARTS } from '../capacity-scene';
import { GLYPH_SHAPES } from '../glyphs';
import type { LaneScene } from '../lane-scene';
import { LIGHT_PALETTE } from '../palette';
import { legendEl, LEGEND_ITEMS, type LegendCovers } from './svg-legend';
import { assertWellFormed } from './well-formed';

/** Every list of marks a scene holds (backgrounds of group rows aside); a new one fails the type check here. */
const SCENE_MARKS: Record<Exclude<keyof LaneScene, 'glyphs' | 'headers' | 'revisions' | 'gaps' | 'capacity'>, true> = {
  terminating: true,
  lifeLines: true,
  routed: true,
  preStop: true,
  whiskers: true,
  labels: true,
};

describe('legend', () => {
  it('explains every mark the lanes can draw, each once', () => {
    const covered = LEGEND_ITEMS.flatMap((item) => item.covers);
    const drawable: LegendCovers[] = [
      ...GLYPH_SHAPES,
      ...(Object.keys(SCENE_MARKS) as LegendCovers[]),
      ...CAPACITY_PARTS.map((part) => `capacity-${part}` as const),
      'gap-critical',
      'gap-warning',
      'gap-info',
      'now',
      'estimated',
      'expected',
    ];
    expect([...covered].sort()).toEqual([...drawable].sort());
  });

  it('uses no label twice and keeps each short enough for its column in the image', () => {
    const labels = LEGEND_ITEMS.map((item) => item.label);
    expect(new Set(labels).size).toBe(labels.length);
    for (const label of labels) expect(label.length, label).toBeLessThanOrEqual(36);
  });

  it('draws a well-formed swatch for every item', () => {
    const { svg } = legendEl(1_100, LIGHT_PALETTE);
    assertWellFormed(`<svg xmlns="http://www.w3.org/2000/svg">${svg}</svg>`);
    for (const item of LEGEND_ITEMS) expect(item.draw(14, 10, LIGHT_PALETTE)).toMatch(/^<(path|g) /);
  });

  it('tells not ready from removed by shape, not by hollowness', () => {
    const notReady = LEGEND_ITEMS.find((item) => item.covers.includes('endpointNotReady'))!.draw(14, 10, LIGHT_PALETTE);
    // The bar across the circle: a horizontal segment after the circle's arcs.
    expect(notReady).toMatch(/A4\.5 4\.5 0 1 0 [\d.]+ 10ZM9\.5 10H18\.5/);
  });
});
