/**
 * English strings of the do-not-call list (the `dnc` namespace): its page, the wrap-up's tick box, the
 * card's badge and click-to-call's refusal. The source of truth for keys: dnc.ru.ts and dnc.uk.ts match it.
 */
export const dncEn = {
  title: 'Do not call',
  subtitle: 'Numbers that are never called: campaigns skip them, click-to-call refuses them.',
  search: 'Search by number or reason',
  listLabel: 'Do-not-call numbers',
  empty: 'The list is empty',
  notFound: 'Nothing matches the search',
  columns: { phone: 'Number', reason: 'Reason', client: 'Client', source: 'Added from', addedBy: 'Added by', createdAt: 'Added', actions: 'Actions' },
  source: { manual: 'by hand', wrap_up: 'a call’s wrap-up', import: 'a file' },
  add: {
    title: 'Add a number',
    phone: 'Number',
    phonePlaceholder: '+7 916 123-45-67',
    reason: 'Reason',
    reasonPlaceholder: 'For example: asked not to be called',
    submit: 'Add',
    added: '{{phone}} is on the list now',
    already: '{{phone}} was on the list already',
    badNumber: 'This is not a phone number',
  },
  remove: { button: 'Remove', confirm: 'Remove {{phone}} from the list? The number may be called again.', removed: '{{phone}} is off the list' },
  import: {
    button: 'Import a file',
    hint: 'CSV or XLSX: a column titled “phone” (or the first column) and, if you like, one titled “reason”.',
    running: 'Reading the file…',
    report: 'Rows read: {{rows}}. Added: {{added}}, on the list already: {{already}}, refused: {{failed}}.',
    row: 'Row {{row}}',
    codes: { no_phone: 'no number', not_a_phone: 'not a phone number', reason_too_long: 'the reason is longer than 500 characters' },
    more: 'and {{count}} more',
  },
  export: { csv: 'Export CSV', xlsx: 'Export XLSX' },
  badge: 'Do not call',
  badgeTitle: 'This number is on the do-not-call list',
  badgeReason: 'On the do-not-call list: {{reason}}',
  wrapUp: {
    tick: 'Do not call this number again',
    reason: 'Why',
    reasonPlaceholder: 'The client’s words, briefly',
    noNumber: 'The call has no number to put on the list',
    failed: 'The number was not put on the do-not-call list: {{error}}',
  },
  refused: 'This number is on the do-not-call list: {{reason}}',
  refusedNoReason: 'This number is on the do-not-call list',
};

export type DncStrings = typeof dncEn;
