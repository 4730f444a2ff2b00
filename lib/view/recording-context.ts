/**
 * A stand-in for CanvasRenderingContext2D in tests (node has no canvas): it keeps the state a painter sets and, at
 * every fill or stroke, records the current path with that state, so a test can read what would have been inked.
 */

/** A path as drawn, independent of how it was built: polylines (closed or not) and full circles. */
export type DrawnPart =
  | { kind: 'poly'; points: Array<[number, number]>; closed: boolean }
  | { kind: 'circle'; cx: number; cy: number; r: number };

export interface DrawOp {
  op: 'fill' | 'stroke';
  style: string;
  lineWidth: number;
  dash: number[];
  alpha: number;
  parts: DrawnPart[];
}

interface State {
  fillStyle: unknown;
  strokeStyle: unknown;
  lineWidth: number;
  dash: number[];
  globalAlpha: number;
}

export class RecordingContext {
  readonly ops: DrawOp[] = [];
  readonly texts: Array<{ text: string; x: number; y: number; style: string }> = [];
  private state: State = { fillStyle: '#000', strokeStyle: '#000', lineWidth: 1, dash: [], globalAlpha: 1 };
  private readonly stack: State[] = [];
  private parts: DrawnPart[] = [];
  font = '';
  textBaseline = 'alphabetic';

  get fillStyle(): unknown {
    return this.state.fillStyle;
  }
  set fillStyle(value: unknown) {
    this.state.fillStyle = value;
  }
  get strokeStyle(): unknown {
    return this.state.strokeStyle;
  }
  set strokeStyle(value: unknown) {
    this.state.strokeStyle = value;
  }
  get lineWidth(): number {
    return this.state.lineWidth;
  }
  set lineWidth(value: number) {
    this.state.lineWidth = value;
  }
  get globalAlpha(): number {
    return this.state.globalAlpha;
  }
  set globalAlpha(value: number) {
    this.state.globalAlpha = value;
  }
  setLineDash(dash: number[]): void {
    this.state.dash = [...dash];
  }
  save(): void {
    this.stack.push({ ...this.state });
  }
  restore(): void {
    const top = this.stack.pop();
    if (top) this.state = top;
  }
  beginPath(): void {
    this.parts = [];
  }
  moveTo(x: number, y: number): void {
    this.parts.push({ kind: 'poly', points: [[x, y]], closed: false });
  }
  lineTo(x: number, y: number): void {
    const last = this.parts.at(-1);
    if (last?.kind === 'poly' && !last.closed) last.points.push([x, y]);
    else this.parts.push({ kind: 'poly', points: [[x, y]], closed: false });
  }
  closePath(): void {
    const last = this.parts.at(-1);
    if (last?.kind === 'poly') last.closed = true;
  }
  /** Full turns only (all the painters draw); the lone point a moveTo left at its start is part of the circle. */
  arc(cx: number, cy: number, r: number, start: number, end: number): void {
    if (Math.abs(end - start - Math.PI * 2) > 1e-9) throw new Error('RecordingContext records full circles only');
    const last = this.parts.at(-1);
    if (last?.kind === 'poly' && last.points.length === 1) this.parts.pop();
    this.parts.push({ kind: 'circle', cx, cy, r });
  }
  rect(x: number, y: number, w: number, h: number): void {
    this.parts.push({
      kind: 'poly',
      points: [
        [x, y],
        [x + w, y],
        [x + w, y + h],
        [x, y + h],
      ],
      closed: true,
    });
  }
  fillRect(x: number, y: number, w: number, h: number): void {
    this.ops.push(
      this.op('fill', [
        {
          kind: 'poly',
          points: [
            [x, y],
            [x + w, y],
            [x + w, y + h],
            [x, y + h],
          ],
          closed: true,
        },
      ]),
    );
  }
  fill(): void {
    this.ops.push(this.op('fill', this.parts));
  }
  stroke(): void {
    this.ops.push(this.op('stroke', this.parts));
  }
  /** A token for the pattern, so a test can tell which fill used it. */
  createPattern(source: unknown, repetition: string): { source: unknown; repetition: string } {
    return { source, repetition };
  }
  fillText(text: string, x: number, y: number): void {
    this.texts.push({ text, x, y, style: String(this.state.fillStyle) });
  }

  /** This fake where the painters want a real context. */
  asContext(): CanvasRenderingContext2D {
    return this as unknown as CanvasRenderingContext2D;
  }

  private op(op: 'fill' | 'stroke', parts: DrawnPart[]): DrawOp {
    const style = op === 'fill' ? this.state.fillStyle : this.state.strokeStyle;
    return {
      op,
      style: String(style),
      lineWidth: this.state.lineWidth,
      dash: [...this.state.dash],
      alpha: this.state.globalAlpha,
      parts: structuredClone(parts),
    };
  }
}
