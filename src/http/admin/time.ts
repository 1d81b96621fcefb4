/** The back-office shows and reads times in Chile's time zone, whatever the server's zone is. */
export const ZONE = 'America/Santiago';

const PARTS = new Intl.DateTimeFormat('en-CA', {
  timeZone: ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

function parts(date: Date): Record<string, string> {
  return Object.fromEntries(PARTS.formatToParts(date).map((part) => [part.type, part.value]));
}

/** `2026-11-26 21:04:05` in Santiago time. */
export function formatTime(date: Date | null | undefined): string {
  if (!date) return '';
  const p = parts(date);
  return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
}

/** Today's date in Santiago, `YYYY-MM-DD`. */
export function santiagoDate(date = new Date()): string {
  const p = parts(date);
  return `${p.year}-${p.month}-${p.day}`;
}

/** The instant a Santiago calendar day (`YYYY-MM-DD`) starts, or null when the text is not a date. */
export function startOfSantiagoDay(day: string): Date | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const utc = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
  if (Number.isNaN(utc)) return null;
  // Santiago is UTC-3 or UTC-4: correct the guess by the zone's offset at that moment, twice to settle
  // across a daylight-saving change.
  let guess = utc;
  for (let round = 0; round < 2; round++) {
    const p = parts(new Date(guess));
    const local = Date.UTC(
      Number(p.year),
      Number(p.month) - 1,
      Number(p.day),
      Number(p.hour),
      Number(p.minute),
    );
    guess = guess - (local - utc);
  }
  return new Date(guess);
}

/** The start of the Santiago day after `day`. */
export function startOfNextSantiagoDay(day: string): Date | null {
  const start = startOfSantiagoDay(day);
  if (!start) return null;
  return startOfSantiagoDay(santiagoDate(new Date(start.getTime() + 36 * 3_600_000)));
}
