import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { FoldRow } from '@/lib/view/row-model';
import { LaneHeader } from './LaneHeader';

const noop = () => undefined;

function html(row: FoldRow): string {
  return renderToStaticMarkup(
    <LaneHeader row={row} top={0} height={22} selected={false} onSelect={noop} onToggleFold={noop} />,
  );
}

describe('LaneHeader of folded gone pods', () => {
  it('says how many earlier pods and how many had gaps, as a button that unfolds them', () => {
    const page = html({ kind: 'fold', key: 'f:r:x', revisionKey: 'r:x', count: 12, withGaps: 3, unfolded: false });
    expect(page).toMatch(/^<button type="button"/);
    expect(page).toContain('aria-expanded="false"');
    expect(page).toContain('data-testid="fold-row"');
    expect(page).toContain('12 earlier pods, 3 with gaps — show');
  });

  it('offers to fold them back once unfolded', () => {
    const page = html({ kind: 'fold', key: 'f:r:x', revisionKey: 'r:x', count: 1, withGaps: 0, unfolded: true });
    expect(page).toContain('aria-expanded="true"');
    expect(page).toContain('1 earlier pod — hide');
  });
});
