import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../../../i18n/format';
import { useCurrentUser } from '../../auth/hooks/use-session';
import { hasRole } from '../../auth/roles';
import { useUserName } from '../../users/hooks/use-users';
import { recordingProblem, recordingUrl } from '../api/recordings.api';
import { useMayHearRecording } from '../hooks/use-may-hear-recording';
import { nowPlaying, useNowPlaying } from '../hooks/use-now-playing';
import './recordings.css';

const RATES = [1, 1.5, 2] as const;
type Rate = (typeof RATES)[number];
type Problem = Awaited<ReturnType<typeof recordingProblem>>;
type RecordedCall = { id: number; operatorId: number | null; startedAt: string; hasRecording: boolean };

export type RecordingPlayerProps = { call: RecordedCall };

/**
 * A call's recording where calls are listed. The row holds only a Listen button (a player does not fit
 * in a table cell beside the call's facts, least of all in the pop or on a phone); it opens the player
 * docked at the bottom of the window: the browser's own controls (seek through range requests), speeds
 * 1× / 1.5× / 2×, Download for supervisors and above. One recording at a time. Operators get it on
 * their own calls only, as the server allows (a call passed on to them by a colleague shows none: the
 * list does not say who else was on it).
 */
export function RecordingPlayer({ call }: RecordingPlayerProps) {
  const { t } = useTranslation('recordings');
  const format = useFormat();
  const me = useCurrentUser();
  const mayHear = useMayHearRecording();
  const owner = useId();
  const playing = useNowPlaying();
  const open = playing?.owner === owner;
  // The dock belongs to this row: it closes when the row goes (another page, another client).
  useEffect(() => () => void (nowPlaying.get()?.owner === owner && nowPlaying.set(null)), [owner]);

  if (!mayHear(call)) return null;
  const supervisor = hasRole(me.role, 'supervisor');
  const when = format.compactDateTime(call.startedAt);
  return (
    <>
      <button
        type="button"
        className={`btn btn-sm ${open ? 'btn-primary' : 'btn-secondary'} rec-listen`}
        aria-pressed={open}
        aria-label={t(open ? 'player.close' : 'player.listenTo', { when })}
        title={t(open ? 'player.close' : 'player.listenTo', { when })}
        onClick={() => nowPlaying.set(open ? null : { callId: call.id, owner })}
        data-testid={`recording-${call.id}`}
      >
        <span aria-hidden="true">{open ? '■' : '▶'}</span> {t(open ? 'player.playing' : 'player.listen')}
      </button>
      {open && createPortal(<RecordingDock key={call.id} call={call} canDownload={supervisor} />, document.body)}
    </>
  );
}

function RecordingDock({ call, canDownload }: { call: RecordedCall; canDownload: boolean }) {
  const { t } = useTranslation('recordings');
  const format = useFormat();
  const userName = useUserName();
  const audio = useRef<HTMLAudioElement>(null);
  const [rate, setRate] = useState<Rate>(1);
  const [problem, setProblem] = useState<Problem | null>(null);
  const rateText = useMemo(() => new Intl.NumberFormat(format.locale, { maximumFractionDigits: 1 }), [format.locale]);
  const when = format.compactDateTime(call.startedAt);

  // defaultPlaybackRate too: the element falls back to it whenever it loads the source again.
  useEffect(() => {
    if (!audio.current) return;
    audio.current.defaultPlaybackRate = rate;
    audio.current.playbackRate = rate;
  }, [rate]);

  // The dock covers the bottom of the page: the page gets room to scroll its last rows above it.
  useEffect(() => {
    document.body.classList.add('has-rec-dock');
    return () => document.body.classList.remove('has-rec-dock');
  }, []);

  return (
    <section className="rec-dock" aria-label={t('player.label', { when })} data-testid="recording-dock" data-call-id={call.id}>
      <div className="rec-dock-title">
        <span className="strong">{t('player.title')}</span>
        <span className="muted">
          {when}
          {call.operatorId !== null && ` · ${userName(call.operatorId)}`}
        </span>
      </div>
      {problem ? (
        <div className="rec-unavailable" role="status">
          <span className="rec-unavailable-title">{t('player.unavailable')}</span>
          {problem !== 'unknown' && <span className="rec-unavailable-why">{t(`player.${problem}`)}</span>}
        </div>
      ) : (
        <audio
          ref={audio}
          className="rec-audio"
          controls
          autoPlay
          preload="none"
          // Speed and download are ours (download only for supervisors): not in the browser's menu.
          controlsList="nodownload noplaybackrate"
          src={recordingUrl(call.id)}
          aria-label={t('player.label', { when })}
          onError={() => void recordingProblem(call.id).then(setProblem)}
        />
      )}
      <div className="rec-tools">
        {!problem && (
          <div className="rec-speeds" role="group" aria-label={t('player.speed')}>
            {RATES.map((r) => (
              <button key={r} type="button" className="rec-speed" aria-pressed={rate === r} title={t('player.speedOption', { rate: rateText.format(r) })} onClick={() => setRate(r)}>
                {rateText.format(r)}×
              </button>
            ))}
          </div>
        )}
        {canDownload && !problem && (
          <a className="rec-download" href={recordingUrl(call.id, true)} download title={t('player.downloadTitle')}>
            {t('player.download')}
          </a>
        )}
        <button type="button" className="icon-button rec-dock-close" aria-label={t('player.close', { when })} title={t('player.close', { when })} onClick={() => nowPlaying.set(null)}>
          ×
        </button>
      </div>
    </section>
  );
}
