import { describe, expect, it } from 'vitest';
import { attrs, escapeXml } from './xml';

describe('escapeXml', () => {
  it('escapes markup, so names from the cluster stay text in elements and attributes', () => {
    expect(escapeXml('<img src=x onerror=alert(1)>')).toBe('&lt;img src=x onerror=alert(1)&gt;');
    expect(escapeXml(']]>')).toBe(']]&gt;');
    expect(escapeXml(`a&b "c" 'd'`)).toBe('a&amp;b &quot;c&quot; &apos;d&apos;');
    expect(escapeXml('&amp;')).toBe('&amp;amp;');
  });

  it('replaces what XML 1.0 cannot hold at all, and keeps what it can', () => {
    expect(escapeXml('a\u0000b\u001bc\uFFFE')).toBe('a\uFFFDb\uFFFDc\uFFFD');
    expect(escapeXml('lone \uD800 high, lone \uDC00 low')).toBe('lone \uFFFD high, lone \uFFFD low');
    expect(escapeXml('tab\tnewline\n😀 ünïcode')).toBe('tab\tnewline\n😀 ünïcode');
  });
});

describe('attrs', () => {
  it('quotes and escapes values, rounds numbers, leaves out nulls', () => {
    expect(attrs({ x: 1.23456, title: '"><script>', skip: null, gone: undefined })).toBe(
      ' x="1.23" title="&quot;&gt;&lt;script&gt;"',
    );
  });
});
