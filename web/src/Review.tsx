// The review screen: one case at a time, the evidence highlighted in the original text, decisions by keyboard, the
// next case claimed in the background so it appears at once, and the text blurred until the reviewer reveals it.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, ApiError, type Account, type CaseView } from './api';
import { Evidence } from './Evidence';

type Verdict = 'remove' | 'allow' | 'escalate';
const BREAK_EVERY = Number(localStorage.getItem('vigil.breakEvery') ?? 25);
// Well inside the shortest sensible lease (the policy's default is five minutes), so a slow reviewer keeps the case.
const LEASE_RENEWAL_MS = 60_000;

async function claim(): Promise<CaseView | null> {
  const answer = await api<{ case: CaseView } | undefined>('POST', '/v1/cases/next');
  return answer?.case ?? null;
}

export function Review({ account }: { account: Account }) {
  const [current, setCurrent] = useState<CaseView | null | undefined>(undefined);
  const [revealed, setRevealed] = useState(false);
  const [help, setHelp] = useState(false);
  const [decided, setDecided] = useState(0);
  const [onBreak, setOnBreak] = useState(false);
  const [notice, setNotice] = useState('');
  const next = useRef<Promise<CaseView | null> | null>(null);
  const busy = useRef(false);

  const show = useCallback(async () => {
    const upcoming = next.current ?? claim();
    next.current = null;
    const shown = await upcoming.catch(() => null);
    setRevealed(false);
    setCurrent(shown);
    // Prefetch: the next case is claimed while this one is read, so a decision shows it without waiting.
    if (shown) next.current = claim().catch(() => null);
  }, []);

  useEffect(() => {
    void show();
  }, [show]);

  // The case on screen stays leased while it is read; not during a break, when others should have it.
  const shownId = current?.id;
  useEffect(() => {
    if (!shownId || onBreak) return;
    const timer = window.setInterval(() => {
      api('POST', `/v1/cases/${shownId}/lease`).catch((error: unknown) => {
        if (error instanceof ApiError && error.status === 409) setNotice('The lease on this case has ended; skip to the next one (S).');
      });
    }, LEASE_RENEWAL_MS);
    return () => window.clearInterval(timer);
  }, [shownId, onBreak]);

  const act = useCallback(
    async (verdict: Verdict | 'skip') => {
      if (!current || busy.current) return;
      busy.current = true;
      try {
        if (verdict === 'skip') await api('POST', `/v1/cases/${current.id}/skip`);
        else {
          const reason = verdict === 'allow' ? 'no-violation' : current.category;
          const result = await api<{ outcome: string }>('POST', `/v1/cases/${current.id}/decisions`, { verdict, reason });
          setNotice(`${verdict} recorded (${result.outcome})`);
          const count = decided + 1;
          setDecided(count);
          if (count % BREAK_EVERY === 0) setOnBreak(true);
        }
        await show();
      } catch (error) {
        setNotice(error instanceof ApiError ? error.message : 'The decision was not sent; try again.');
        if (error instanceof ApiError && error.status === 409) await show();
      } finally {
        busy.current = false;
      }
    },
    [current, decided, show],
  );

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.target instanceof HTMLInputElement || event.metaKey || event.ctrlKey || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === '?') setHelp((open) => !open);
      else if (key === 'escape') setHelp(false);
      else if (onBreak) return;
      else if (key === 'v') setRevealed((open) => !open);
      else if (key === 'r') void act('remove');
      else if (key === 'a') void act('allow');
      else if (key === 'e') void act('escalate');
      else if (key === 's') void act('skip');
      else return;
      event.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [act, onBreak]);

  if (onBreak) {
    return (
      <main className="centre">
        <div className="card">
          <h2>Time for a break</h2>
          <p>You have decided {decided} cases. Step away from the screen for a few minutes; the queue will wait.</p>
          <button className="primary" onClick={() => setOnBreak(false)}>
            Continue reviewing
          </button>
        </div>
      </main>
    );
  }
  if (current === undefined) return <main className="centre">Loading the next case…</main>;
  if (current === null) {
    return (
      <main className="centre">
        <div className="card">
          <h2>The queue is empty</h2>
          <p>Nothing is waiting for you right now.</p>
          <button onClick={() => void show()}>Check again</button>
        </div>
      </main>
    );
  }
  const deadline = current.deadlineAt ? Math.round((current.deadlineAt - Date.now()) / 60000) : null;
  return (
    <main className="review" data-case={current.id}>
      <section className="card post">
        <div className="meta">
          <span className={`badge ${current.category}`}>{current.category}</span>
          <span>priority {current.priority.toFixed(1)}</span>
          {deadline !== null && <span className={deadline < 0 ? 'late' : ''}>{deadline < 0 ? `${-deadline} min overdue` : `due in ${deadline} min`}</span>}
          <span>{current.signals} signal{current.signals === 1 ? '' : 's'}</span>
          <span className="spacer" />
          <span>{decided} decided this session</span>
        </div>
        <div className={revealed ? 'text' : 'text blurred'} onClick={() => setRevealed(true)} title={revealed ? '' : 'Click or press V to reveal'}>
          <Evidence text={current.item.text} reasons={current.machine?.reasons ?? []} />
        </div>
        {!revealed && <p className="hint">The text is blurred. Click it or press V to reveal.</p>}
        <div className="actions">
          <button className="remove" onClick={() => void act('remove')}>
            <kbd>R</kbd> Remove
          </button>
          <button className="allow" onClick={() => void act('allow')}>
            <kbd>A</kbd> Allow
          </button>
          <button onClick={() => void act('escalate')}>
            <kbd>E</kbd> Escalate
          </button>
          <button onClick={() => void act('skip')}>
            <kbd>S</kbd> Skip
          </button>
          <button onClick={() => setHelp(true)}>
            <kbd>?</kbd> Help
          </button>
        </div>
        {notice && <p className="notice">{notice}</p>}
      </section>
      <aside>
        <section className="card">
          <h3>Why it is here</h3>
          {current.machine ? (
            <>
              <p>
                Machine: <b>{current.machine.action}</b> · {current.machine.category} · score {current.machine.score.toFixed(2)}
              </p>
              <ul className="reasons">
                {current.machine.reasons.map((reason, index) => (
                  <li key={index}>
                    <b>{reason.category}</b> {reason.rule} ({reason.score.toFixed(2)})
                  </li>
                ))}
              </ul>
            </>
          ) : (
            <p>No machine assessment.</p>
          )}
        </section>
        <section className="card">
          <h3>Author</h3>
          {current.item.author ? (
            <>
              <p>
                {current.item.author}
                {current.item.reach !== null && ` · reach ${current.item.reach.toLocaleString()}`}
              </p>
              <p>
                Prior removals: <b>{current.authorContext?.removedPosts ?? 0}</b>
              </p>
            </>
          ) : (
            <p>Unknown author.</p>
          )}
        </section>
        {account.role !== 'volunteer' && current.history && (
          <section className="card">
            <h3>History</h3>
            <ol className="history">
              {current.history.map((event) => (
                <li key={event.id}>
                  {new Date(event.at).toLocaleTimeString()} {event.kind} {event.actor ?? ''}
                </li>
              ))}
            </ol>
          </section>
        )}
      </aside>
      {help && (
        <div className="overlay" onClick={() => setHelp(false)}>
          <div className="card">
            <h2>Keyboard shortcuts</h2>
            <dl className="keys">
              <dt>R</dt>
              <dd>Remove: the post breaks the policy</dd>
              <dt>A</dt>
              <dd>Allow: no violation</dd>
              <dt>E</dt>
              <dd>Escalate to a moderator</dd>
              <dt>S</dt>
              <dd>Skip: hand the case back</dd>
              <dt>V</dt>
              <dd>Reveal or blur the text</dd>
              <dt>?</dt>
              <dd>This help</dd>
            </dl>
          </div>
        </div>
      )}
    </main>
  );
}
