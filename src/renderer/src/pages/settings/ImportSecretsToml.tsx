import { Button, FileButton, Paper, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState, type DragEvent } from 'react';
import { IconImport } from '../../components/icons/icons';
import { usePageStore } from '../../stores/context';
import type { ProfileFormTarget } from './ProfileFormModal';

// The contract's MAX_SECRETS_TOML_BYTES, repeated as a literal: importing it would pull zod into the initial
// bundle. Main enforces the real limit; this only spares sending a file it would refuse.
const MAX_SECRETS_TOML_BYTES = 64 * 1024;

/** Pick or drop the old portal's .streamlit/secrets.toml; the draft opens in the profile form to review. */
export function ImportSecretsToml({ onDraft }: { onDraft: (target: ProfileFormTarget) => void }) {
  const importToml = usePageStore('settings', (s) => s.importSecretsToml);
  const [busy, setBusy] = useState(false);
  const [over, setOver] = useState(false);

  const read = async (file: File | null): Promise<void> => {
    if (!file) return;
    const fail = (title: string, message: string) => notifications.show({ color: 'red', title, message });
    if (file.size > MAX_SECRETS_TOML_BYTES) {
      fail(
        `${file.name} is too large for a secrets.toml`,
        'Pick the .streamlit/secrets.toml of the old portal.',
      );
      return;
    }
    setBusy(true);
    try {
      const r = await importToml(await file.text());
      if (!r.ok) {
        fail(r.error.message, r.error.hint ?? 'Check the file and try again.');
        return;
      }
      onDraft({
        source: { kind: 'draft', draft: r.value.draft },
        importId: r.value.importId,
        secretsFound: r.value.secretsFound,
        warnings: r.value.warnings,
      });
    } finally {
      setBusy(false);
    }
  };

  const onDrop = (e: DragEvent<HTMLDivElement>): void => {
    e.preventDefault();
    setOver(false);
    void read(e.dataTransfer.files[0] ?? null);
  };

  return (
    <Paper
      withBorder
      p="md"
      radius="md"
      data-testid="secrets-toml-drop"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={onDrop}
      style={{ borderStyle: 'dashed', background: over ? 'var(--mantine-primary-color-light)' : undefined }}
    >
      <Text size="sm" mb="xs">
        Coming from the old Streamlit portal? Drop its <code>.streamlit/secrets.toml</code> here, or pick it.
        You review the profile before anything is saved; secrets found go straight to the keychain.
      </Text>
      <FileButton onChange={(f) => void read(f)} accept=".toml,text/plain">
        {(props) => (
          <Button
            {...props}
            variant="default"
            size="xs"
            loading={busy}
            leftSection={<IconImport size={14} />}
          >
            Import secrets.toml…
          </Button>
        )}
      </FileButton>
    </Paper>
  );
}
