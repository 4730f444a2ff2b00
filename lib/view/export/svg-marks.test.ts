import { describe, expect, it } from 'vitest';
import { buildLaneScene } from '../lane-scene';
import { LIGHT_PALETTE } from '../palette';
import { RowLayout } from '../row-layout';
import { buildRowModel } from '../row-model';
import { openPod } from '../test-pods';
import { TimeScale } from '../time-scale';
import { DEFAULT_VIEW_STATE } from '../view-state';
import { sceneEl } from './svg-marks';

describe('sceneEl paint order', () => {
  // Not ready at 10.2 s and the preStop bar lie inside the warning and critical gap bands of this pod.
  const layout = new RowLayout(buildRowModel([openPod('p')], [], DEFAULT_VIEW_STATE).rows);
  const scene = buildLaneScene({
    layout,
    range: { first: 0, end: layout.rows.length },
    scrollTop: 0,
    scale: new TimeScale({ startMs: 9_000, endMs: 14_000 }, 800),
    nowMs: null,
  });
  const svg = sceneEl(scene, LIGHT_PALETTE);

  it('draws bars, glyphs and their halos after every gap band', () => {
    const lastGap = svg.lastIndexOf('class="gap-band"');
    expect(lastGap).toBeGreaterThan(0);
    for (const mark of [
      'class="prestop"',
      'class="routed"',
      'class="glyph-halo"',
      'class="glyph glyph-endpointNotReady"',
      'class="glyph glyph-delete"',
    ]) {
      expect(svg.indexOf(mark), mark).toBeGreaterThan(lastGap);
    }
  });

  it('puts each glyph group over its halo', () => {
    const glyph = svg.indexOf('class="glyph glyph-endpointNotReady"');
    const halo = svg.lastIndexOf('class="glyph-halo"', glyph);
    expect(halo).toBeGreaterThan(-1);
    expect(svg.slice(halo, glyph)).toContain(`stroke="${LIGHT_PALETTE.background}"`);
  });
});
