import { formatPesos } from '../../domain/money.ts';
import type { Language } from '../funnel/messages.ts';

/** The back-office shows and reads times in Chile's time zone, whatever the server's zone is. */
export const ZONE = 'America/Santiago';

const LOCALE = { es: 'es-CL', en: 'en' } as const;
const TIME = {
  es: new Intl.DateTimeFormat(LOCALE.es, {
    timeZone: ZONE,
    dateStyle: 'medium',
    timeStyle: 'medium',
    hourCycle: 'h23',
  }),
  en: new Intl.DateTimeFormat(LOCALE.en, {
    timeZone: ZONE,
    dateStyle: 'medium',
    timeStyle: 'medium',
    hourCycle: 'h23',
  }),
};
const DAY = {
  es: new Intl.DateTimeFormat(LOCALE.es, { timeZone: ZONE, dateStyle: 'long' }),
  en: new Intl.DateTimeFormat(LOCALE.en, { timeZone: ZONE, dateStyle: 'long' }),
};
const WHOLE_NUMBER_EN = new Intl.NumberFormat(LOCALE.en, { maximumFractionDigits: 0 });

/** `26-11-2026, 21:04:05` (es-CL) or `Nov 26, 2026, 21:04:05` (en), in Santiago time; 24-hour in both. */
export function formatTimeIn(language: Language, date: Date | null | undefined): string {
  return date ? TIME[language].format(date) : '';
}

/** `26 de noviembre de 2026` or `November 26, 2026`: the Santiago day of `date`. */
export function longDayIn(language: Language, date: Date): string {
  return DAY[language].format(date);
}

/** `$50.000` (as Chilean prices are written) or `$50,000` in English; always whole pesos. */
export function pesosIn(language: Language, amount: number): string {
  return language === 'es' ? formatPesos(amount) : `$${WHOLE_NUMBER_EN.format(amount)}`;
}

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
