/**
 * Hatching for gap bands, so severity reads without colour: critical = dense diagonal stripes, warning = sparse
 * dots, info = thin cross-hatch. Tiles are drawn once per theme on a small canvas from `makeCanvas`.
 */
import type { Severity } from '../timeline/types';
import { GAP_BANDS, HATCH_TILE_PX, SEVERITIES, tracePath } from './glyphs';
import type { Palette } from './palette';

export type GapFills = Record<Severity, string | CanvasPattern>;

export interface TileCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): CanvasRenderingContext2D | null;
}

function tile(make: () => TileCanvas, draw: (ctx: CanvasRenderingContext2D) => void): TileCanvas | null {
  const canvas = make();
  canvas.width = HATCH_TILE_PX;
  canvas.height = HATCH_TILE_PX;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  draw(ctx);
  return canvas;
}

/** Each severity's hatching (../glyphs.ts) as a repeating pattern; the plain ink colour where a tile cannot be made. */
export function makeGapFills(palette: Palette, make: () => TileCanvas, target: CanvasRenderingContext2D): GapFills {
  const fills: GapFills = {
    critical: palette.gap.critical.ink,
    warning: palette.gap.warning.ink,
    info: palette.gap.info.ink,
  };
  for (const severity of SEVERITIES) {
    const { hatch } = GAP_BANDS[severity];
    const ink = palette.gap[severity].ink;
    const canvas = tile(make, (ctx) => {
      ctx.beginPath();
      tracePath(ctx, hatch.path);
      if (hatch.lineWidth === null) {
        ctx.fillStyle = ink;
        ctx.fill();
      } else {
        ctx.strokeStyle = ink;
        ctx.lineWidth = hatch.lineWidth;
        ctx.stroke();
      }
    });
    fills[severity] =
      (canvas ? target.createPattern(canvas as unknown as CanvasImageSource, 'repeat') : null) ?? fills[severity];
  }
  return fills;
}
