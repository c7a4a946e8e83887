/**
 * English strings of saved segments (the `segments` namespace): the client list's segment bar, the save
 * and manage dialogs, the picker other screens reuse, and the new campaign's "from a segment" choice.
 * The source of truth for keys: segments.ru.ts and segments.uk.ts match it.
 */
export const segmentsEn = {
  bar: { label: 'Saved segments' },
  picker: {
    label: 'Segment',
    none: 'All clients — no segment',
    loading: 'Loading segments…',
    deleted: 'A deleted segment',
    option: '{{name}} · {{clients}}',
  },
  save: {
    button: 'Save as segment',
    title: 'Save the filters as a segment',
    name: 'Segment name',
    namePlaceholder: 'For example: Key clients A',
    nameRequired: 'Give the segment a name',
    duplicate: 'A segment with this name exists already',
    filter: 'Filters: {{filter}}.',
    everyone: 'No filters: every client.',
    matches: 'Clients now: {{clients}}',
    hint: 'The segment keeps the filters, not the clients: its count and its clients follow the base.',
    submit: 'Save',
  },
  manage: {
    button: 'Segments…',
    title: 'Saved segments',
    empty: 'No segments yet',
    emptyHint: 'Filter the client list and press “Save as segment”.',
    name: 'Segment name',
    save: 'Save',
    count: 'clients: {{clients}}',
    everyone: 'every client',
    author: 'by {{name}}',
    rename: 'Rename',
    delete: 'Delete',
    confirmDelete: 'Delete the segment “{{name}}”? Campaigns and mailings made from it keep their clients.',
  },
  campaign: {
    source: 'Choose clients',
    byFilter: 'By filters',
    bySegment: 'From a saved segment',
    segment: 'Segment',
    pick: 'Pick a segment…',
    required: 'Pick a segment',
    hint: 'The segment’s filters are copied into the campaign when it is created.',
  },
  common: { cancel: 'Cancel' },
};

export type SegmentsStrings = typeof segmentsEn;
