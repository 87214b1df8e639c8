import { createStore, type StoreApi } from 'zustand/vanilla';
import type { PageStoreDeps } from './page-store-deps';
import { unavailable, type Resource } from './resource';

/** A workbook waiting in Files/import of the lakehouse. */
export interface WorkbookListing {
  name: string;
  sizeBytes: number;
  modifiedAt: string;
}

export interface ImportState {
  workbooks: Resource<WorkbookListing[]>;
}

export type ImportStore = StoreApi<ImportState>;

// Listing and uploading workbooks needs the lakehouse files channel; until it exists the page shows its
// empty state with the upload action disabled.
export function createImportStore(_deps: PageStoreDeps): ImportStore {
  return createStore<ImportState>()(() => ({
    workbooks: unavailable('Listing and uploading workbooks is not available in this version yet.'),
  }));
}
