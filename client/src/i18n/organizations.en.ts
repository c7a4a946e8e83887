/**
 * English strings of organizations and their contact people (the `organizations` namespace).
 * The source of truth for keys: organizations.ru.ts and organizations.uk.ts must match this shape.
 */
export const organizationsEn = {
  position: 'Position',
  organization: 'Organization',
  peopleTab: 'Contact people',
  people: {
    title: 'Contact people',
    add: 'Add a contact person',
    empty: 'No contact people yet. Add the people you talk to at this organization.',
    tableLabel: 'Contact people of the organization',
    name: 'Name',
    position: 'Position',
    phones: 'Direct lines',
    noPosition: 'position not set',
  },
  picker: {
    hint: 'Pick an organization card from the list to link this person to it, or just type a name.',
    linked: 'Linked to the card of {{name}}',
    textOnly: 'Typed name only: not linked to a card',
    open: 'Open the card',
  },
  newPerson: { title: 'New contact person of {{name}}' },
  pop: {
    worksAt: 'Contact person of',
    people: 'Who to ask for',
    peopleCount_one: '{{count}} contact person',
    peopleCount_few: '{{count}} contact people',
    peopleCount_many: '{{count}} contact people',
    peopleCount_other: '{{count}} contact people',
  },
  switchboard: 'Switchboard',
  contact: 'Contact',
  unlinked: {
    title: 'Companies typed on people',
    hint: 'These people have a company name but no organization card. Link them to a card: their calls and deals then count for the organization.',
    show: 'Review {{count}} companies',
    hide: 'Hide',
    tableLabel: 'Company names to link',
    company: 'Company as typed',
    people: 'People',
    card: 'Organization card',
    noCard: 'none yet',
    action: 'Link',
    linkTo: 'Link to this card',
    create: 'Create a card and link',
    linked_one: '{{count}} person linked to {{name}}',
    linked_few: '{{count}} people linked to {{name}}',
    linked_many: '{{count}} people linked to {{name}}',
    linked_other: '{{count}} people linked to {{name}}',
  },
};
