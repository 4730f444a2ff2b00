import { describe, expect, it } from 'vitest';
import type { WorkloadSpec } from '../../timeline/types';
import { buildRowModel } from '../row-model';
import { marker, testPod, webDeployment } from '../test-pods';
import { DEFAULT_VIEW_STATE } from '../view-state';
import { exportSvg } from './svg-export';
import { reviewExportInput } from './test-input';
import { assertWellFormed, textContents } from './well-formed';

const spec = webDeployment(1);
// The old pod stops being ready at 5 s, its replacement only at 8 s: a dip from 5 s to 8 s.
const pods = [
  testPod({
    uid: 'old',
    controllerName: 'web-1',
    markers: [
      marker('created', 0),
      marker('endpointReady', 1_000),
      marker('deleteRequested', 5_000),
      marker('endpointNotReady', 5_000),
      marker('endpointRemoved', 5_500),
      marker('podDeleted', 6_000),
    ],
  }),
  testPod({
    uid: 'new',
    controllerName: 'web-2',
    markers: [marker('created', 4_000), marker('ready', 8_000), marker('endpointReady', 8_000)],
  }),
];

function svgOf(specs: WorkloadSpec[]): string {
  const model = buildRowModel(pods, [], DEFAULT_VIEW_STATE, specs);
  return exportSvg(reviewExportInput(model, { startMs: 0, endMs: 10_000 }), 1_000).svg;
}

describe('the capacity row in the SVG export', () => {
  it('draws the counts, the desired line, the threshold and the dip under the workload header', () => {
    const svg = svgOf([spec]);
    assertWellFormed(svg);
    const lanes = svg.slice(svg.indexOf('<g class="lanes"'), svg.indexOf('<g class="legend"'));
    // 100 px a second; the capacity row spans y 28 to 64 under the 28 px workload header.
    expect(lanes).toContain('<path class="capacity-dip" d="M500 29h300v34h-300Z"');
    expect(lanes).toContain('class="capacity-ready"');
    expect(lanes).toContain('class="capacity-desired"');
    expect(lanes).toMatch(
      /class="capacity-threshold" d="[^"]+" fill="none" stroke="#D55E00" stroke-width="1" stroke-dasharray="4 3"/,
    );
    expect(textContents(svg)).toContain('capacity · ready 1 of 1 · 1 dip');
  });

  it('draws counts only, without threshold or dip, when the spec is unknown', () => {
    const lanes = svgOf([]).slice(0, svgOf([]).indexOf('<g class="legend"'));
    expect(lanes).toContain('class="capacity-ready"');
    expect(lanes).not.toContain('capacity-dip');
    expect(lanes).not.toContain('capacity-threshold');
    expect(lanes).not.toContain('capacity-desired');
  });
});
