/**
 * English strings of the result codes (the `dispositions` namespace): the manager's editor on the rules
 * page and the wrap-up's callback time. The source of truth for keys: dispositions.ru.ts and
 * dispositions.uk.ts must match this shape.
 */
export const dispositionsEn = {
  tab: 'Result codes',
  title: 'Result codes',
  hint: 'What operators pick at wrap-up, in this order, and what each does. A retired code is no longer offered; calls that have it keep it.',
  new: 'New result code',
  listLabel: 'Result codes',
  empty: 'No result codes yet.',
  columns: {
    order: 'Order',
    name: 'Result',
    effects: 'What it does',
    state: 'State',
    actions: 'Actions',
  },
  moveUp: 'Move “{{name}}” up',
  moveDown: 'Move “{{name}}” down',
  edit: 'Edit',
  retire: 'Retire',
  restore: 'Restore',
  active: 'Offered',
  retired: 'Retired',
  nothing: 'Nothing more',
  flags: {
    effective: 'Effective contact',
    closesCallback: 'Closes the client’s callbacks',
    opensCallback: 'Promises a callback (asks for the time)',
    marksLost: 'Marks the client lost',
    marksSale: 'Counts as a sale',
  },
  flagHints: {
    effective: 'Counts in the effective share of contacts (KPIs, reports).',
    closesCallback: 'The client’s pending callbacks are marked done.',
    opensCallback: 'The wrap-up asks when to call back and creates the callback.',
    marksLost: 'The client’s funnel stage becomes “lost”.',
    marksSale: 'Reports count it as a sale; the client’s funnel stage becomes “customer”.',
  },
  form: {
    createTitle: 'New result code',
    editTitle: 'Result code “{{name}}”',
    code: 'Code',
    codeHint: 'Stored on calls and in reports; Latin letters, digits and _ (cannot be changed later).',
    names: 'Names',
    nameRu: 'Name in Russian',
    nameUk: 'Name in Ukrainian',
    nameEn: 'Name in English',
    effects: 'What it does',
    lostAndSale: 'A result cannot both mark the client lost and count as a sale.',
    save: 'Save',
    create: 'Add',
    cancel: 'Cancel',
  },
  saved: 'Result code “{{name}}” saved.',
  created: 'Result code “{{name}}” added.',
  retiredNotice: 'Result code “{{name}}” retired: it is no longer offered at wrap-up.',
  restoredNotice: 'Result code “{{name}}” is offered again.',
  codeTaken: 'This code is taken.',
  wrapUp: {
    timeRequired: 'This result promises a callback: say when.',
    timeHint: 'Required for this result: the callback is created with it.',
  },
};

export type DispositionsStrings = typeof dispositionsEn;
