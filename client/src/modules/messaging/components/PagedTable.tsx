import type { UseQueryResult } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { Page } from '../../../app/api-client';
import { Alert } from '../../../ui/Alert';
import { EmptyState } from '../../../ui/EmptyState';
import { Pagination } from '../../../ui/Pagination';
import { Spinner } from '../../../ui/Spinner';
import { useMessagingErrorText } from './use-messaging-error-text';

export type PagedTableProps<T> = {
  query: UseQueryResult<Page<T>>;
  label: string;
  /** What an empty page says. */
  empty: string;
  /** The column titles: the labels phones show beside each cell too. */
  columns: readonly ReactNode[];
  row: (item: T) => ReactNode;
  page: number;
  pageSize: number;
  onPageChange: (page: number) => void;
};

/** A page of a list as a table (cards on a phone): loading, the error, "nothing here", the rows dimmed while the next page comes. */
export function PagedTable<T>({ query, label, empty, columns, row, page, pageSize, onPageChange }: PagedTableProps<T>) {
  const errorText = useMessagingErrorText();
  if (query.isPending) return <Spinner />;
  if (query.isError && !query.data) return <Alert>{errorText(query.error)}</Alert>;
  const items = query.data?.items ?? [];
  if (items.length === 0) return <EmptyState title={empty} />;
  return (
    <>
      <div className={`table-wrap ${query.isPlaceholderData ? 'is-stale' : ''}`}>
        <table className="table msg-table" aria-label={label}>
          <thead>
            <tr>
              {columns.map((c, i) => (
                <th key={i} scope="col">
                  {c}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>{items.map(row)}</tbody>
        </table>
      </div>
      <Pagination page={page} pageSize={pageSize} total={query.data?.total ?? 0} onPageChange={onPageChange} busy={query.isPlaceholderData} />
    </>
  );
}
