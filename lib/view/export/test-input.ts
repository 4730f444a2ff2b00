/** Test-only: what an image export of a review gets (not live, no cursor, absolute times, the light palette). */
import { LIGHT_PALETTE } from '../palette';
import type { RowModel } from '../row-model';
import type { TimeSpan } from '../time-scale';
import { DEFAULT_VIEW_STATE } from '../view-state';
import type { ImageExportInput } from './svg-export';

export function reviewExportInput(
  model: RowModel,
  span: TimeSpan,
  overrides: Partial<ImageExportInput> = {},
): ImageExportInput {
  return {
    model,
    span,
    view: DEFAULT_VIEW_STATE,
    timeLabels: 'absolute',
    nowMs: null,
    live: false,
    nowLineMs: null,
    originMs: 0,
    clipAtMs: null,
    cluster: null,
    palette: LIGHT_PALETTE,
    ...overrides,
  };
}
