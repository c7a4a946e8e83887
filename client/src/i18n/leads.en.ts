/**
 * English strings of the website leads (the `leads` namespace): the lead sources tab of the admin page.
 * The source of truth for keys: leads.ru.ts and leads.uk.ts must match this shape.
 */
export const leadsEn = {
  tab: 'Lead sources',
  title: 'Website lead sources',
  hint: 'Each source has a secret address that the website’s form posts to. A lead creates or updates the client (by phone or e-mail) and opens a callback due within the source’s minutes.',
  new: 'New source',
  listLabel: 'Lead sources',
  empty: 'No lead sources yet. Create one and paste its snippet into the website.',
  columns: { name: 'Source', callback: 'Call back within', origins: 'Websites', leads: 'Leads', state: 'State', actions: 'Actions' },
  minutes: '{{count}} min',
  anyOrigin: 'Form posts from any site',
  active: 'Active',
  inactive: 'Off',
  lastLead: 'last {{at}}',
  edit: 'Edit',
  snippet: 'Snippet',
  spend: 'Spend per month',
  spendHint: 'Spend per month for the cost-per-client figure is entered in the sources report under this name.',
  created: 'Source “{{name}}” created: copy its snippet into the website.',
  saved: 'Source “{{name}}” saved.',
  rotated: 'Source “{{name}}” has a new token: paste the new snippet into the website; the old one no longer works.',
  form: {
    createTitle: 'New lead source',
    editTitle: 'Lead source “{{name}}”',
    name: 'Name',
    nameHint: 'Clients from this source get it as their source; the sources report and its spend use it.',
    callbackMinutes: 'Call back within, minutes',
    origins: 'Websites allowed to post from the browser (CORS)',
    originsHint: 'One per line, such as https://shop.example.com. Empty: ordinary form posts from any site.',
    active: 'Accepts leads',
    cancel: 'Cancel',
    save: 'Save',
    create: 'Create',
    nameTaken: 'A source with this name exists already.',
    badOrigins: 'Each line must be a website address such as https://shop.example.com',
  },
  token: {
    title: 'Snippet for “{{name}}”',
    endpoint: 'Address to post to',
    snippet: 'HTML to paste into the website',
    snippetHint: 'An ordinary form: it works without JavaScript, carries the page’s utm_* parameters and returns the visitor to the page. The hidden “website” field catches bots.',
    copy: 'Copy snippet',
    copied: 'Copied',
    copyFailed: 'Could not copy: select the text and copy it by hand.',
    rotate: 'New token',
    rotateConfirm: 'Issue a new token? The website’s current snippet stops working at once.',
    close: 'Done',
  },
};

export type LeadsStrings = typeof leadsEn;
