import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { Alert } from '../../../ui/Alert';
import { formatPhone } from '../../../ui/format-phone';
import { getClient } from '../api/clients.api';
import type { DuplicatePhoneDetails } from '../api/client.types';
import { clientKeys } from '../hooks/client-keys';

export type DuplicatePhoneAlertProps = { duplicate: DuplicatePhoneDetails };

/** "This number belongs to another client", with a link to that client (named once it is loaded). */
export function DuplicatePhoneAlert({ duplicate }: DuplicatePhoneAlertProps) {
  const { t } = useTranslation();
  const other = useQuery({
    queryKey: clientKeys.detail(duplicate.clientId),
    queryFn: ({ signal }) => getClient(duplicate.clientId, signal),
    retry: false,
  });
  return (
    <Alert tone="error">
      <p>{t('errors.duplicatePhone', { phone: formatPhone(duplicate.phone) })}</p>
      <Link className="alert-link" to={`/clients/${duplicate.clientId}`} data-testid="duplicate-client-link">
        {other.data ? t('errors.openDuplicate', { name: other.data.name }) : t('errors.openDuplicateFallback')} →
      </Link>
    </Alert>
  );
}
