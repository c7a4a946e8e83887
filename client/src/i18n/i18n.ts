import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { abcEn } from './abc.en';
import { abcRu } from './abc.ru';
import { abcUk } from './abc.uk';
import { adminEn } from './admin.en';
import { adminRu } from './admin.ru';
import { adminUk } from './admin.uk';
import { auditEn } from './audit.en';
import { auditRu } from './audit.ru';
import { auditUk } from './audit.uk';
import { campaignsEn } from './campaigns.en';
import { campaignsRu } from './campaigns.ru';
import { campaignsUk } from './campaigns.uk';
import { coachingEn } from './coaching.en';
import { coachingRu } from './coaching.ru';
import { coachingUk } from './coaching.uk';
import { deskEn } from './desk.en';
import { dncEn } from './dnc.en';
import { dncRu } from './dnc.ru';
import { dncUk } from './dnc.uk';
import { dispositionsEn } from './dispositions.en';
import { duplicatesEn } from './duplicates.en';
import { duplicatesRu } from './duplicates.ru';
import { duplicatesUk } from './duplicates.uk';
import { dispositionsRu } from './dispositions.ru';
import { dispositionsUk } from './dispositions.uk';
import { deskRu } from './desk.ru';
import { deskUk } from './desk.uk';
import { en } from './en';
import { routingEn } from './routing.en';
import { routingRu } from './routing.ru';
import { routingUk } from './routing.uk';
import { reportsEn } from './reports.en';
import { reportsRu } from './reports.ru';
import { reportsUk } from './reports.uk';
import { importsEn } from './imports.en';
import { importsRu } from './imports.ru';
import { importsUk } from './imports.uk';
import { leadsEn } from './leads.en';
import { leadsRu } from './leads.ru';
import { leadsUk } from './leads.uk';
import { messagingEn } from './messaging.en';
import { messagingRu } from './messaging.ru';
import { messagingUk } from './messaging.uk';
import { tasksEn } from './tasks.en';
import { tasksRu } from './tasks.ru';
import { tasksUk } from './tasks.uk';
import { organizationsEn } from './organizations.en';
import { organizationsRu } from './organizations.ru';
import { organizationsUk } from './organizations.uk';
import { ru } from './ru';
import { segmentsEn } from './segments.en';
import { segmentsRu } from './segments.ru';
import { segmentsUk } from './segments.uk';
import { reviewsEn } from './reviews.en';
import { reviewsRu } from './reviews.ru';
import { reviewsUk } from './reviews.uk';
import { recordingsEn } from './recordings.en';
import { recordingsRu } from './recordings.ru';
import { recordingsUk } from './recordings.uk';
import { softphoneEn } from './softphone.en';
import { softphoneRu } from './softphone.ru';
import { softphoneUk } from './softphone.uk';
import { uk } from './uk';
import { wallboardEn } from './wallboard.en';
import { wallboardRu } from './wallboard.ru';
import { wallboardUk } from './wallboard.uk';

export const LANGUAGES = ['ru', 'uk', 'en'] as const;
export type Language = (typeof LANGUAGES)[number];

const STORAGE_KEY = 'hotline.language';

export const isLanguage = (value: unknown): value is Language => typeof value === 'string' && (LANGUAGES as readonly string[]).includes(value);

/** The language of a BCP 47 tag we have strings for ("uk-UA" → "uk"), or null. */
function languageOfTag(tag: string): Language | null {
  const base = tag.toLowerCase().split('-')[0];
  return isLanguage(base) ? base : null;
}

/** Before we know the user: the last language chosen in this browser, else the browser's, else Russian. */
function initialLanguage(): Language {
  const stored = readStored();
  if (stored) return stored;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const lang = languageOfTag(tag);
    if (lang) return lang;
  }
  return 'ru';
}

function readStored(): Language | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return isLanguage(value) ? value : null;
  } catch {
    return null; // storage disabled
  }
}

/** Switches the UI language and remembers it in this browser. */
export async function setLanguage(lang: Language): Promise<void> {
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    // storage disabled: the choice lasts for this page only
  }
  if (i18n.language !== lang) await i18n.changeLanguage(lang);
}

/** The language in use, narrowed to one we ship. */
export const currentLanguage = (): Language => (isLanguage(i18n.language) ? i18n.language : 'ru');

void i18n.use(initReactI18next).init({
  // `routing`: the lead router's screens (rules, dry run, tails), kept apart from the shared resources.
  // `wallboard`: the supervisor wallboard (live floor, KPIs, history).
  // `reports`: the reports page (contacts, sources, tails, the spend per source).
  // `audit`: the audit log (actions, objects, fields, filters).
  // `admin`: the administration page (users, teams).
  // `dispositions`: the result codes (the manager's editor, the wrap-up's callback time).
  // `abc`: the A/B/C analysis page (summary, class × potential, movement, the manager's settings).
  // `leads`: the website lead sources (the admin page's tab).
  // `imports`: the imports page (office files in: mapping, dry run, commit, the report).
  // `organizations`: organizations' contact people, the organization picker, linking typed company names.
  // `duplicates`: likely duplicates (the card's panel, the duplicates page) and the merge confirmation.
  // `desk`: the operator's desk beside the calls (my calls today, the callback pool, callbacks on the card).
  // `softphone`: the operator's browser softphone (Twilio Voice) in the console.
  // `campaigns`: outbound campaigns (the list, the new-campaign dialog, progress, the operator's work screen).
  // `coaching`: live coaching on the wallboard (listen, whisper, barge on an operator's call).
  // `reviews`: call reviews for coaching (the checklist editor, the review dialog, my reviews, the report).
  // `recordings`: call recordings (the player in call lists and the pop, the retention in Administration).
  // `messaging`: e-mail and SMS (the mailings page: templates, mailings, opt-outs, birthdays; the card's messages).
  // `tasks`: tasks and meetings (the agenda page, its calendar and birthdays, the card's tab, reminders, the report).
  // `dnc`: the do-not-call list (its page, the wrap-up's tick box, the card's badge, click-to-call's refusal).
  // `segments`: saved segments (the client list's segment bar and dialogs, the picker campaigns and mailings reuse).
  resources: {
    en: { translation: en, abc: abcEn, reports: reportsEn, admin: adminEn, audit: auditEn, routing: routingEn, wallboard: wallboardEn, desk: deskEn, dispositions: dispositionsEn, leads: leadsEn, imports: importsEn, organizations: organizationsEn, duplicates: duplicatesEn, softphone: softphoneEn, dnc: dncEn, campaigns: campaignsEn, coaching: coachingEn, reviews: reviewsEn, recordings: recordingsEn, segments: segmentsEn, messaging: messagingEn, tasks: tasksEn },
    ru: { translation: ru, abc: abcRu, reports: reportsRu, admin: adminRu, audit: auditRu, routing: routingRu, wallboard: wallboardRu, desk: deskRu, dispositions: dispositionsRu, leads: leadsRu, imports: importsRu, organizations: organizationsRu, duplicates: duplicatesRu, softphone: softphoneRu, dnc: dncRu, campaigns: campaignsRu, coaching: coachingRu, reviews: reviewsRu, recordings: recordingsRu, segments: segmentsRu, messaging: messagingRu, tasks: tasksRu },
    uk: { translation: uk, abc: abcUk, reports: reportsUk, admin: adminUk, audit: auditUk, routing: routingUk, wallboard: wallboardUk, desk: deskUk, dispositions: dispositionsUk, leads: leadsUk, imports: importsUk, organizations: organizationsUk, duplicates: duplicatesUk, softphone: softphoneUk, dnc: dncUk, campaigns: campaignsUk, coaching: coachingUk, reviews: reviewsUk, recordings: recordingsUk, segments: segmentsUk, messaging: messagingUk, tasks: tasksUk },
  },
  lng: initialLanguage(),
  fallbackLng: 'ru',
  supportedLngs: [...LANGUAGES],
  interpolation: { escapeValue: false }, // React escapes
  returnNull: false,
  initAsync: false,
});

document.documentElement.lang = i18n.language;
i18n.on('languageChanged', (lng) => {
  document.documentElement.lang = lng;
});

export { i18n };
