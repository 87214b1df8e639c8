import type { OpenedBundle } from '../../shared/contract/bundles';
import { isAppError, type AppErrorData } from '../../shared/contract/errors';

/** The filter of the File → Open… dialog: run bundles only. */
export const BUNDLE_DIALOG_FILTERS = [{ name: 'Run bundles', extensions: ['fdpbundle'] }];

export interface OpenBundleFromDialogDeps {
  /** the native dialog; null when the user cancelled */
  choose: () => Promise<string | null>;
  open: (path: string) => Promise<OpenedBundle>;
  /** tells the windows (the `bundle.opened` event) to show the run, or why it was refused */
  announce: (outcome: { file: string; opened: OpenedBundle | null; error: AppErrorData | null }) => void;
}

const fileName = (path: string): string => path.split(/[\\/]/).pop() ?? path;

/**
 * File → Open…: the chosen file is opened by the same service as `bundles.open`, and the outcome is pushed
 * to the renderer, which shows the run on Results or the refusal (what is wrong, what to do).
 */
export async function openBundleFromDialog(deps: OpenBundleFromDialogDeps): Promise<void> {
  const path = await deps.choose();
  if (path === null) return;
  try {
    deps.announce({ file: fileName(path), opened: await deps.open(path), error: null });
  } catch (e) {
    const error: AppErrorData = isAppError(e)
      ? e.toData()
      : {
          code: 'INTERNAL',
          message: `${fileName(path)} could not be opened (${(e as Error).message}).`,
          hint: 'The details are in the log file.',
        };
    deps.announce({ file: fileName(path), opened: null, error });
  }
}
