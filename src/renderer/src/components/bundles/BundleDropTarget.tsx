import { Paper, Portal, Stack, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { pickBundle } from '../../pages/results/bundle-file';
import { useAppStore, usePageStore } from '../../stores/context';
import './bundle-drop.css';

const hasFiles = (e: DragEvent): boolean => e.dataTransfer?.types.includes('Files') ?? false;

/**
 * A .fdpbundle dropped anywhere on the window opens on Results. Without this the browser (or Electron) would
 * navigate to the dropped file; the overlay says what a drop will do while files are dragged over the window.
 */
export function BundleDropTarget() {
  const [dragging, setDragging] = useState(false);
  const openBundle = usePageStore('results', (s) => s.openBundle);
  const setPage = useAppStore((s) => s.setPage);

  useEffect(() => {
    let depth = 0;
    const enter = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      depth += 1;
      setDragging(true);
    };
    const leave = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const over = (e: DragEvent): void => {
      if (!hasFiles(e)) return;
      e.preventDefault();
      if (e.dataTransfer) e.dataTransfer.dropEffect = 'copy';
    };
    const drop = (e: DragEvent): void => {
      const files = [...(e.dataTransfer?.files ?? [])];
      if (files.length === 0) return;
      e.preventDefault();
      depth = 0;
      setDragging(false);
      const file = pickBundle(files);
      if (!file) return;
      setPage('results');
      void openBundle(file);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragleave', leave);
    window.addEventListener('dragover', over);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('dragover', over);
      window.removeEventListener('drop', drop);
    };
  }, [openBundle, setPage]);

  if (!dragging) return null;
  return (
    <Portal>
      <div className="bundle-drop-overlay" data-testid="bundle-drop-overlay" aria-live="polite">
        <Paper p="xl" shadow="lg" withBorder>
          <Stack gap={4} align="center">
            <Text fw={600} size="lg">
              Drop a run bundle to open it
            </Text>
            <Text c="dimmed" size="sm">
              .fdpbundle files open read-only on the Results page
            </Text>
          </Stack>
        </Paper>
      </div>
    </Portal>
  );
}
