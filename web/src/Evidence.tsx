// The post's original text with the evidence spans highlighted. Reasons carry UTF-16 offsets (JavaScript string
// indices) into the original text, so slicing the string gives exactly the span the detector meant.
import type { Reason } from './api';

export function Evidence({ text, reasons }: { text: string; reasons: Reason[] }) {
  const located = reasons.filter((reason) => reason.end > reason.start && reason.start >= 0 && reason.end <= text.length);
  // Whole-post evidence (a classifier's) would paint everything; it is listed with the reasons instead, unless it is
  // all there is.
  const partial = located.filter((reason) => reason.end - reason.start < text.length);
  const spans = (partial.length > 0 ? partial : located)
    .map((reason) => ({ start: reason.start, end: reason.end, label: `${reason.category}: ${reason.rule}` }))
    .sort((a, b) => a.start - b.start);
  // Overlapping spans merge into one highlight listing every reason.
  const merged: { start: number; end: number; labels: string[] }[] = [];
  for (const span of spans) {
    const last = merged.at(-1);
    if (last && span.start < last.end) {
      last.end = Math.max(last.end, span.end);
      last.labels.push(span.label);
    } else merged.push({ start: span.start, end: span.end, labels: [span.label] });
  }
  const parts = [];
  let at = 0;
  for (const span of merged) {
    if (span.start > at) parts.push(<span key={`t${at}`}>{text.slice(at, span.start)}</span>);
    parts.push(
      <mark key={`m${span.start}`} title={span.labels.join('\n')}>
        {text.slice(span.start, span.end)}
      </mark>,
    );
    at = span.end;
  }
  if (at < text.length) parts.push(<span key={`t${at}`}>{text.slice(at)}</span>);
  return <p className="evidence">{parts}</p>;
}
