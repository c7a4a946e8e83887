import 'i18next';
import type { abcEn } from './abc.en';
import type { adminEn } from './admin.en';
import type { auditEn } from './audit.en';
import type { campaignsEn } from './campaigns.en';
import type { coachingEn } from './coaching.en';
import type { deskEn } from './desk.en';
import type { dncEn } from './dnc.en';
import type { dispositionsEn } from './dispositions.en';
import type { duplicatesEn } from './duplicates.en';
import type { en } from './en';
import type { importsEn } from './imports.en';
import type { leadsEn } from './leads.en';
import type { messagingEn } from './messaging.en';
import type { tasksEn } from './tasks.en';
import type { organizationsEn } from './organizations.en';
import type { recordingsEn } from './recordings.en';
import type { reportsEn } from './reports.en';
import type { reviewsEn } from './reviews.en';
import type { routingEn } from './routing.en';
import type { segmentsEn } from './segments.en';
import type { softphoneEn } from './softphone.en';
import type { wallboardEn } from './wallboard.en';

// Types t() keys against the English resources, so a missing or misspelled key fails typecheck.
declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation';
    resources: { translation: typeof en; abc: typeof abcEn; reports: typeof reportsEn; admin: typeof adminEn; audit: typeof auditEn; routing: typeof routingEn; wallboard: typeof wallboardEn; desk: typeof deskEn; dispositions: typeof dispositionsEn; leads: typeof leadsEn; imports: typeof importsEn; organizations: typeof organizationsEn; duplicates: typeof duplicatesEn; softphone: typeof softphoneEn; dnc: typeof dncEn; campaigns: typeof campaignsEn; coaching: typeof coachingEn; reviews: typeof reviewsEn; recordings: typeof recordingsEn; segments: typeof segmentsEn; messaging: typeof messagingEn; tasks: typeof tasksEn };
  }
}
