import { apiRequest, type Page } from '../../../app/api-client';
import type {
  BirthdaySettings,
  ChannelStatus,
  Mailing,
  MailingAction,
  MailingInput,
  MailingRecipient,
  Message,
  MessageTemplate,
  OptOut,
  OptOutAdded,
  OptOutInput,
  OptOutQuery,
  RecipientQuery,
  SendMessageInput,
  TemplateInput,
  TemplatePatch,
  TemplatePreview,
  TemplateQuery,
} from './messaging.types';

export const getChannelStatus = (signal?: AbortSignal) => apiRequest<ChannelStatus>('/messaging/status', { signal });

export const listTemplates = (query: TemplateQuery, signal?: AbortSignal) => apiRequest<{ items: MessageTemplate[] }>('/message-templates', { query, signal });
export const listPlaceholders = (signal?: AbortSignal) => apiRequest<string[]>('/message-templates/placeholders', { signal });
export const createTemplate = (input: TemplateInput) => apiRequest<MessageTemplate>('/message-templates', { method: 'POST', body: input });
export const updateTemplate = (id: number, patch: TemplatePatch) => apiRequest<MessageTemplate>(`/message-templates/${id}`, { method: 'PATCH', body: patch });
export const deleteTemplate = (id: number) => apiRequest<void>(`/message-templates/${id}`, { method: 'DELETE' });
export const previewTemplate = (id: number, clientId: number, signal?: AbortSignal) => apiRequest<TemplatePreview>(`/message-templates/${id}/preview`, { query: { clientId }, signal });

export const listClientMessages = (clientId: number, query: { limit: number; offset: number }, signal?: AbortSignal) => apiRequest<Page<Message>>(`/clients/${clientId}/messages`, { query, signal });
export const sendClientMessage = (clientId: number, input: SendMessageInput) => apiRequest<Message>(`/clients/${clientId}/messages`, { method: 'POST', body: input });

export const listMailings = (signal?: AbortSignal) => apiRequest<{ items: Mailing[] }>('/mailings', { signal });
export const getMailing = (id: number, signal?: AbortSignal) => apiRequest<Mailing>(`/mailings/${id}`, { signal });
export const createMailing = (input: MailingInput) => apiRequest<Mailing>('/mailings', { method: 'POST', body: input });
export const actOnMailing = (id: number, action: MailingAction) => apiRequest<Mailing>(`/mailings/${id}/${action}`, { method: 'POST' });
export const listRecipients = (id: number, query: RecipientQuery, signal?: AbortSignal) => apiRequest<Page<MailingRecipient>>(`/mailings/${id}/recipients`, { query, signal });

export const listOptOuts = (query: OptOutQuery, signal?: AbortSignal) => apiRequest<Page<OptOut>>('/optouts', { query, signal });
export const addOptOut = (input: OptOutInput) => apiRequest<OptOutAdded>('/optouts', { method: 'POST', body: input });
export const removeOptOut = (id: number) => apiRequest<void>(`/optouts/${id}`, { method: 'DELETE' });

export const getBirthdaySettings = (signal?: AbortSignal) => apiRequest<BirthdaySettings>('/messaging/birthday', { signal });
export const putBirthdaySettings = (settings: BirthdaySettings) => apiRequest<BirthdaySettings>('/messaging/birthday', { method: 'PUT', body: settings });
