import { NavLink, Stack, Text } from '@mantine/core';
import { PAGES } from '../../../../shared/contract/ui-values';
import { ariaShortcut, currentPlatform, modifierLabel } from '../../keyboard/shortcut-label';
import { PAGE_META, pageShortcutDigit } from '../../pages/page-meta';
import { useAppStore } from '../../stores/context';

/** The six pages as links; the active one carries aria-current="page". */
export function PageNav({ onNavigate }: { onNavigate: () => void }) {
  const page = useAppStore((s) => s.page);
  const setPage = useAppStore((s) => s.setPage);
  const platform = currentPlatform();
  const mod = modifierLabel(platform);

  return (
    <Stack gap={4}>
      {PAGES.map((p) => {
        const { label, icon: Icon } = PAGE_META[p];
        const digit = pageShortcutDigit(p);
        const active = p === page;
        return (
          <NavLink
            key={p}
            href={`#${p}`}
            label={label}
            active={active}
            variant="light"
            aria-current={active ? 'page' : undefined}
            aria-keyshortcuts={ariaShortcut(platform, digit)}
            data-testid={`nav-${p}`}
            leftSection={<Icon size={20} />}
            rightSection={
              <Text size="xs" c="dimmed" aria-hidden="true">
                {mod}+{digit}
              </Text>
            }
            fw={active ? 600 : 500}
            onClick={(e) => {
              // Links for semantics and middle-click safety, but navigation stays in the store.
              e.preventDefault();
              setPage(p);
              onNavigate();
            }}
          />
        );
      })}
    </Stack>
  );
}
