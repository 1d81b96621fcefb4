import type { OrderStatus } from './order-store.ts';

/** Every text the shop shows, Spanish (es-CL) first, English second. */
export type Language = 'es' | 'en';

export const MESSAGES = {
  es: {
    shop_name: 'Tienda Demo',
    tagline: 'Una tienda de ejemplo que cobra con Puente (sandbox).',
    nav_products: 'Productos',
    nav_orders: 'Pedidos',
    switch_language: 'English',
    view_product: 'Ver producto',
    back_to_products: 'Volver a los productos',
    pay_heading: 'Paga con transferencia desde tu banco',
    sandbox_note:
      'Sandbox: ningún banco real participa. Prueba con «Banco de Pruebas», RUT 11.111.111-1 y clave 1234 (pago exitoso); los demás pagadores de prueba están en docs/sandbox.md.',
    no_script: 'Los botones de pago necesitan JavaScript.',
    orders_title: 'Pedidos',
    orders_empty: 'Aún no hay pedidos.',
    orders_policy:
      'Cada pedido se paga una sola vez: esta tienda tiene activado «un solo pago por orden» en Puente, así que una orden pagada no acepta otro pago.',
    order: 'Pedido',
    product: 'Producto',
    amount: 'Monto',
    bank: 'Banco',
    status: 'Estado',
    updated: 'Actualizado',
    success_title: '¡Gracias por tu compra!',
    success_paid: 'Tu pago fue confirmado. Te enviaremos tu pedido pronto.',
    success_waiting: 'Tu banco aprobó la transferencia. Estamos esperando la confirmación de Puente…',
    stop_refresh: 'Dejar de actualizar sola',
    refresh_now: 'Actualizar',
    cancel_title: 'El pago no se completó',
    cancel_text: 'No se hizo ningún cargo por este pedido. Puedes intentarlo de nuevo con otro banco.',
    try_again: 'Intentar de nuevo',
    invalid_title: 'No pudimos verificar este pago',
    invalid_text: 'El enlace no es válido o fue alterado. Revisa el estado de tu pedido en «Pedidos».',
    not_found_title: 'Página no encontrada',
    checkout_failed: 'No pudimos iniciar el pago. Inténtalo de nuevo en un momento.',
    checkout_invalid: 'Elige un producto y un banco válidos.',
    widget_heading: 'O paga aquí mismo',
    widget_button: 'Pagar sin salir de la tienda',
    widget_failed: 'No pudimos abrir el pago. Inténtalo de nuevo en un momento.',
  },
  en: {
    shop_name: 'Demo Shop',
    tagline: 'A sample shop that takes payments with Puente (sandbox).',
    nav_products: 'Products',
    nav_orders: 'Orders',
    switch_language: 'Español',
    view_product: 'View product',
    back_to_products: 'Back to the products',
    pay_heading: 'Pay by bank transfer',
    sandbox_note:
      "Sandbox: no real bank is involved. Use “Banco de Pruebas” and the simulator's test payers.",
    no_script: 'The payment buttons need JavaScript.',
    orders_title: 'Orders',
    orders_empty: 'No orders yet.',
    orders_policy:
      'Each order is paid once: this shop has “one payment per order” turned on in Puente, so a paid order takes no other payment.',
    order: 'Order',
    product: 'Product',
    amount: 'Amount',
    bank: 'Bank',
    status: 'Status',
    updated: 'Updated',
    success_title: 'Thank you for your purchase!',
    success_paid: 'Your payment is confirmed. We will ship your order soon.',
    success_waiting: 'Your bank approved the transfer. We are waiting for Puente to confirm it…',
    stop_refresh: 'Stop refreshing by itself',
    refresh_now: 'Refresh',
    cancel_title: 'The payment was not completed',
    cancel_text: 'Nothing was charged for this order. You can try again with another bank.',
    try_again: 'Try again',
    invalid_title: 'We could not verify this payment',
    invalid_text: 'The link is not valid or was altered. Check your order under “Orders”.',
    not_found_title: 'Page not found',
    checkout_failed: 'We could not start the payment. Please try again in a moment.',
    checkout_invalid: 'Choose a valid product and bank.',
    widget_heading: 'Or pay right here',
    widget_button: 'Pay without leaving the shop',
    widget_failed: 'We could not open the payment. Please try again in a moment.',
  },
} as const satisfies Record<Language, Record<string, string>>;

export type MessageKey = keyof (typeof MESSAGES)['es'];

export const STATUS_LABELS: Record<Language, Record<OrderStatus, string>> = {
  es: {
    pending: 'Pendiente',
    paid: 'Pagado',
    failed: 'Fallido',
    cancelled: 'Cancelado',
    expired: 'Expirado',
  },
  en: { pending: 'Pending', paid: 'Paid', failed: 'Failed', cancelled: 'Cancelled', expired: 'Expired' },
};

export function languageOf(query: unknown): Language {
  const lang = (query as { lang?: unknown } | null)?.lang;
  return lang === 'en' ? 'en' : 'es';
}
