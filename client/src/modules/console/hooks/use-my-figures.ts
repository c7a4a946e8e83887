import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { getMyFigures, type MyFiguresWindow } from '../api/my-figures.api';

/** The operator's own figures, read again every two minutes (and when the window changes). */
export const useMyFigures = (window: MyFiguresWindow) =>
  useQuery({ queryKey: ['me', 'figures', window], queryFn: ({ signal }) => getMyFigures(window, signal), refetchInterval: 120_000, staleTime: 30_000, placeholderData: keepPreviousData });
