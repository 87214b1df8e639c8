import { Button, type ButtonProps } from '@mantine/core';
import { useRef } from 'react';
import { useAppStore, usePageStore } from '../../stores/context';

/**
 * "Open bundle…": a file chooser for .fdpbundle files (the browser preview host has no File menu; Electron
 * also has File → Open…). The chosen run opens on Results.
 */
export function OpenBundleButton(props: { size?: ButtonProps['size']; variant?: ButtonProps['variant'] }) {
  const input = useRef<HTMLInputElement>(null);
  const openBundle = usePageStore('results', (s) => s.openBundle);
  const busy = usePageStore(
    'results',
    (s) => s.bundleOpen.status === 'sending' || s.bundleOpen.status === 'checking',
  );
  const setPage = useAppStore((s) => s.setPage);

  return (
    <>
      <input
        ref={input}
        type="file"
        accept=".fdpbundle"
        hidden
        aria-label="Run bundle file to open"
        data-testid="bundle-file-input"
        onChange={(e) => {
          const file = e.currentTarget.files?.[0];
          // Cleared at once, so choosing the same file again (after fixing it) opens it again.
          e.currentTarget.value = '';
          if (!file) return;
          setPage('results');
          void openBundle(file);
        }}
      />
      <Button
        size={props.size ?? 'sm'}
        variant={props.variant ?? 'default'}
        loading={busy}
        onClick={() => input.current?.click()}
        data-testid="open-bundle"
      >
        Open bundle…
      </Button>
    </>
  );
}
