import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import {
  actOnMailing,
  addOptOut,
  createMailing,
  createTemplate,
  deleteTemplate,
  getBirthdaySettings,
  getChannelStatus,
  getMailing,
  listClientMessages,
  listMailings,
  listOptOuts,
  listPlaceholders,
  listRecipients,
  listTemplates,
  previewTemplate,
  putBirthdaySettings,
  removeOptOut,
  sendClientMessage,
  updateTemplate,
} from '../api/messaging.api';
import type { BirthdaySettings, MailingAction, MailingInput, OptOutInput, OptOutQuery, RecipientQuery, SendMessageInput, TemplateInput, TemplateQuery } from '../api/messaging.types';

/** How often a running mailing is read again for its progress. */
export const MAILING_POLL_MS = 2_000;

const keys = {
  status: ['messaging', 'status'] as const,
  templates: ['message-templates'] as const,
  placeholders: ['message-templates', 'placeholders'] as const,
  clientMessages: (clientId: number) => ['client-messages', clientId] as const,
  mailings: ['mailings'] as const,
  optOuts: ['optouts'] as const,
  birthday: ['messaging', 'birthday'] as const,
};

/** Which channels the server can send on (SMTP, Twilio); the others are shown disabled. */
export function useChannelStatus() {
  return useQuery({ queryKey: keys.status, queryFn: ({ signal }) => getChannelStatus(signal), staleTime: 60_000 });
}

export function useTemplates(query: TemplateQuery = {}) {
  return useQuery({ queryKey: [...keys.templates, 'list', query], queryFn: ({ signal }) => listTemplates(query, signal) });
}

export function usePlaceholders() {
  return useQuery({ queryKey: keys.placeholders, queryFn: ({ signal }) => listPlaceholders(signal), staleTime: Infinity });
}

/** A template's text for one client, as it would be sent; off until both are chosen. */
export function useTemplatePreview(templateId: number | null, clientId: number | null) {
  return useQuery({
    queryKey: [...keys.templates, 'preview', templateId, clientId],
    queryFn: ({ signal }) => previewTemplate(templateId!, clientId!, signal),
    enabled: templateId !== null && clientId !== null,
    placeholderData: keepPreviousData,
  });
}

function useInvalidate(...roots: (readonly unknown[])[]) {
  const queryClient = useQueryClient();
  return { onSettled: () => Promise.all(roots.map((queryKey) => queryClient.invalidateQueries({ queryKey }))) };
}

export function useSaveTemplate() {
  const invalidate = useInvalidate(keys.templates);
  return useMutation({ mutationFn: ({ id, input }: { id: number | null; input: TemplateInput }) => (id === null ? createTemplate(input) : updateTemplate(id, { name: input.name, purpose: input.purpose, texts: input.texts })), ...invalidate });
}

export function useDeleteTemplate() {
  return useMutation({ mutationFn: (id: number) => deleteTemplate(id), ...useInvalidate(keys.templates) });
}

export function useClientMessages(clientId: number, page: { limit: number; offset: number }) {
  return useQuery({ queryKey: [...keys.clientMessages(clientId), page], queryFn: ({ signal }) => listClientMessages(clientId, page, signal), placeholderData: keepPreviousData });
}

export function useSendMessage(clientId: number) {
  return useMutation({ mutationFn: (input: SendMessageInput) => sendClientMessage(clientId, input), ...useInvalidate(keys.clientMessages(clientId)) });
}

/** Mailings, read again every 2 s while one of them runs. */
export function useMailings() {
  return useQuery({
    queryKey: [...keys.mailings, 'list'],
    queryFn: ({ signal }) => listMailings(signal),
    refetchInterval: (q) => (q.state.data?.items.some((m) => m.state === 'running') ? MAILING_POLL_MS : false),
  });
}

/** One mailing, read again every 2 s while it runs. */
export function useMailing(id: number) {
  return useQuery({
    queryKey: [...keys.mailings, 'one', id],
    queryFn: ({ signal }) => getMailing(id, signal),
    refetchInterval: (q) => (q.state.data?.state === 'running' ? MAILING_POLL_MS : false),
  });
}

export function useRecipients(id: number, query: RecipientQuery, running: boolean) {
  return useQuery({
    queryKey: [...keys.mailings, 'recipients', id, query],
    queryFn: ({ signal }) => listRecipients(id, query, signal),
    placeholderData: keepPreviousData,
    refetchInterval: running ? MAILING_POLL_MS : false,
  });
}

export function useCreateMailing() {
  return useMutation({ mutationFn: (input: MailingInput) => createMailing(input), ...useInvalidate(keys.mailings) });
}

export function useMailingAction() {
  return useMutation({ mutationFn: ({ id, action }: { id: number; action: MailingAction }) => actOnMailing(id, action), ...useInvalidate(keys.mailings) });
}

export function useOptOuts(query: OptOutQuery) {
  return useQuery({ queryKey: [...keys.optOuts, query], queryFn: ({ signal }) => listOptOuts(query, signal), placeholderData: keepPreviousData });
}

export function useAddOptOut() {
  return useMutation({ mutationFn: (input: OptOutInput) => addOptOut(input), ...useInvalidate(keys.optOuts) });
}

export function useRemoveOptOut() {
  return useMutation({ mutationFn: (id: number) => removeOptOut(id), ...useInvalidate(keys.optOuts) });
}

export function useBirthdaySettings() {
  return useQuery({ queryKey: keys.birthday, queryFn: ({ signal }) => getBirthdaySettings(signal) });
}

export function useSaveBirthdaySettings() {
  const queryClient = useQueryClient();
  return useMutation({ mutationFn: (s: BirthdaySettings) => putBirthdaySettings(s), onSuccess: (s) => queryClient.setQueryData(keys.birthday, s) });
}
