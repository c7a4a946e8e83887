/**
 * English strings of call recordings (the `recordings` namespace): the player in the call history and the
 * pop, and the manager's retention setting in Administration. The source of truth for keys.
 */
export const recordingsEn = {
  column: 'Recording',
  player: {
    title: 'Call recording',
    label: 'Recording of the call of {{when}}',
    listen: 'Listen',
    listenTo: 'Listen to the recording of the call of {{when}}',
    playing: 'Stop',
    close: 'Close the recording of the call of {{when}}',
    speed: 'Playback speed',
    speedOption: 'Play at {{rate}}×',
    download: 'Download',
    downloadTitle: 'Download the recording (the download is logged)',
    unavailable: 'Recording unavailable',
    missing: 'the file is not there: deleted, or not yet copied from the PBX',
    forbidden: 'this call’s recording is not yours to hear',
  },
  retention: {
    tab: 'Recordings',
    title: 'Call recordings',
    days: 'Keep recordings, days',
    hint: 'Empty: keep forever. Recordings of calls older than this are deleted every hour, and each deletion is logged.',
    invalid: 'A whole number of days from 1 to 3650, or empty',
    forever: 'Now: recordings are kept forever.',
    current_one: 'Now: recordings are deleted {{count}} day after the call.',
    // Russian and Ukrainian need the few/many forms; English uses other for them.
    current_few: 'Now: recordings are deleted {{count}} days after the call.',
    current_many: 'Now: recordings are deleted {{count}} days after the call.',
    current_other: 'Now: recordings are deleted {{count}} days after the call.',
    save: 'Save',
    saving: 'Saving…',
    saved: 'Saved',
  },
};

export type RecordingsStrings = typeof recordingsEn;
