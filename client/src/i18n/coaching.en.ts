/**
 * English strings of live coaching (the `coaching` namespace): the wallboard's listen, whisper and barge
 * buttons on an operator's call and what the PBX made of them. The source of truth for keys.
 */
export const coachingEn = {
  groupLabel: 'Coach {{name}} on this call',
  modes: { listen: 'Listen', whisper: 'Whisper', barge: 'Barge' },
  hints: {
    listen: 'Your phone rings; pick it up to hear the call silently',
    whisper: 'Your phone rings; pick it up to speak to the operator only (the client does not hear you)',
    barge: 'Your phone rings; pick it up to join the call: both hear you',
  },
  pending: 'Calling your phone…',
  started: {
    listen: 'Pick up your phone to listen to {{name}}',
    whisper: 'Pick up your phone to whisper to {{name}}',
    barge: 'Pick up your phone to join {{name}}’s call',
  },
  errors: {
    noExtension: 'You have no phone extension; ask a manager to set one',
    notOnCall: '{{name}} is not on a call now',
    notSupported: 'Live coaching is not supported on this PBX',
    forbidden: 'You can coach only the operators of your teams',
    rejected: 'The PBX refused the request',
    timeout: 'The PBX did not answer in time; try again',
    unavailable: 'The PBX is not reachable now',
  },
};

export type CoachingStrings = typeof coachingEn;
