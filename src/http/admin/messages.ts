import type { FastifyRequest } from 'fastify';
import { fillIn, type Language, pickLanguage } from '../funnel/messages.ts';
import { type Html, html } from '../html.ts';
import { formatTimeIn, longDayIn, pesosIn } from './time.ts';

export type { Language };

/**
 * Every text of the back-office, Spanish (es-CL) and English, by key. Labels of codes (statuses, steps,
 * banks, events...) live in `labels.ts`; the CSV export's column names and the audit log's action codes
 * stay technical. `{name}` is a placeholder, filled by `t(key, { name })` (escaped by `html`) or by
 * `rich(key, { name: html`...` })` when the value is markup.
 */
const MESSAGES = {
  // Shell
  back_office: { es: 'back-office', en: 'back-office' },
  nav_label: { es: 'Secciones', en: 'Sections' },
  nav_dashboard: { es: 'Panel', en: 'Dashboard' },
  nav_merchants: { es: 'Comercios', en: 'Merchants' },
  nav_payments: { es: 'Pagos', en: 'Payments' },
  nav_deliveries: { es: 'Webhooks', en: 'Webhooks' },
  nav_audit: { es: 'Auditoría', en: 'Audit log' },
  log_out: { es: 'Cerrar sesión', en: 'Log out' },
  language_switch: { es: 'English', en: 'Español' },
  table_scrolls: { es: 'Tabla (se desplaza a lo ancho)', en: 'Table (scrolls sideways)' },
  // Login
  login_title: { es: 'Iniciar sesión', en: 'Log in' },
  login_email: { es: 'Correo', en: 'E-mail' },
  login_password: { es: 'Contraseña', en: 'Password' },
  login_submit: { es: 'Entrar', en: 'Enter' },
  login_first_start: {
    es: 'Aún no hay operadores. Crea el primero en el servidor: {command}',
    en: 'There are no operators yet. Create the first one on the server: {command}',
  },
  login_form_expired: { es: 'El formulario venció. Inténtalo otra vez.', en: 'The form expired. Try again.' },
  login_limited: {
    es: 'Demasiados intentos fallidos. Espera {minutes} minutos.',
    en: 'Too many failed attempts. Wait {minutes} minutes.',
  },
  login_wrong: { es: 'Correo o contraseña incorrectos.', en: 'Wrong e-mail or password.' },
  // Error pages
  error_back_to_dashboard: { es: 'Volver al panel', en: 'Back to the dashboard' },
  error_not_found: { es: 'No encontrado', en: 'Not found' },
  error_not_done: { es: 'No se pudo completar', en: 'Could not be done' },
  error_internal: { es: 'Error interno', en: 'Internal error' },
  error_internal_body: {
    es: 'Algo falló de nuestro lado (solicitud {id}).',
    en: 'Something failed on our side (request {id}).',
  },
  error_no_such_page: {
    es: 'Esa página del back-office no existe.',
    en: 'That back-office page does not exist.',
  },
  error_session_title: { es: 'Sesión no válida', en: 'Session not valid' },
  error_session_body: {
    es: 'Tu sesión terminó. Inicia sesión otra vez.',
    en: 'Your session ended. Log in again.',
  },
  error_form_title: { es: 'Formulario vencido', en: 'Form expired' },
  error_form_body: {
    es: 'El formulario no es válido o venció. Vuelve a la página y envíalo otra vez.',
    en: 'The form is not valid or has expired. Go back to the page and send it again.',
  },
  merchant_not_found: { es: 'Ningún comercio tiene ese código.', en: 'No merchant has that code.' },
  payment_not_found: {
    es: 'Ningún pago tiene ese token de sesión.',
    en: 'No payment has that session token.',
  },
  review_incomplete: {
    es: 'Elige una decisión y escribe qué dijo el banco.',
    en: 'Choose a decision and write what the bank said.',
  },
  resend_none: {
    es: 'Elige al menos un webhook para reenviar.',
    en: 'Choose at least one webhook to resend.',
  },
  // Columns and fields shared by several pages
  created: { es: 'Creado', en: 'Created' },
  updated: { es: 'Actualizado', en: 'Updated' },
  expires: { es: 'Vence', en: 'Expires' },
  merchant: { es: 'Comercio', en: 'Merchant' },
  order: { es: 'Orden', en: 'Order' },
  amount: { es: 'Monto', en: 'Amount' },
  status: { es: 'Estado', en: 'Status' },
  step: { es: 'Paso', en: 'Step' },
  bank: { es: 'Banco', en: 'Bank' },
  rut: { es: 'RUT', en: 'RUT' },
  email: { es: 'Correo', en: 'E-mail' },
  session_token: { es: 'Token de sesión', en: 'Session token' },
  payment_token: { es: 'Token de pago', en: 'Payment token' },
  attempts: { es: 'Intentos', en: 'Attempts' },
  details: { es: 'Detalle', en: 'Details' },
  resend: { es: 'Reenviar', en: 'Resend' },
  resent: { es: '{count} webhook(s) reenviado(s).', en: '{count} webhook(s) resent.' },
  all: { es: 'todos', en: 'all' },
  // Dashboard
  today: { es: 'Hoy, {day}', en: 'Today, {day}' },
  payment_sessions: { es: 'Sesiones de pago', en: 'Payment sessions' },
  in_total: { es: '{amount} en total', en: '{amount} in total' },
  successful_payments: { es: 'Pagos exitosos', en: 'Successful payments' },
  transferred: { es: '{amount} transferidos', en: '{amount} transferred' },
  funnel_time: { es: 'Tiempo en el flujo', en: 'Time in the funnel' },
  funnel_time_note: {
    es: 'mediana; p90 {p90}; pagos terminados: {count}',
    en: 'median; p90 {p90}; finished payments: {count}',
  },
  webhooks_note: {
    es: 'entregados hoy: {delivered} de {events}; pendientes: {pending}; {failed}',
    en: 'delivered today: {delivered} of {events}; pending: {pending}; {failed}',
  },
  webhooks_failed: { es: 'fallidos: {count}', en: 'failed: {count}' },
  by_status: { es: 'Por estado', en: 'By status' },
  no_payments_today: { es: 'Aún no hay pagos hoy.', en: 'No payments yet today.' },
  by_bank: { es: 'Éxito por banco', en: 'Success by bank' },
  successes: { es: 'Exitosos', en: 'Successful' },
  rate: { es: 'Tasa', en: 'Rate' },
  no_bank_today: { es: 'Hoy nadie ha elegido banco todavía.', en: 'Nobody has chosen a bank yet today.' },
  rate_note: { es: 'Tasa = exitosos / intentos terminados.', en: 'Rate = successful / finished attempts.' },
  // Merchants
  new_merchant: { es: 'Nuevo comercio', en: 'New merchant' },
  create_merchant: { es: 'Crear comercio', en: 'Create merchant' },
  merchant_created: { es: 'Comercio creado', en: 'Merchant created' },
  no_merchants: { es: 'Aún no hay comercios.', en: 'No merchants yet.' },
  name: { es: 'Nombre', en: 'Name' },
  environment: { es: 'Ambiente', en: 'Environment' },
  amount_limit: { es: 'Monto máximo', en: 'Maximum amount' },
  merchant_active: { es: 'activo', en: 'active' },
  merchant_suspended: { es: 'suspendido', en: 'suspended' },
  field_name: { es: 'Nombre (visible para el pagador)', en: 'Name (shown to the payer)' },
  field_amount_limit: { es: 'Monto máximo por pago (pesos)', en: 'Maximum amount per payment (pesos)' },
  field_completed_url: { es: 'URL de pago exitoso', en: 'Successful payment URL' },
  field_cancellation_url: { es: 'URL de cancelación o error', en: 'Cancellation or error URL' },
  field_webhook_url: { es: 'URL del webhook', en: 'Webhook URL' },
  field_one_payment: { es: 'Un solo pago por orden', en: 'One payment per order' },
  field_one_payment_help: {
    es: 'Marcado: cada {field} se paga una sola vez (una nueva sesión para una orden pagada se rechaza con 409). Sin marcar (como el protocolo original): cada sesión es su propio pago y una orden puede pagarse varias veces, como en la venta de entradas.',
    en: 'Ticked: each {field} is paid once (a new session for a paid order is refused with 409). Unticked (as in the original protocol): each session is its own payment and an order can be paid several times, as when selling tickets.',
  },
  field_frame_origins: {
    es: 'Orígenes que pueden enmarcar el pago (uno por línea)',
    en: 'Origins allowed to frame the payment (one per line)',
  },
  payments_per_order: { es: 'Pagos por orden', en: 'Payments per order' },
  one_payment_per_order: {
    es: 'Uno solo: una orden pagada no acepta otra sesión',
    en: 'One only: a paid order accepts no other session',
  },
  many_payments_per_order: {
    es: 'Varios: cada sesión es su propio pago',
    en: 'Several: each session is its own payment',
  },
  suspend: { es: 'Suspender', en: 'Suspend' },
  reactivate: { es: 'Reactivar', en: 'Reactivate' },
  rotate_token: { es: 'Emitir nuevo token', en: 'Issue a new token' },
  see_payments: { es: 'Ver pagos', en: 'See payments' },
  settings: { es: 'Configuración', en: 'Settings' },
  save_changes: { es: 'Guardar cambios', en: 'Save changes' },
  changes_saved: { es: 'Cambios guardados.', en: 'Changes saved.' },
  merchant_reactivated: { es: 'Comercio reactivado.', en: 'Merchant reactivated.' },
  merchant_suspended_note: {
    es: 'Comercio suspendido: sus llamadas a la API se rechazan con 403 merchant_inactive.',
    en: 'Merchant suspended: its API calls are refused with 403 merchant_inactive.',
  },
  token_rotated: {
    es: 'Nuevo token emitido: el anterior ya no funciona',
    en: 'New token issued: the previous one no longer works',
  },
  credentials_copy: {
    es: 'Copia el token ahora: no se guarda y {never}.',
    en: 'Copy the token now: it is not stored and {never}.',
  },
  credentials_never: { es: 'no se volverá a mostrar', en: 'will not be shown again' },
  // Payments
  merchant_code: { es: 'Código del comercio', en: 'Merchant code' },
  merchant_order: { es: 'Orden del comercio', en: 'Merchant order' },
  from_day: { es: 'Desde (día)', en: 'From (day)' },
  to_day: { es: 'Hasta (día)', en: 'To (day)' },
  search: { es: 'Buscar', en: 'Search' },
  export_csv: { es: 'Exportar CSV', en: 'Export CSV' },
  results: { es: 'Resultados', en: 'Results' },
  no_payment_matches: { es: 'Ningún pago coincide con la búsqueda.', en: 'No payment matches the search.' },
  pages: { es: 'Páginas', en: 'Pages' },
  newer: { es: '« Más recientes', en: '« Newer' },
  older: { es: 'Siguientes »', en: 'Older »' },
  invalid_rut: { es: 'RUT no válido: {value}', en: 'RUT not valid: {value}' },
  unknown_status: { es: 'estado desconocido: {value}', en: 'unknown status: {value}' },
  unknown_bank: { es: 'banco desconocido: {value}', en: 'unknown bank: {value}' },
  invalid_date: { es: 'fecha no válida: {value}', en: 'date not valid: {value}' },
  // One payment
  payment_title: { es: 'Pago {order}', en: 'Payment {order}' },
  payment_heading: { es: '{merchant} · orden {order}', en: '{merchant} · order {order}' },
  review_title: { es: 'Transferencia por revisar', en: 'Transfer to review' },
  review_body: {
    es: 'El banco no reconoce esta transferencia desde {since}. Puede registrarla tarde: Puente le sigue preguntando cada minuto y la cierra solo si el banco responde. Si ya lo verificaste con el banco (referencia, cartola), ciérrala aquí; queda en la auditoría con tu nota.',
    en: 'The bank has not recognised this transfer since {since}. It may record it late: Puente keeps asking every minute and closes it by itself if the bank answers. If you have already checked with the bank (reference, statement), close it here; it stays in the audit log with your note.',
  },
  review_note: { es: 'Qué dijo el banco (obligatorio)', en: 'What the bank said (required)' },
  review_paid: { es: 'El dinero llegó: pago exitoso', en: 'The money arrived: payment successful' },
  review_not_paid: { es: 'No hubo cargo: pago fallido', en: 'Nothing was charged: payment failed' },
  timeline: { es: 'Línea de tiempo', en: 'Timeline' },
  timeline_created: { es: 'Sesión creada por el comercio', en: 'Session created by the merchant' },
  timeline_bank_call: { es: 'Llamada a {bank} {call} → {outcome}', en: 'Call to {bank} {call} → {outcome}' },
  timeline_duration: { es: 'en {ms} ms', en: 'in {ms} ms' },
  notifications: { es: 'Notificaciones', en: 'Notifications' },
  no_webhooks: { es: 'Sin webhooks para este pago.', en: 'No webhooks for this payment.' },
  // Webhook deliveries
  delivery_title: { es: 'Aviso de pago «{status}»', en: 'Payment notice “{status}”' },
  not_sent: { es: '(no enviado: {reason})', en: '(not sent: {reason})' },
  next_attempt: { es: 'Próximo intento', en: 'Next attempt' },
  delivered: { es: 'Entregado', en: 'Delivered' },
  attempt: { es: 'Intento', en: 'Attempt' },
  answer: { es: 'Respuesta', en: 'Answer' },
  latency: { es: 'Latencia', en: 'Latency' },
  no_answer: { es: 'sin respuesta', en: 'no answer' },
  deliveries_title: { es: 'Webhooks con problemas', en: 'Webhooks with problems' },
  filter: { es: 'Filtro', en: 'Filter' },
  filter_all: { es: 'Todos', en: 'All' },
  filter_failed: { es: 'Fallidos (agotados o rechazados)', en: 'Failed (exhausted or refused)' },
  filter_retrying: { es: 'Reintentando', en: 'Retrying' },
  no_problem_deliveries: { es: 'Ningún webhook con problemas.', en: 'No webhook has problems.' },
  choose: { es: 'Elegir', en: 'Select' },
  merchant_and_order: { es: 'Comercio · orden', en: 'Merchant · order' },
  event: { es: 'Evento', en: 'Event' },
  last_answer: { es: 'Última respuesta', en: 'Last answer' },
  choose_delivery: { es: 'Elegir webhook {id}', en: 'Select webhook {id}' },
  resend_chosen: { es: 'Reenviar los elegidos', en: 'Resend the selected ones' },
  // Audit log
  audit_note: { es: 'Las últimas 200 acciones de operadores.', en: 'The latest 200 operator actions.' },
  when: { es: 'Cuándo', en: 'When' },
  operator: { es: 'Operador', en: 'Operator' },
  action: { es: 'Acción', en: 'Action' },
  target: { es: 'Objeto', en: 'Target' },
  origin: { es: 'Origen', en: 'From' },
} as const satisfies Record<string, Record<Language, string>>;

export type AdminMessageKey = keyof typeof MESSAGES;

/** The whole catalogue, for tests that compare the two languages. */
export const ADMIN_MESSAGES: Readonly<Record<AdminMessageKey, Readonly<Record<Language, string>>>> = MESSAGES;

export function isAdminMessageKey(key: string): key is AdminMessageKey {
  return Object.hasOwn(MESSAGES, key);
}

/** The cookie the header's language switch sets (`es` or `en`). */
export const LANGUAGE_COOKIE = 'puente_admin_lang';

/** The operator's language: the switch's cookie, else the browser's `Accept-Language`, else Spanish. */
export function adminLanguage(request: FastifyRequest): Language {
  return pickLanguage({ lang: request.cookies?.[LANGUAGE_COOKIE] }, request.headers['accept-language']);
}

/** The texts and formats of one language, handed to every page. */
export interface AdminText {
  language: Language;
  /** The page's own address, for a GET: where the language switch comes back to. */
  here?: string;
  t(key: AdminMessageKey, values?: Record<string, string | number>): string;
  /** A text whose placeholders are markup (a link, a `<code>`): the text is escaped, the values are not. */
  rich(key: AdminMessageKey, values: Record<string, Html | string | number>): Html;
  /** A moment in Santiago time, as the language writes it. */
  time(date: Date | null | undefined): string;
  /** A Santiago calendar day, written out. */
  day(date: Date): string;
  pesos(amount: number): string;
  number(value: number, fractionDigits?: number): string;
}

export function adminText(language: Language): AdminText {
  const t = (key: AdminMessageKey, values: Record<string, string | number> = {}) =>
    fillIn(MESSAGES[key][language], values);
  return {
    language,
    t,
    rich(key, values) {
      const parts = MESSAGES[key][language].split(/\{(\w+)\}/);
      // split with one capture group: even indexes are text, odd ones are placeholder names.
      return html`${parts.map((part, index) => (index % 2 === 0 ? part : (values[part] ?? '')))}`;
    },
    time: (date) => formatTimeIn(language, date),
    day: (date) => longDayIn(language, date),
    pesos: (amount) => pesosIn(language, amount),
    number: (value, fractionDigits = 0) =>
      new Intl.NumberFormat(language === 'es' ? 'es-CL' : 'en', {
        minimumFractionDigits: fractionDigits,
        maximumFractionDigits: fractionDigits,
      }).format(value),
  };
}

/** The texts of the language of this request. */
export function textOf(request: FastifyRequest): AdminText {
  const text = adminText(adminLanguage(request));
  return request.method === 'GET' ? { ...text, here: request.url } : text;
}

/** Only a path of our own back-office is a place to come back to (no other host, no `//`). */
export function isBackOfficePath(path: string): boolean {
  return /^\/admin(?:[/?][^\\\s]*)?$/.test(path) && !path.startsWith('//') && !path.includes('/..');
}
