import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { HelpDialog } from './HelpDialog';

describe('HelpDialog', () => {
  it('is a native dialog (shown modal in the browser), labelled by its heading, with a Close button', () => {
    const html = renderToStaticMarkup(<HelpDialog onClose={() => undefined} />);
    expect(html).toMatch(/^<dialog [^>]*aria-labelledby="help-title"/);
    expect(html).toContain('<h2 id="help-title"');
    expect(html).toMatch(/<button type="button"[^>]*data-testid="help-close">Close<\/button>/);
    // Rendered closed: only showModal() opens it, which is what makes the page behind it inert.
    expect(html).not.toMatch(/<dialog[^>]* open/);
  });
});
