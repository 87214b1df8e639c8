import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { createIcon } from '../../../../src/renderer/src/components/icons/create-icon';
import * as icons from '../../../../src/renderer/src/components/icons/icons';

// The icons are data (path strings, rectangles, circles) drawn by one factory; the markup must be what the
// hand-written SVG bodies produced before, so nothing on screen moved.

const render = (Icon: (props: { size?: number }) => unknown, size = 16): string =>
  renderToStaticMarkup(createElement(Icon as never, { size }));

const SVG_OPEN =
  '<svg xmlns="http://www.w3.org/2000/svg" width="16" height="16" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">';

describe('icons from shape data', () => {
  it('draws rectangles, circles and paths exactly as the former SVG bodies', () => {
    expect(render(icons.IconLock)).toBe(
      `${SVG_OPEN}<rect x="5" y="11" width="14" height="10" rx="2"></rect><path d="M8 11V7a4 4 0 0 1 8 0v4"></path></svg>`,
    );
    expect(render(icons.IconSettings)).toBe(
      `${SVG_OPEN}<path d="M4 6h8M16 6h4M4 12h2M10 12h10M4 18h11M19 18h1"></path><circle cx="14" cy="6" r="2"></circle><circle cx="8" cy="12" r="2"></circle><circle cx="17" cy="18" r="2"></circle></svg>`,
    );
    // a rectangle without a corner radius has no rx attribute
    expect(render(createIcon('IconBox', [{ rect: [1, 2, 3, 4] }]))).toBe(
      `${SVG_OPEN}<rect x="1" y="2" width="3" height="4"></rect></svg>`,
    );
  });

  it('every icon is decorative, sized by its prop and named for React devtools', () => {
    for (const [name, Icon] of Object.entries(icons)) {
      const markup = render(Icon, 24);
      expect(markup, name).toMatch(/^<svg [^>]*width="24" height="24"[^>]*aria-hidden="true"/);
      expect(markup, name).toMatch(/<(path|rect|circle) /);
      expect(Icon.displayName).toBe(name);
    }
  });

  it('still takes SVG children written as JSX', () => {
    const Icon = createIcon('IconDot', createElement('circle', { cx: 12, cy: 12, r: 1 }));
    expect(render(Icon)).toBe(`${SVG_OPEN}<circle cx="12" cy="12" r="1"></circle></svg>`);
  });
});
