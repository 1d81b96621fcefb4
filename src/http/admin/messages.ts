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
  nav_operators: { es: 'Operadores', en: 'Operators' },
  nav_review: { es: 'Por revisar', en: 'To review' },
  payment_method: { es: 'Medio de pago', en: 'Payment method' },
  method_bank_login: { es: 'Ingreso al banco', en: 'Bank login' },
  method_direct_transfer: { es: 'Transferencia directa', en: 'Direct transfer' },
  // Direct transfer: the merchant's card and the movements review queue (docs/direct-transfer.md).
  dt_title: { es: 'Transferencia directa', en: 'Direct transfer' },
  dt_no_account: {
    es: 'Sin cuenta recaudadora: no se ofrece transferencia directa. Se registra con {command}.',
    en: 'No collecting account: direct transfer is not offered. Register one with {command}.',
  },
  dt_no_account_production: {
    es: 'Este comercio de producción no puede recibir pagos hasta registrar su cuenta recaudadora: todos sus pagos llegan a ella.',
    en: 'This production merchant cannot receive payments until its collecting account is registered: all its payments land there.',
  },
  dt_no_account_sandbox: {
    es: 'En sandbox, mientras tanto, sus pagos van a una cuenta de prueba del Banco de Pruebas.',
    en: 'In sandbox, meanwhile, its payments go to a placeholder account at the test bank.',
  },
  dt_state: { es: 'Estado', en: 'State' },
  dt_offered: { es: 'Ofrecida a quienes pagan', en: 'Offered to payers' },
  dt_disabled: { es: 'Desactivada', en: 'Turned off' },
  dt_account: { es: 'Cuenta recaudadora', en: 'Collecting account' },
  dt_account_value: { es: '{bank} · cuenta {type} {number}', en: '{bank} · {type} account {number}' },
  dt_holder: { es: 'Titular', en: 'Holder' },
  dt_email: { es: 'Correo de aviso', en: 'Notification e-mail' },
  dt_window: { es: 'Plazo para transferir', en: 'Time to transfer' },
  dt_window_hours: { es: '{hours} horas', en: '{hours} hours' },
  dt_imports: { es: 'Cartolas recibidas', en: 'Statements received' },
  dt_no_imports: { es: 'Aún no llegan movimientos.', en: 'No movements have arrived yet.' },
  dt_date: { es: 'Fecha', en: 'Date' },
  dt_source: { es: 'Origen', en: 'Source' },
  dt_file: { es: 'Archivo', en: 'File' },
  dt_movements: { es: 'Movimientos', en: 'Movements' },
  dt_new: { es: 'Nuevos', en: 'New' },
  dt_matched: { es: 'Conciliados', en: 'Reconciled' },
  dt_to_review: { es: 'A revisión', en: 'To review' },
  dt_initiated: { es: 'Pagos de Puente', en: 'Puente payments' },
  dt_initiated_note: {
    es: 'Todos los pagos del comercio llegan a esta cuenta: los pagos por ingreso al banco y open finance también. Sus abonos llevan la marca de Puente (PTE…) y no pagan transferencias directas: se cuentan en «Pagos de Puente».',
    en: 'Every payment of the merchant lands in this account: bank-login and open-finance payments too. Their credits carry Puente’s mark (PTE…) and pay no direct transfer: they are counted under “Puente payments”.',
  },
  dt_source_api: { es: 'API', en: 'API' },
  dt_source_file: { es: 'Archivo', en: 'File' },
  dt_source_simulator: { es: 'Banco de pruebas', en: 'Test bank' },
  mr_title: { es: 'Movimientos por revisar', en: 'Movements to review' },
  mr_intro: {
    es: 'Transferencias directas que no se pudieron conciliar solas. Calza una con un pago en espera (token de sesión), marca que se devolvió a mano o descártala.',
    en: 'Direct transfers that could not be reconciled on their own. Match one with a waiting payment (session token), record that it was refunded by hand, or dismiss it.',
  },
  mr_empty: { es: 'No hay movimientos por revisar.', en: 'No movements to review.' },
  mr_underpaid: { es: 'Monto menor al del pago', en: 'Less than the payment’s amount' },
  mr_overpaid: { es: 'Monto mayor al del pago', en: 'More than the payment’s amount' },
  mr_late: { es: 'Llegó después de cerrado el pago', en: 'Arrived after the payment closed' },
  mr_duplicate: { es: 'El pago ya estaba pagado', en: 'The payment was already paid' },
  mr_ambiguous: { es: 'Calza con más de un pago', en: 'Fits more than one payment' },
  mr_possibly_initiated: {
    es: 'Puede ser un pago de Puente (mismo monto y RUT, sin comentario)',
    en: 'May be a Puente payment (same amount and RUT, no comment)',
  },
  mr_merchant: { es: 'Comercio', en: 'Merchant' },
  mr_movement: { es: 'Movimiento', en: 'Movement' },
  mr_comment: { es: 'Comentario', en: 'Comment' },
  mr_payer_rut: { es: 'RUT de quien paga', en: 'Payer’s RUT' },
  mr_received: { es: 'Recibido', en: 'Received' },
  mr_session_token: {
    es: 'Token de sesión del pago (solo para conciliar)',
    en: 'The payment’s session token (to match only)',
  },
  mr_note: { es: 'Nota (obligatoria)', en: 'Note (required)' },
  mr_match: { es: 'Conciliar con el pago', en: 'Match with the payment' },
  mr_refunded: { es: 'Devuelto a mano', en: 'Refunded by hand' },
  mr_dismiss: { es: 'Descartar', en: 'Dismiss' },
  mr_not_found: { es: 'Ningún movimiento tiene ese número.', en: 'No movement has that number.' },
  mr_action_and_note: {
    es: 'Elige una acción y escribe una nota.',
    en: 'Choose an action and write a note.',
  },
  mr_session_needed: {
    es: 'Escribe el token de sesión de un pago en espera.',
    en: 'Type the session token of a waiting payment.',
  },
  mr_payment_not_open: {
    es: 'Ese pago no es una transferencia directa en espera de este comercio.',
    en: 'That payment is not a waiting direct transfer of this merchant.',
  },
  log_out: { es: 'Cerrar sesión', en: 'Log out' },
  language_switch: { es: 'English', en: 'Español' },
  table_scrolls: { es: 'Tabla (se desplaza a lo ancho)', en: 'Table (scrolls sideways)' },
  // Login
  login_title: { es: 'Iniciar sesión', en: 'Log in' },
  login_email: { es: 'Correo', en: 'E-mail' },
  login_password: { es: 'Contraseña', en: 'Password' },
  login_submit: { es: 'Entrar', en: 'Enter' },
  login_no_operators: { es: 'Aún no hay operadores.', en: 'There are no operators yet.' },
  login_setup_link: {
    es: 'Crea el primero con el enlace de un solo uso que el gateway muestra en su consola al iniciar ({link}, válido {minutes} minutos; si venció, reinicia el gateway y mostrará uno nuevo).',
    en: 'Create the first one with the one-time link the gateway prints on its console when it starts ({link}, valid for {minutes} minutes; if it has expired, restart the gateway and it will print a new one).',
  },
  login_first_start: {
    es: 'Crea el primero en el servidor: {command}.',
    en: 'Create the first one on the server: {command}.',
  },
  login_operator_created: {
    es: 'Operador creado. Inicia sesión con tu correo y contraseña.',
    en: 'Operator created. Log in with your e-mail and password.',
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
  error_second_factor_title: { es: 'Falta el segundo factor', en: 'Second factor missing' },
  error_second_factor_body: {
    es: 'Antes de usar el back-office, ingresa el código de tu aplicación de autenticación.',
    en: 'Before using the back-office, enter the code from your authenticator app.',
  },
  error_role_title: { es: 'Sin permiso', en: 'Not allowed' },
  error_role_body: {
    es: 'Tu rol ({role}) no permite esta acción. Pídesela a un administrador o pídele que cambie tu rol.',
    en: 'Your role ({role}) does not allow this. Ask an administrator to do it or to change your role.',
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
  unknown_method: { es: 'medio de pago desconocido: {value}', en: 'unknown payment method: {value}' },
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
  // First operator (the setup link)
  setup_title: { es: 'Crear el primer operador', en: 'Create the first operator' },
  setup_intro: {
    es: 'Este Puente aún no tiene operadores. Crea el primero: podrá entrar al back-office y administrar comercios y pagos. El enlace sirve una sola vez.',
    en: 'This Puente has no operators yet. Create the first one: it can enter the back-office and manage merchants and payments. The link works only once.',
  },
  setup_password_help: { es: 'Al menos {count} caracteres.', en: 'At least {count} characters.' },
  setup_password_again: { es: 'Repite la contraseña', en: 'Repeat the password' },
  setup_submit: { es: 'Crear operador', en: 'Create operator' },
  setup_passwords_differ: { es: 'Las contraseñas no coinciden.', en: 'The passwords do not match.' },
  setup_bad_email: { es: 'Escribe un correo válido.', en: 'Write a valid e-mail address.' },
  setup_short_password: {
    es: 'La contraseña debe tener al menos {count} caracteres.',
    en: 'The password must have at least {count} characters.',
  },
  setup_closed_title: { es: 'Ya hay operadores', en: 'There are operators already' },
  setup_closed_body: {
    es: 'Este enlace solo sirve para crear el primer operador, y ya existe uno. Inicia sesión, o pide a un operador que te cree una cuenta.',
    en: 'This link only creates the first operator, and there is one already. Log in, or ask an operator to create an account for you.',
  },
  setup_expired_title: { es: 'El enlace venció', en: 'The link has expired' },
  setup_expired_body: {
    es: 'El enlace de configuración dura poco. Reinicia el gateway (npm start): al iniciar sin operadores muestra un enlace nuevo en su consola.',
    en: 'The setup link lasts a short time. Restart the gateway (npm start): when it starts without operators it prints a new link on its console.',
  },
  setup_unknown_title: { es: 'Enlace no válido', en: 'Link not valid' },
  setup_unknown_body: {
    es: 'Este enlace no es válido o ya se usó. Usa el último enlace que el gateway mostró en su consola al iniciar: cada inicio reemplaza al anterior.',
    en: 'This link is not valid or has been used. Use the latest link the gateway printed on its console when it started: each start replaces the previous one.',
  },
  // Second factor
  second_factor: { es: 'Segundo factor', en: 'Second factor' },
  second_factor_ask: {
    es: 'Ingresa el código de 6 dígitos que muestra tu aplicación de autenticación para {email}. Si perdiste el teléfono, usa uno de tus códigos de recuperación (sirve una sola vez).',
    en: 'Enter the 6-digit code your authenticator app shows for {email}. If you lost your phone, use one of your recovery codes (each works once).',
  },
  second_factor_code: { es: 'Código', en: 'Code' },
  second_factor_verify: { es: 'Verificar', en: 'Verify' },
  second_factor_cancel: { es: 'Cancelar y salir', en: 'Cancel and log out' },
  second_factor_wrong: { es: 'Código incorrecto o ya usado.', en: 'Wrong or already used code.' },
  enrol_title: { es: 'Activar segundo factor', en: 'Set up a second factor' },
  enrol_qr: {
    es: 'Código QR para la aplicación de autenticación',
    en: 'QR code for the authenticator app',
  },
  enrol_required: {
    es: 'En producción el back-office exige un segundo factor: actívalo para continuar.',
    en: 'In production the back-office requires a second factor: set it up to continue.',
  },
  enrol_optional: {
    es: 'En sandbox el segundo factor es opcional; en producción es obligatorio.',
    en: 'In sandbox the second factor is optional; in production it is required.',
  },
  enrol_scan: {
    es: 'Escanea el código con una aplicación de autenticación (Google Authenticator, Microsoft Authenticator, 1Password, FreeOTP…).',
    en: 'Scan the code with an authenticator app (Google Authenticator, Microsoft Authenticator, 1Password, FreeOTP…).',
  },
  enrol_by_hand: {
    es: '¿No puedes escanear? Ingresa esta clave a mano (tipo «basado en tiempo»):',
    en: 'Cannot scan? Enter this key by hand (type “time-based”):',
  },
  enrol_code: {
    es: 'Código de 6 dígitos que muestra la aplicación',
    en: '6-digit code the app shows',
  },
  enrol_submit: { es: 'Activar', en: 'Set up' },
  enrol_wrong: {
    es: 'Ese código no corresponde. Revisa que la hora del teléfono esté bien y usa el código que se muestra ahora.',
    en: 'That code does not match. Check that the phone’s clock is right and use the code shown now.',
  },
  enrolled_body: {
    es: 'Tu segundo factor está {active}: cada inicio de sesión pide el código de tu aplicación.',
    en: 'Your second factor is {active}: every login asks for the code from your app.',
  },
  enrolled_active: { es: 'activo', en: 'active' },
  enrolled_note: {
    es: 'Si pierdes el teléfono, entra con un código de recuperación. Si ya no te quedan, un administrador puede reiniciar tu segundo factor (o, en el servidor, {command}) y lo activas de nuevo.',
    en: 'If you lose your phone, get in with a recovery code. If you have none left, an administrator can reset your second factor (or, on the server, {command}) and you set it up again.',
  },
  recovery_title: { es: 'Códigos de recuperación', en: 'Recovery codes' },
  recovery_heading: { es: 'Segundo factor activado', en: 'Second factor set up' },
  recovery_body: {
    es: 'Guarda estos {count} códigos de recuperación en un lugar seguro: cada uno sirve {once} en lugar del código de la aplicación, y {never}.',
    en: 'Keep these {count} recovery codes somewhere safe: each works {once} instead of the app’s code, and {never}.',
  },
  recovery_once: { es: 'una sola vez', en: 'only once' },
  recovery_never: { es: 'no se volverán a mostrar', en: 'they will not be shown again' },
  recovery_continue: { es: 'Continuar al panel', en: 'Continue to the dashboard' },
  // Operators
  operators_roles: {
    es: 'Lector: ve todo y no cambia nada. Operador: además reenvía webhooks y cierra pagos en revisión. Administrador: además crea y edita comercios, emite sus tokens, los suspende y administra operadores. Los operadores se crean en el servidor: {command}.',
    en: 'Viewer: sees everything and changes nothing. Operator: also resends webhooks and closes payments under review. Administrator: also creates and edits merchants, issues their tokens, suspends them and manages operators. Operators are created on the server: {command}.',
  },
  operator_state_active: { es: 'Activo', en: 'Active' },
  operator_state_disabled: { es: 'Deshabilitado', en: 'Disabled' },
  second_factor_none: { es: 'Sin configurar', en: 'Not set up' },
  last_login: { es: 'Último ingreso', en: 'Last login' },
  never: { es: 'Nunca', en: 'Never' },
  role: { es: 'Rol', en: 'Role' },
  actions: { es: 'Acciones', en: 'Actions' },
  role_of: { es: 'Rol de {email}', en: 'Role of {email}' },
  change_role: { es: 'Cambiar rol', en: 'Change role' },
  reset_second_factor: { es: 'Reiniciar segundo factor', en: 'Reset second factor' },
  reset_second_factor_of: {
    es: 'Reiniciar segundo factor de {email}',
    en: 'Reset the second factor of {email}',
  },
  operators_reset_note: {
    es: 'Reiniciar el segundo factor cierra las sesiones de ese operador; en su próximo ingreso lo activa de nuevo. Tu propio rol lo cambia otro administrador.',
    en: 'Resetting the second factor ends that operator’s sessions; at the next login they set it up again. Your own role is changed by another administrator.',
  },
  no_such_role: { es: 'Ese rol no existe.', en: 'That role does not exist.' },
  own_role: {
    es: 'Tu propio rol lo cambia otro administrador.',
    en: 'Your own role is changed by another administrator.',
  },
  operator_not_found: {
    es: 'Ningún operador tiene ese correo.',
    en: 'No operator has that e-mail address.',
  },
  // Read replica
  replica_lag: {
    es: 'Datos de la réplica de lectura, con {behind} de retraso: los pagos más recientes pueden no aparecer todavía.',
    en: 'Data from the read replica, {behind} behind: the latest payments may not show yet.',
  },
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
