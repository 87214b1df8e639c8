import { createElement, type ReactElement } from 'react';
import { describe, expect, it } from 'vitest';
import { ErrorBoundary } from '../../../src/renderer/src/components/ErrorBoundary';
import { renderMarkup } from './render';

// Server rendering never catches errors, so the fallback is rendered from the state React would derive.
function fallbackFor(error: Error, scope = 'the Results page'): string {
  const boundary = new ErrorBoundary({ scope, children: null });
  boundary.state = {
    ...boundary.state,
    ...ErrorBoundary.getDerivedStateFromError(error),
    componentStack: '\n  at ResultsPage',
  };
  return renderMarkup(boundary.render() as ReactElement);
}

describe('ErrorBoundary', () => {
  it('renders its children while nothing has failed', () => {
    const html = renderMarkup(
      createElement(ErrorBoundary, { scope: 'x', children: createElement('p', null, 'page content') }),
    );
    expect(html).toContain('page content');
    expect(html).not.toContain('role="alert"');
  });

  it('replaces a failed page with a plain-words alert, the error message and copy/try-again actions', () => {
    const html = fallbackFor(new Error('Cannot read properties of undefined'));
    expect(html).toContain('role="alert"');
    expect(html).toContain('Something went wrong in the Results page');
    expect(html).toContain('Your data is safe');
    expect(html).toContain('Cannot read properties of undefined');
    expect(html).toContain('Copy details');
    expect(html).toContain('Try again');
  });

  it('turns a thrown non-Error into an Error, so the details always have a message', () => {
    const state = ErrorBoundary.getDerivedStateFromError('just a string');
    expect(state.error).toBeInstanceOf(Error);
    expect(state.error?.message).toBe('just a string');
    expect(Number.isNaN(Date.parse(state.at ?? ''))).toBe(false);
  });
});
