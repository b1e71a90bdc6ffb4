/** Practice history: finished timer sessions and a coverage-over-time chart, free of `vscode`. */

/** One finished practice session. */
export interface PracticeSession {
  prompt?: string;
  title: string;
  startedAt: number;
  durationSec: number;
  /** Coverage total at the end (0–100), if the answer was open. */
  coverage?: number;
  file?: string;
}

/** Most sessions kept; older ones are dropped first. */
export const MAX_SESSIONS = 500;

/** Appends a session, keeping at most {@link MAX_SESSIONS}. */
export function addSession(list: readonly PracticeSession[], session: PracticeSession): PracticeSession[] {
  return [...list, session].slice(-MAX_SESSIONS);
}

/** Accepts only well-formed sessions from storage (it may hold anything after a downgrade or manual edit). */
export function sanitizeSessions(raw: unknown): PracticeSession[] {
  if (!Array.isArray(raw)) return [];
  return raw.filter(
    (s): s is PracticeSession =>
      typeof s === 'object' && s !== null && typeof (s as PracticeSession).title === 'string' &&
      typeof (s as PracticeSession).startedAt === 'number' && typeof (s as PracticeSession).durationSec === 'number',
  );
}

function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** An SVG line chart of coverage over time (sessions with a coverage figure), themed with CSS variables. */
export function historyChartSvg(sessions: readonly PracticeSession[], width = 640, height = 220): string {
  const points = sessions.filter((s) => typeof s.coverage === 'number').sort((a, b) => a.startedAt - b.startedAt);
  const pad = { left: 36, right: 12, top: 12, bottom: 28 };
  const w = width - pad.left - pad.right;
  const h = height - pad.top - pad.bottom;
  const axis = [0, 25, 50, 75, 100]
    .map((v) => {
      const y = pad.top + h - (v / 100) * h;
      return `<line x1="${pad.left}" x2="${width - pad.right}" y1="${y}" y2="${y}" class="grid"/><text x="${pad.left - 6}" y="${y + 4}" class="label" text-anchor="end">${v}</text>`;
    })
    .join('');
  if (points.length === 0) {
    return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="No sessions with coverage yet">${axis}<text x="${width / 2}" y="${height / 2}" class="label" text-anchor="middle">No finished sessions yet</text></svg>`;
  }
  const x = (i: number): number => pad.left + (points.length === 1 ? w / 2 : (i / (points.length - 1)) * w);
  const y = (v: number): number => pad.top + h - (Math.max(0, Math.min(100, v)) / 100) * h;
  const path = points.map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.coverage as number).toFixed(1)}`).join(' ');
  const dots = points
    .map((p, i) => `<circle cx="${x(i).toFixed(1)}" cy="${y(p.coverage as number).toFixed(1)}" r="3.5" class="dot"><title>${escapeXml(`${p.title}: ${p.coverage}/100 on ${new Date(p.startedAt).toISOString().slice(0, 10)}`)}</title></circle>`)
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" role="img" aria-label="Coverage over ${points.length} sessions">${axis}<path d="${path}" class="line" fill="none"/>${dots}</svg>`;
}
