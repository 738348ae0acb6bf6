// Accounts for admins: list, create, disable.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, type Role } from './api';

interface User {
  id: string;
  name: string;
  role: Role;
  createdAt: string;
  disabledAt: string | null;
}

export function Admin() {
  const [users, setUsers] = useState<User[]>([]);
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<Role>('volunteer');
  const [problem, setProblem] = useState('');
  const load = useCallback(() => api<{ users: User[] }>('GET', '/v1/users').then((answer) => setUsers(answer.users)), []);
  useEffect(() => {
    void load();
  }, [load]);
  const create = async (event: FormEvent) => {
    event.preventDefault();
    setProblem('');
    try {
      await api('POST', '/v1/users', { name, password, role });
      setName('');
      setPassword('');
      await load();
    } catch (error) {
      setProblem(error instanceof ApiError ? error.message : String(error));
    }
  };
  const disable = async (user: User) => {
    if (!confirm(`Disable ${user.name}? Their sessions end at once.`)) return;
    await api('POST', `/v1/users/${user.id}/disable`);
    await load();
  };
  return (
    <main className="dashboard">
      <section className="card">
        <h3>Accounts</h3>
        <table>
          <thead>
            <tr>
              <th>Name</th>
              <th>Role</th>
              <th>Created</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} className={user.disabledAt ? 'disabled' : ''}>
                <td>{user.name}</td>
                <td>{user.role}</td>
                <td>{new Date(user.createdAt).toLocaleString()}</td>
                <td>{user.disabledAt ? 'disabled' : <button onClick={() => void disable(user)}>Disable</button>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <form className="card create" onSubmit={create}>
        <h3>New account</h3>
        <input placeholder="name" value={name} onChange={(event) => setName(event.target.value)} />
        <input placeholder="password (10+ characters)" type="password" value={password} onChange={(event) => setPassword(event.target.value)} />
        <select value={role} onChange={(event) => setRole(event.target.value as Role)}>
          <option value="volunteer">volunteer</option>
          <option value="moderator">moderator</option>
          <option value="admin">admin</option>
        </select>
        <button className="primary" type="submit">
          Create
        </button>
        {problem && <p className="problem">{problem}</p>}
      </form>
    </main>
  );
}
