// Reports and appeals on the dashboard: time from first report or detection to removal, deadline breaches, and how
// often each detector's or reviewer's decisions were overturned on appeal.
import { useEffect, useState } from 'react';
import { api } from './api';

interface TimeToAction {
  flagged: number;
  removed: number;
  medianSeconds: number | null;
  p95Seconds: number | null;
  deadlineBreaches: number;
}
interface Overturns {
  deciders: { decidedBy: string; automated: boolean; decisions: number; appealed: number; overturned: number; overturnRate: number }[];
}

const duration = (seconds: number | null) =>
  seconds === null ? '–' : seconds < 60 ? `${Math.round(seconds)} s` : seconds < 3600 ? `${Math.round(seconds / 60)} min` : `${(seconds / 3600).toFixed(1)} h`;

export function EnforcementFigures() {
  const [time, setTime] = useState<TimeToAction | null>(null);
  const [overturns, setOverturns] = useState<Overturns | null>(null);
  useEffect(() => {
    const load = () => {
      void api<TimeToAction>('GET', '/v1/stats/time-to-action?days=30').then(setTime, () => setTime(null));
      void api<Overturns>('GET', '/v1/stats/overturns?days=30').then(setOverturns, () => setOverturns(null));
    };
    load();
    const timer = setInterval(load, 30_000);
    return () => clearInterval(timer);
  }, []);
  return (
    <>
      {time && (
        <section className="tiles" aria-label="Time to action, last 30 days">
          <div className="card tile">
            <b>{duration(time.medianSeconds)}</b> median time to action
          </div>
          <div className="card tile">
            <b>{duration(time.p95Seconds)}</b> 95th percentile
          </div>
          <div className={time.deadlineBreaches > 0 ? 'card tile late' : 'card tile'}>
            <b>{time.deadlineBreaches}</b> deadline breaches
          </div>
          <div className="card tile">
            <b>
              {time.removed} / {time.flagged}
            </b>{' '}
            flagged posts removed
          </div>
        </section>
      )}
      {overturns && (
        <section className="card">
          <h3>Overturned on appeal (30 days)</h3>
          <table>
            <thead>
              <tr>
                <th>Decided by</th>
                <th>Decisions</th>
                <th>Appealed</th>
                <th>Overturned</th>
              </tr>
            </thead>
            <tbody>
              {overturns.deciders.map((row) => (
                <tr key={row.decidedBy}>
                  <td>{row.automated ? `${row.decidedBy} (automated)` : row.decidedBy}</td>
                  <td>{row.decisions}</td>
                  <td>{row.appealed}</td>
                  <td>
                    {row.overturned} ({Math.round(row.overturnRate * 100)}%)
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
