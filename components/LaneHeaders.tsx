import { memo } from 'react';
import type { RowLayout, VisibleRange } from '@/lib/view/row-layout';
import { LaneHeader } from './LaneHeader';

interface LaneHeadersProps {
  layout: RowLayout;
  range: VisibleRange;
  selectedUid: string | null;
  onSelect(uid: string): void;
  onToggleFold(revisionKey: string): void;
}

/** The DOM headers of the visible rows; memoized, because pan and zoom change none of its inputs. */
export const LaneHeaders = memo(function LaneHeaders({
  layout,
  range,
  selectedUid,
  onSelect,
  onToggleFold,
}: LaneHeadersProps) {
  return layout.rows
    .slice(range.first, range.end)
    .map((row, offset) => (
      <LaneHeader
        key={row.key}
        row={row}
        top={layout.top(range.first + offset)}
        height={layout.height(range.first + offset)}
        selected={row.key === selectedUid}
        onSelect={onSelect}
        onToggleFold={onToggleFold}
      />
    ));
});
