import { describe, expect, it } from 'vitest';
import { terminalSafe } from './text';

describe('terminalSafe', () => {
  it('shows ANSI escapes and other control characters as visible text instead of sending them to the terminal', () => {
    expect(terminalSafe('evil\u001b[2J\u001b]0;owned\u0007name\r\n')).toBe(
      'evil\\x1b[2J\\x1b]0;owned\\x07name\\x0d\\x0a',
    );
  });

  it('leaves ordinary and non-ASCII text alone', () => {
    expect(terminalSafe('web-7d9c-x2x <img onerror=x> café')).toBe('web-7d9c-x2x <img onerror=x> café');
  });
});
