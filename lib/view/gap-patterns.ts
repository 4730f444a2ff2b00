/**
 * Hatching for gap bands, so severity reads without colour: critical = dense diagonal stripes, warning = sparse
 * dots, info = thin cross-hatch. Tiles are drawn once per theme on a small canvas from `makeCanvas`.
 */
import type { Severity } from '../timeline/types';
import type { Palette } from './palette';

export type GapFills = Record<Severity, string | CanvasPattern>;

export interface TileCanvas {
  width: number;
  height: number;
  getContext(kind: '2d'): CanvasRenderingContext2D | null;
}

const TILE = 8;

function tile(make: () => TileCanvas, draw: (ctx: CanvasRenderingContext2D) => void): TileCanvas | null {
  const canvas = make();
  canvas.width = TILE;
  canvas.height = TILE;
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  draw(ctx);
  return canvas;
}

export function makeGapFills(palette: Palette, make: () => TileCanvas, target: CanvasRenderingContext2D): GapFills {
  const fills: GapFills = { critical: palette.gap.critical.ink, warning: palette.gap.warning.ink, info: palette.gap.info.ink };
  const stripes = tile(make, (ctx) => {
    ctx.strokeStyle = palette.gap.critical.ink;
    ctx.lineWidth = 2.2;
    ctx.beginPath();
    for (const offset of [-TILE, 0, TILE]) {
      ctx.moveTo(offset, TILE);
      ctx.lineTo(offset + TILE, 0);
    }
    ctx.stroke();
  });
  const dots = tile(make, (ctx) => {
    ctx.fillStyle = palette.gap.warning.ink;
    ctx.beginPath();
    ctx.arc(2, 2, 1.3, 0, Math.PI * 2);
    ctx.arc(6, 6, 1.3, 0, Math.PI * 2);
    ctx.fill();
  });
  const cross = tile(make, (ctx) => {
    ctx.strokeStyle = palette.gap.info.ink;
    ctx.lineWidth = 0.8;
    ctx.beginPath();
    ctx.moveTo(0, 0);
    ctx.lineTo(TILE, TILE);
    ctx.moveTo(TILE, 0);
    ctx.lineTo(0, TILE);
    ctx.stroke();
  });
  const pattern = (canvas: TileCanvas | null) => (canvas ? target.createPattern(canvas as unknown as CanvasImageSource, 'repeat') : null);
  fills.critical = pattern(stripes) ?? fills.critical;
  fills.warning = pattern(dots) ?? fills.warning;
  fills.info = pattern(cross) ?? fills.info;
  return fills;
}
