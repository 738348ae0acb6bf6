// The console shell: sign-in, navigation by role, and the wellbeing preference (grayscale) that applies everywhere.
import { useEffect, useState, type FormEvent } from 'react';
import { Admin } from './Admin';
import { api, ApiError, type Account } from './api';
import { Appeals } from './Appeals';
import { Dashboard } from './Dashboard';
import { Reports } from './Reports';
import { Review } from './Review';

type Screen = 'review' | 'appeals' | 'reports' | 'dashboard' | 'admin';

export function App() {
  const [account, setAccount] = useState<Account | null | undefined>(undefined);
  const [screen, setScreen] = useState<Screen>('review');
  const [grayscale, setGrayscale] = useState(() => localStorage.getItem('vigil.grayscale') === '1');

  useEffect(() => {
    api<{ user: Account }>('GET', '/v1/session').then(
      (answer) => setAccount(answer.user),
      () => setAccount(null),
    );
  }, []);
  useEffect(() => localStorage.setItem('vigil.grayscale', grayscale ? '1' : '0'), [grayscale]);

  if (account === undefined) return <main className="centre">Loading…</main>;
  if (account === null) return <Login onSignedIn={setAccount} />;

  const signOut = async () => {
    await api('DELETE', '/v1/session').catch(() => undefined);
    setAccount(null);
  };
  const canModerate = account.role !== 'volunteer';
  return (
    <div className={grayscale ? 'app grayscale' : 'app'}>
      <header className="bar">
        <strong>Vigil</strong>
        <nav>
          <button className={screen === 'review' ? 'active' : ''} onClick={() => setScreen('review')}>
            Review
          </button>
          <button className={screen === 'appeals' ? 'active' : ''} onClick={() => setScreen('appeals')}>
            Appeals
          </button>
          {canModerate && (
            <button className={screen === 'reports' ? 'active' : ''} onClick={() => setScreen('reports')}>
              Reports
            </button>
          )}
          {canModerate && (
            <button className={screen === 'dashboard' ? 'active' : ''} onClick={() => setScreen('dashboard')}>
              Dashboard
            </button>
          )}
          {account.role === 'admin' && (
            <button className={screen === 'admin' ? 'active' : ''} onClick={() => setScreen('admin')}>
              Accounts
            </button>
          )}
        </nav>
        <span className="spacer" />
        <label className="toggle">
          <input type="checkbox" checked={grayscale} onChange={(event) => setGrayscale(event.target.checked)} /> Grayscale
        </label>
        <span className="who">
          {account.name} · {account.role}
        </span>
        <button onClick={signOut}>Sign out</button>
      </header>
      {screen === 'review' && <Review account={account} />}
      {screen === 'appeals' && <Appeals />}
      {screen === 'reports' && canModerate && <Reports />}
      {screen === 'dashboard' && canModerate && <Dashboard />}
      {screen === 'admin' && account.role === 'admin' && <Admin />}
    </div>
  );
}

function Login({ onSignedIn }: { onSignedIn: (account: Account) => void }) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState('');
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setProblem('');
    try {
      const answer = await api<{ user: Account }>('POST', '/v1/session', { name, password });
      onSignedIn(answer.user);
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : 'Cannot reach the server.');
    }
  };
  return (
    <main className="centre">
      <form className="card login" onSubmit={submit}>
        <h1>Vigil review console</h1>
        <label>
          Name
          <input name="name" autoComplete="username" value={name} onChange={(event) => setName(event.target.value)} autoFocus />
        </label>
        <label>
          Password
          <input name="password" type="password" autoComplete="current-password" value={password} onChange={(event) => setPassword(event.target.value)} />
        </label>
        {problem && <p className="problem">{problem}</p>}
        <button type="submit" className="primary">
          Sign in
        </button>
      </form>
    </main>
  );
}
