import type { OpenedBundle } from '../../../shared/contract/bundles';
import type { Result } from '../../../shared/contract/result';
import { toBase64 } from '../pages/import/workbook-file';
import type { Portal } from '../portal';
import { invokeSafely } from './invoke';

/**
 * Opens a bundle the user dropped or chose. Electron resolves the File to its path and main reads it there;
 * the browser preview host has no paths, so the bytes go to main in ordered chunks first. Either way main
 * checks the whole bundle before anything is imported. `onProgress(bytesSent)` follows the upload.
 */
export async function openBundleFile(
  portal: Portal,
  file: File,
  onProgress: (bytesSent: number) => void,
): Promise<Result<{ runId: string }>> {
  const path = portal.pathForFile?.(file) ?? null;
  if (path !== null) {
    const opened = await invokeSafely(portal, 'bundles.open', { path });
    return opened.ok ? { ok: true, value: { runId: opened.value.runId } } : opened;
  }
  return uploadBundle(portal, file, onProgress);
}

async function uploadBundle(
  portal: Portal,
  file: File,
  onProgress: (bytesSent: number) => void,
): Promise<Result<OpenedBundle>> {
  const begun = await invokeSafely(portal, 'bundles.uploadBegin', { name: file.name, size: file.size });
  if (!begun.ok) return begun;
  const { uploadId, chunkBytes } = begun.value;
  for (let index = 0, offset = 0; offset < file.size; index += 1, offset += chunkBytes) {
    const bytes = new Uint8Array(await file.slice(offset, offset + chunkBytes).arrayBuffer());
    const sent = await invokeSafely(portal, 'bundles.uploadChunk', {
      uploadId,
      index,
      data: toBase64(bytes),
    });
    if (!sent.ok) {
      await invokeSafely(portal, 'bundles.uploadCancel', { uploadId });
      return sent;
    }
    onProgress(sent.value.receivedBytes);
  }
  return invokeSafely(portal, 'bundles.uploadCommit', { uploadId });
}
