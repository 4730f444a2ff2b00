import { brandError, hasErrorBrand } from '../cross-bundle';

/**
 * The one error type the recording reader throws for bad input. The message is written for the person who
 * handed drainscope the file: it names the line and says what is wrong in plain words.
 */
export class RecordingError extends Error {
  static override [Symbol.hasInstance](value: unknown): boolean {
    return hasErrorBrand(value, 'RecordingError');
  }

  /**
   * 1-based line the problem is on, or the line the message names (gzip cut "after line 8": 8); null only when
   * the message names none (an empty file). Callers put it in their own field (the import API's `line`), so a
   * message that names a line always comes with it.
   */
  readonly line: number | null;
  /** The message without the `line N: ` prefix, for a list that shows the line number in its own column. */
  readonly problem: string;

  /** `named`: `problem` already says where (`after line 8`), so the message gets no `line N: ` prefix. */
  constructor(line: number | null, problem: string, options: { named?: boolean } = {}) {
    super(line === null || options.named ? problem : `line ${line}: ${problem}`);
    this.name = 'RecordingError';
    brandError(this, 'RecordingError');
    this.line = line;
    this.problem = problem;
  }
}
