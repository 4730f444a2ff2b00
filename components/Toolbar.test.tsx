import { createRef } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { ImageExportInput } from '@/lib/view/export/svg-export';
import { DEFAULT_VIEW_STATE } from '@/lib/view/view-state';
import { Toolbar } from './Toolbar';

const noop = () => undefined;

function html(following: boolean): string {
  return renderToStaticMarkup(
    <Toolbar
      view={DEFAULT_VIEW_STATE}
      onChange={noop}
      namespaces={['shop']}
      workloads={['Deployment/web']}
      following={following}
      canFollow
      onFollow={noop}
      onFit={noop}
      searchRef={createRef()}
      exportSource={() => ({}) as ImageExportInput}
    />,
  );
}

describe('Toolbar', () => {
  it('keeps its toggles on one line, the follow button as wide in both states', () => {
    for (const following of [true, false]) {
      const page = html(following);
      const follow = page.match(/<button[^>]*data-testid="follow-live"[^>]*>.*?<\/button>/)?.[0] ?? '';
      expect(follow).toContain('whitespace-nowrap');
      // One fixed minimum width for both labels, so the toolbar does not shift when it flips.
      expect(follow).toContain('min-w-[8.5rem]');
      expect(follow).toContain(following ? '>● Following now</button>' : '>Follow live</button>');
    }
    expect(html(false).match(/<button[^>]*data-testid="align-toggle"[^>]*>/)?.[0]).toContain('whitespace-nowrap');
  });
});
