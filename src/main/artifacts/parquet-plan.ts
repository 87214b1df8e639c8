// Which row groups a read of rows [offset, offset + limit) touches. parquet-wasm's `offset` skips rows by
// decoding them, so a read that names only the row groups it needs (and an offset inside the first of them)
// decodes at most one group's worth of skipped rows instead of everything before the window.

export interface GroupRead {
  rowGroups: number[];
  /** rows to skip inside the first named group */
  offset: number;
  limit: number;
}

/** The read of one window of rows, given the row count of each row group. */
export function windowRead(groupRows: readonly number[], offset: number, limit: number): GroupRead {
  const rowGroups: number[] = [];
  let start = 0;
  let skip = 0;
  const end = offset + limit;
  for (let g = 0; g < groupRows.length && start < end; g++) {
    const rows = groupRows[g] as number;
    if (start + rows > offset) {
      if (rowGroups.length === 0) skip = offset - start;
      rowGroups.push(g);
    }
    start += rows;
  }
  return { rowGroups, offset: skip, limit: rowGroups.length === 0 ? 0 : limit };
}

/**
 * The reads that decode the whole file in slices of about `sliceRows`: whole row groups gathered up to the
 * slice size (no rows skipped), and a group larger than a slice read in slices of it.
 */
export function sliceReads(groupRows: readonly number[], sliceRows: number): GroupRead[] {
  const reads: GroupRead[] = [];
  let pending: number[] = [];
  let pendingRows = 0;
  const flush = (): void => {
    if (pending.length > 0) reads.push({ rowGroups: pending, offset: 0, limit: pendingRows });
    pending = [];
    pendingRows = 0;
  };
  groupRows.forEach((rows, g) => {
    if (rows > sliceRows) {
      flush();
      for (let at = 0; at < rows; at += sliceRows)
        reads.push({ rowGroups: [g], offset: at, limit: Math.min(sliceRows, rows - at) });
      return;
    }
    if (pendingRows + rows > sliceRows) flush();
    pending.push(g);
    pendingRows += rows;
  });
  flush();
  return reads;
}
