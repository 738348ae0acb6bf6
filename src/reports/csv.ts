// CSV uploads of bulk reports (RFC 4180: quoted fields may hold commas, quotes doubled, line breaks). The first row
// names the columns: item_id and/or url, reason, and optionally details.
import { VigilError } from '../domain/errors.js';
import type { ReportInput } from './intake.js';

export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"' && field === '') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      row.push(field), (field = '');
      if (row.some((value) => value !== '')) rows.push(row);
      row = [];
    } else field += c;
  }
  if (quoted) throw new VigilError('E_INVALID_REQUEST', 'the CSV ends inside a quoted field', 400);
  row.push(field);
  if (row.some((value) => value !== '')) rows.push(row);
  return rows;
}

export function reportsFromCsv(text: string): ReportInput[] {
  const [header, ...rows] = parseCsv(text.replace(/^\uFEFF/, ''));
  if (!header) throw new VigilError('E_INVALID_REQUEST', 'the CSV is empty; the first row names the columns (item_id, url, reason, details)', 400);
  const columns = header.map((name) => name.trim().toLowerCase());
  const unknown = columns.find((name) => !['item_id', 'url', 'reason', 'details'].includes(name));
  if (unknown !== undefined) throw new VigilError('E_INVALID_REQUEST', `unknown CSV column "${unknown}" (expected item_id, url, reason, details)`, 400);
  if (!columns.includes('reason') || !(columns.includes('item_id') || columns.includes('url'))) {
    throw new VigilError('E_INVALID_REQUEST', 'the CSV needs a "reason" column and an "item_id" or "url" column', 400);
  }
  return rows.map((values, index) => {
    const line = index + 2;
    const get = (name: string) => {
      const value = values[columns.indexOf(name)]?.trim();
      return value === undefined || value === '' ? undefined : value;
    };
    const id = get('item_id');
    const url = get('url');
    const reason = get('reason');
    if (!id && !url) throw new VigilError('E_INVALID_REQUEST', `CSV line ${line}: needs an item_id or a url`, 400);
    if (!reason) throw new VigilError('E_INVALID_REQUEST', `CSV line ${line}: needs a reason`, 400);
    const details = get('details');
    return { item: { ...(id ? { id } : {}), ...(url ? { url } : {}) }, reason, ...(details ? { details } : {}) };
  });
}
