/**
 * Where the text labels of a lane go ("137 Error" beside an exit, "KILL" under a SIGKILL), or whether they go at
 * all: a label must stay inside its own lane and inside the lanes' width (never over the neighbour lane, never out
 * into the name column), and must not cover another label. One that does not fit is shortened, else dropped: the
 * tooltip and the detail panel carry the whole text.
 */

export interface LabelBox {
  x: number;
  y: number;
  text: string;
}

export interface LabelCandidate {
  /** The glyph the label belongs to. */
  glyphX: number;
  /** The label's vertical centre. */
  y: number;
  /** Preferred text first, then shorter forms. */
  texts: readonly string[];
  /** Space between the glyph and the text. */
  gap: number;
}

export interface LaneBounds {
  /** The lanes' width: labels keep within [0, width]. */
  width: number;
  top: number;
  bottom: number;
}

/**
 * 10 px semibold sans: a generous mean advance (digits and most capitals are narrower), so estimates err towards
 * dropping; the canvas also squeezes a text into this width (`fillText`'s maxWidth) so the box holds whatever the font.
 */
export const LABEL_CHAR_PX = 6.4;
export const LABEL_HEIGHT_PX = 11;

export function labelWidth(text: string): number {
  return text.length * LABEL_CHAR_PX;
}

interface Box {
  x1: number;
  x2: number;
  y1: number;
  y2: number;
}

function overlaps(a: Box, b: Box): boolean {
  return a.x1 < b.x2 && b.x1 < a.x2 && a.y1 < b.y2 && b.y1 < a.y2;
}

/**
 * Places the labels of one lane, in order of importance (earlier candidates win): right of the glyph, else left of
 * it, each text form in turn. Returns the placed labels with `x` the start of the text.
 */
export function placeLaneLabels(candidates: readonly LabelCandidate[], bounds: LaneBounds): LabelBox[] {
  const placed: Array<LabelBox & { box: Box }> = [];
  for (const candidate of candidates) {
    const y1 = candidate.y - LABEL_HEIGHT_PX / 2;
    const y2 = candidate.y + LABEL_HEIGHT_PX / 2;
    if (y1 < bounds.top || y2 > bounds.bottom) continue;
    let chosen: (LabelBox & { box: Box }) | null = null;
    for (const text of candidate.texts) {
      const w = labelWidth(text);
      for (const x of [candidate.glyphX + candidate.gap, candidate.glyphX - candidate.gap - w]) {
        const box = { x1: x, x2: x + w, y1, y2 };
        if (x < 0 || x + w > bounds.width) continue;
        if (placed.some((other) => overlaps(box, other.box))) continue;
        chosen = { x, y: candidate.y, text, box };
        break;
      }
      if (chosen) break;
    }
    if (chosen) placed.push(chosen);
  }
  return placed.map(({ x, y, text }) => ({ x, y, text }));
}
