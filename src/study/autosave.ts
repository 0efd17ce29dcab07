/**
 * Saving as a subscriber of the session: every change of the open study's vessels, measurements or report
 * inputs schedules one save after `delayMs` of quiet (a drag or a typed number saves once).
 */
import type { StudySession } from './session.ts';

export function subscribeAutosave(session: StudySession, save: () => Promise<void>, delayMs = 400): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const schedule = () => {
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => { timer = undefined; void save(); }, delayMs);
  };
  const offs = [
    session.events.on('vessels', schedule),
    session.events.on('analysis', schedule),
    session.events.on('report', schedule),
    session.events.on('closed', () => { if (timer) clearTimeout(timer); timer = undefined; }),
  ];
  return () => {
    for (const off of offs) off();
    if (timer) clearTimeout(timer);
  };
}
