import { useQuery } from '@tanstack/react-query';
import { fetchMeta } from '../api/meta.api';

/** The server's meta, fetched once per page load (it changes only with a restart). */
export const useMeta = () => useQuery({ queryKey: ['meta'], queryFn: fetchMeta, staleTime: Infinity, retry: 1 });
