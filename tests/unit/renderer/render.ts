import { MantineProvider } from '@mantine/core';
import { createElement, type ReactElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';

/** Server-renders a component inside the app's Mantine provider, for asserting on the markup it produces. */
export const renderMarkup = (element: ReactElement): string =>
  renderToStaticMarkup(createElement(MantineProvider, { env: 'test' }, element));
