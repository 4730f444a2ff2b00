import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { LEGEND_ITEMS } from '@/lib/view/export/svg-legend';
import { DARK_PALETTE, LIGHT_PALETTE } from '@/lib/view/palette';
import { Legend } from './Legend';

describe('Legend on the page', () => {
  it('lists the exported legend item for item, in its order', () => {
    const page = renderToStaticMarkup(<Legend palette={LIGHT_PALETTE} />);
    const labels = [...page.matchAll(/data-testid="legend-item"><svg[^>]*>.*?<\/svg><span>([^<]*)<\/span>/g)].map(
      ([, label]) => label!.replace(/&amp;/g, '&'),
    );
    expect(labels).toEqual(LEGEND_ITEMS.map((item) => item.label));
    for (const label of [
      'Info gap: watch blind',
      'Pod gone',
      'Endpoint not ready or not serving',
      'Endpoint removed',
      'Estimated, not seen: dashed outline',
    ])
      expect(labels).toContain(label);
  });

  it('draws the swatches in the palette of the theme, with the gap hatchings defined once', () => {
    const page = renderToStaticMarkup(<Legend palette={DARK_PALETTE} />);
    expect(page.match(/<pattern id="ds-gap-critical"/g)).toHaveLength(1);
    expect(page).toContain('fill="url(#ds-gap-critical)"');
    expect(page).toContain(`stroke="${DARK_PALETTE.endpoint}"`);
  });
});
