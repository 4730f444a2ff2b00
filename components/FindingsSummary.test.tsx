import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ScopedFinding } from '@/lib/view/finding-scope';
import { FindingCard } from './FindingCard';
import { FindingsSummary } from './FindingsSummary';

const T = Date.UTC(2026, 0, 2, 4, 25, 10);
const FIX = 'spec:\n  template:\n    spec:\n      terminationGracePeriodSeconds: 45\n';
const noop = () => undefined;

function finding(overrides: Partial<ScopedFinding> = {}): ScopedFinding {
  return {
    kind: 'preStopCutByGraceDeadlineTooShort' as ScopedFinding['kind'],
    severity: 'critical',
    workload: { kind: 'Deployment', name: 'web' },
    pods: ['a', 'b'],
    allPods: 18,
    terminated: { startMs: T, endMs: T + 112_000 },
    message: 'm',
    fix: FIX,
    ...overrides,
  };
}

describe('FindingsSummary', () => {
  it('shows each finding with its pods in scope, their time and the fix with a copy button', () => {
    const page = renderToStaticMarkup(<FindingsSummary findings={[finding()]} focus={null} onFocus={noop} />);
    expect(page).toContain('2 pods of 18');
    expect(page).toContain('terminated 04:25:10–04:27:02 UTC');
    expect(page).toContain('data-testid="copy-fix"');
    expect(page).toContain('terminationGracePeriodSeconds: 45');
    // A long kind is cut with an ellipsis (and named whole in its title); the count never is.
    expect(page).toMatch(/class="min-w-0 truncate font-mono font-semibold" title="preStopCutByGraceDeadlineTooShort"/);
    expect(page).toMatch(/class="ml-auto shrink-0 whitespace-nowrap[^"]*"[^>]*>2 pods of 18</);
    // The copy button is not inside the focus button (a button in a button is not valid HTML).
    expect(page).not.toMatch(/data-testid="finding-summary-item"[^]*?data-testid="copy-fix"[^]*?<\/button><\/button>/);
  });

  it('says "1 pod" when the scope holds all of them, and nothing about time it does not know', () => {
    const page = renderToStaticMarkup(
      <FindingsSummary
        findings={[finding({ pods: ['a'], allPods: 1, terminated: null })]}
        focus={null}
        onFocus={noop}
      />,
    );
    expect(page).toMatch(/>1 pod</);
    expect(page).not.toContain('finding-time');
  });

  it('lists and counts nothing while the live seed is still arriving: the pods in scope are not all in', () => {
    const page = renderToStaticMarkup(<FindingsSummary findings={[finding()]} focus={null} onFocus={noop} loading />);
    expect(page).toContain('data-loading="true"');
    expect(page).toContain('Counted once every pod is in');
    expect(page).not.toContain('data-testid="finding-summary-item"');
    expect(page).not.toContain('2 pods');
  });

  it('says when nothing in view has a finding', () => {
    expect(renderToStaticMarkup(<FindingsSummary findings={[]} focus={null} onFocus={noop} />)).toContain(
      'No findings here',
    );
  });
});

describe('FindingCard', () => {
  it('offers to copy the fix', () => {
    const page = renderToStaticMarkup(<FindingCard finding={finding()} showFix />);
    expect(page).toContain('data-testid="copy-fix"');
    expect(page).toContain('>Copy<');
  });
});
