import { useCallback, useMemo } from 'react';
import { useAppStore } from '../../stores/context';
import { prefsPatch, queryFromPrefs, type ArchiveQuery } from './archive-query';

/** The Archive's filters and sort order, read from and written to the remembered page prefs. */
export function useArchiveQuery(): [ArchiveQuery, (patch: Partial<ArchiveQuery>) => void] {
  const prefs = useAppStore((s) => s.prefs.archive);
  const setPref = useAppStore((s) => s.setPref);
  const query = useMemo(() => queryFromPrefs(prefs), [prefs]);
  const update = useCallback(
    (patch: Partial<ArchiveQuery>) => {
      const changes = prefsPatch(query, { ...query, ...patch });
      for (const [key, value] of Object.entries(changes)) setPref('archive', key, value);
    },
    [query, setPref],
  );
  return [query, update];
}
