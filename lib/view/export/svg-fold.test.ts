import { describe, expect, it } from 'vitest';
import { foldGonePods } from '../fold-gone';
import { buildRowModel } from '../row-model';
import { marker, testPod } from '../test-pods';
import { DEFAULT_VIEW_STATE } from '../view-state';
import { exportSvg } from './svg-export';
import { reviewExportInput } from './test-input';
import { assertWellFormed, textContents } from './well-formed';

describe('exported image of folded lanes', () => {
  it('draws the fold line as the page does, without the page-only "show"', () => {
    const gone = (uid: string) =>
      testPod({ uid, markers: [marker('created', 0), marker('deleteRequested', 5_000), marker('podDeleted', 8_000)] });
    const alive = testPod({ uid: 'live', markers: [marker('created', 50_000)] });
    const model = foldGonePods(buildRowModel([gone('a'), gone('b'), alive], [], DEFAULT_VIEW_STATE), {
      windowStartMs: 40_000,
      unfolded: new Set(),
    });
    const { svg } = exportSvg(reviewExportInput(model, { startMs: 40_000, endMs: 60_000 }));
    assertWellFormed(svg);
    const texts = textContents(svg);
    expect(texts).toContain('2 earlier pods');
    expect(texts.some((text) => text.includes('show'))).toBe(false);
    expect(svg).toContain('class="fold-header"');
  });
});
