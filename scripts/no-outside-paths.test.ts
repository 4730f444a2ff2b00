/**
 * Nothing in the repository may point at a path outside it: a person who clones drainscope has only what is
 * tracked here, so a comment citing the spec, domain or style notes of a sibling `shared` folder (the notes the
 * project was started from) sends them nowhere. The contracts live in docs/; cite those.
 * The second check keeps the Markdown that replaced them honest: every relative link resolves to a tracked file,
 * and every `#anchor` into a tracked Markdown file names one of its headings.
 *
 * The patterns are written so that this file does not match them itself.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** A `shared` folder reached through one or more `../`, or its spec, domain or style notes however reached. */
const OUTSIDE = /(?:\.\.\/)+shared\b[^\s)'"`]*|\bshared\/(?:spec|domain|style)\b[^\s)'"`]*/g;

function trackedFiles(): string[] {
  return execFileSync('git', ['ls-files', '-z'], { cwd: ROOT, encoding: 'utf8' }).split('\0').filter(Boolean);
}

/** The text of a tracked file, or null for a binary one (a NUL byte) or one deleted in the working tree. */
function textOf(file: string): string | null {
  const full = path.join(ROOT, file);
  if (!existsSync(full)) return null;
  const bytes = readFileSync(full);
  return bytes.includes(0) ? null : bytes.toString('utf8');
}

/**
 * `file:line: reference` for every reference to a path outside the repository. A relative reference that
 * resolves, from the citing file's folder, to a tracked file is a path inside the repository and is allowed.
 */
function outsideReferences(file: string, text: string, tracked: ReadonlySet<string>): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, index) => {
    for (const match of line.matchAll(OUTSIDE)) {
      const reference = match[0];
      const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), reference));
      if (reference.startsWith('..') && !resolved.startsWith('..') && tracked.has(resolved)) continue;
      found.push(`${file}:${index + 1}: ${reference}`);
    }
  });
  return found;
}

/** GitHub's heading anchor: lower case, punctuation dropped, spaces to hyphens. */
function headingAnchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let inFence = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) inFence = !inFence;
    const heading = inFence ? null : /^#{1,6}\s+(.*)$/.exec(line);
    if (heading?.[1] !== undefined) anchors.add(headingAnchor(heading[1]));
  }
  return anchors;
}

const LINK = /\]\(([^)\s]+)\)/g;

/** `file: target` for every relative link that leads to no tracked file or to a missing heading. */
function brokenLinks(
  file: string,
  markdown: string,
  tracked: ReadonlySet<string>,
  read: (file: string) => string | null,
): string[] {
  const broken: string[] = [];
  for (const match of markdown.matchAll(LINK)) {
    const target = match[1] ?? '';
    if (/^[a-z][a-z0-9+.-]*:/i.test(target)) continue;
    const [pathPart = '', anchor] = target.split('#');
    const resolved =
      pathPart === ''
        ? file
        : path.posix.normalize(path.posix.join(path.posix.dirname(file), pathPart)).replace(/\/$/, '');
    const exists = tracked.has(resolved) || [...tracked].some((other) => other.startsWith(`${resolved}/`));
    if (resolved.startsWith('..') || !exists) {
      broken.push(`${file}: ${target}`);
      continue;
    }
    if (anchor === undefined || !resolved.endsWith('.md')) continue;
    const text = read(resolved);
    if (text === null || !anchorsOf(text).has(anchor)) broken.push(`${file}: ${target} (no such heading)`);
  }
  return broken;
}

describe('references stay inside the repository', () => {
  const files = trackedFiles();
  const tracked = new Set(files);

  it('the detector finds citations of the sibling folder and its notes, and lets paths inside the repository be', () => {
    const none = new Set<string>();
    // Assembled from pieces so that this file's own source holds no such path.
    const up = '..';
    const shared = 'shared';
    expect(
      outsideReferences(
        'lib/recording/types.ts',
        ` * The recording format (${up}/${shared}/spec/recording.md), as typed values.`,
        none,
      ),
    ).toEqual([`lib/recording/types.ts:1: ${up}/${shared}/spec/recording.md`]);
    expect(
      outsideReferences('server/sim/recorder.ts', `a\nlines (${up}/${up}/${shared}/domain/termination.md) as`, none),
    ).toEqual([`server/sim/recorder.ts:2: ${up}/${up}/${shared}/domain/termination.md`]);
    expect(
      outsideReferences('app/route.ts', `// The analysis JSON (${shared}/spec/analysis.md) of what is live`, none),
    ).toHaveLength(1);
    expect(outsideReferences('eslint.config.mjs', `// see /work/${shared}/style.md`, none)).toHaveLength(1);
    expect(
      outsideReferences(
        'lib/recording/types.ts',
        ' * The recording format (docs/recording-format.md), as typed values.',
        none,
      ),
    ).toEqual([]);
    expect(
      outsideReferences('lib/a/b.ts', `import { x } from '${up}/${shared}/x';`, new Set([`lib/${shared}/x`])),
    ).toEqual([]);
  });

  it('no tracked file refers to a sibling shared folder or its spec, domain or style notes', () => {
    const found = files.flatMap((file) => {
      const text = textOf(file);
      return text === null ? [] : outsideReferences(file, text, tracked);
    });
    expect(found).toEqual([]);
  });

  it('the link check finds a missing file, a path out of the repository and a missing heading', () => {
    const docs = new Map([['docs/a.md', '# A\n## The gaps\n```\n# not a heading\n```\n']]);
    const read = (file: string) => docs.get(file) ?? null;
    const known = new Set(['docs/a.md', 'README.md']);
    expect(
      brokenLinks('docs/b.md', '[a](a.md#the-gaps) [r](../README.md) [w](https://example.com/x.md)', known, read),
    ).toEqual([]);
    expect(brokenLinks('docs/b.md', '[x](missing.md)', known, read)).toEqual(['docs/b.md: missing.md']);
    expect(brokenLinks('docs/b.md', '[x](../../outside.md)', known, read)).toEqual(['docs/b.md: ../../outside.md']);
    expect(brokenLinks('docs/b.md', '[x](a.md#not-a-heading)', known, read)).toEqual([
      'docs/b.md: a.md#not-a-heading (no such heading)',
    ]);
    expect(headingAnchor('The watch-blind rule')).toBe('the-watch-blind-rule');
    expect(headingAnchor('Exit status of `drainscope analyze`')).toBe('exit-status-of-drainscope-analyze');
  });

  it('every relative link in a tracked Markdown file leads to a tracked file (and heading)', () => {
    const broken = files
      .filter((file) => file.endsWith('.md'))
      .flatMap((file) => brokenLinks(file, textOf(file) ?? '', tracked, textOf));
    expect(broken).toEqual([]);
  });
});
