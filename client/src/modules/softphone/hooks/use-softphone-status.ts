import { useQuery } from '@tanstack/react-query';
import { getSoftphoneStatus } from '../api/softphone.api';

/** Whether this install has the browser softphone (Twilio's API key and TwiML app): changes only with a restart. */
export const useSoftphoneStatus = () => useQuery({ queryKey: ['softphone'], queryFn: ({ signal }) => getSoftphoneStatus(signal), staleTime: Infinity, retry: 1 });
