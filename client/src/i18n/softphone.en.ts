/**
 * English strings of the browser softphone (the `softphone` namespace): its state, the call's buttons,
 * what stops it and what to do. The source of truth for keys: softphone.ru.ts and softphone.uk.ts match it.
 */
export const softphoneEn = {
  title: 'Softphone',
  state: {
    starting: 'Starting…',
    registering: 'Connecting to Twilio…',
    ready: 'Ready',
    unreachable: 'No connection',
    error: 'Not working',
  },
  readyHint: 'Calls to extension {{ext}} ring in this browser; keep this tab open.',
  incoming: 'Incoming call: {{who}}',
  connecting: 'Connecting: {{who}}',
  talking: 'On a call: {{who}}',
  hidden: 'hidden number',
  answer: 'Answer',
  reject: 'Reject',
  mute: 'Mute',
  unmute: 'Unmute',
  mutedBadge: 'Muted',
  hangUp: 'Hang up',
  reconnecting: 'Connection lost, restoring…',
  retry: 'Try again',
  retrying: 'Trying again by itself.',
  code: '(Twilio error {{code}})',
  problem: {
    insecure: 'The softphone needs the CRM opened over HTTPS: browsers give no microphone to plain http pages. Ask the administrator for the https address.',
    unsupported: 'This browser cannot make calls (no WebRTC). Use a current Chrome, Edge or Firefox.',
    no_extension: 'You have no extension, so calls cannot reach you. Ask a manager to set one.',
    disabled: 'The softphone is switched off on the server.',
    server: 'Could not get the softphone’s access from the CRM server. Check the connection.',
    unreachable: 'Cannot reach Twilio: the network or a firewall blocks its servers, so calls will not ring here.',
    token: 'Twilio did not accept the softphone’s access key. Ask the administrator to check the Twilio API key and secret.',
    load: 'The softphone could not be loaded. Reload the page.',
    other: 'The softphone stopped working.',
  },
  mic: {
    ask: 'The browser will ask for the microphone when a call comes in.',
    allow: 'Allow the microphone now',
    denied: 'The microphone is blocked for this site, so you cannot answer here. Allow it in the browser’s site settings (the icon left of the address), then reload the page.',
    unavailable: 'No microphone found, or another program holds it. Connect a headset and try again.',
  },
};

export type SoftphoneMessages = typeof softphoneEn;
