import { AppShell } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { usePageShortcuts } from '../../keyboard/use-page-shortcuts';
import { PAGE_META } from '../../pages/page-meta';
import { PageView } from '../../pages/PageView';
import { useAppStore } from '../../stores/context';
import { ErrorBoundary } from '../ErrorBoundary';
import { AppHeader } from './AppHeader';
import { NavFooter } from './NavFooter';
import { OfflineBanner } from './OfflineBanner';
import { PageNav } from './PageNav';
import { SkipLink } from './SkipLink';

export function AppLayout() {
  const page = useAppStore((s) => s.page);
  const [navOpened, { toggle: toggleNav, close: closeNav }] = useDisclosure(false);
  const { label } = PAGE_META[page];
  usePageShortcuts();
  useDocumentTitle(`${label} · Fabric Data Portal`);

  return (
    <>
      <SkipLink />
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 232, breakpoint: 'sm', collapsed: { mobile: !navOpened } }}
        padding="xl"
      >
        <AppShell.Header>
          <AppHeader navOpened={navOpened} onToggleNav={toggleNav} />
        </AppShell.Header>
        <AppShell.Navbar p="sm" aria-label="Pages">
          <AppShell.Section grow>
            <PageNav onNavigate={closeNav} />
          </AppShell.Section>
          <AppShell.Section>
            <NavFooter />
          </AppShell.Section>
        </AppShell.Navbar>
        <AppShell.Main id="main-content" tabIndex={-1} data-page={page}>
          <OfflineBanner />
          {/* Keyed by page: an error on one page is forgotten when the user moves to another. */}
          <ErrorBoundary key={page} scope={`the ${label} page`}>
            <PageView page={page} />
          </ErrorBoundary>
        </AppShell.Main>
      </AppShell>
    </>
  );
}
