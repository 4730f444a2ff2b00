import { memo } from 'react';
import { LEGEND_ITEMS } from '@/lib/view/export/svg-legend';
import { gapPatternDefs } from '@/lib/view/export/svg-marks';
import type { Palette } from '@/lib/view/palette';

/**
 * What each mark means: the exported image's legend (lib/view/export/svg-legend.ts), item for item, each swatch
 * drawn by the functions that draw the lanes. The swatches are markup this code generates from constants and the
 * palette (no data from the cluster), hence the inner HTML.
 */
export const Legend = memo(function Legend({ palette }: { palette: Palette }) {
  return (
    <section aria-label="Legend" className="text-[12px]" data-testid="legend">
      <h2 className="mb-2 text-xs font-semibold uppercase tracking-wide text-slate-500">Legend</h2>
      {/* The gap hatchings the swatches refer to by id. */}
      <svg
        width="0"
        height="0"
        className="absolute"
        aria-hidden
        dangerouslySetInnerHTML={{ __html: `<defs>${gapPatternDefs(palette)}</defs>` }}
      />
      <ul className="space-y-1">
        {LEGEND_ITEMS.map((item) => (
          <li key={item.label} className="flex items-center gap-2" data-testid="legend-item">
            <svg
              width="28"
              height="22"
              viewBox="0 0 28 22"
              aria-hidden
              className="shrink-0"
              dangerouslySetInnerHTML={{ __html: item.draw(14, 11, palette) }}
            />
            <span>{item.label}</span>
          </li>
        ))}
      </ul>
    </section>
  );
});
